"""Forward-mode automatic differentiation with dual numbers, and what it costs next to reverse mode.

A dual number a + a'e with e*e = 0 carries a value and a derivative at once: f(a + a'e) = f(a) + f'(a) a' e,
so pushing (x_i, 1) through f, with every other input carrying derivative 0, yields df/dx_i in one pass.
A gradient of n inputs therefore takes n passes; reverse mode (`autograd.Value`) takes one backward pass
per output, whatever n is. The local derivatives are the same ones the reverse engine uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real

from derive.numerics.autograd import (
    Value,
    count_operations,
    exp_with_slope,
    log_with_slope,
    power_with_slope,
    relu_with_slope,
    sigmoid_with_slope,
    tanh_with_slope,
)


def _real(x, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} must be a real number, got {type(x).__name__}")
    return float(x)


class Dual:
    """A number value + derivative*e with e**2 = 0: arithmetic on it applies the chain rule as it goes."""

    __slots__ = ("value", "derivative")

    def __init__(self, value, derivative=0.0):
        self.value = _real(value, "Dual value")
        self.derivative = _real(derivative, "Dual derivative")

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, derivative={self.derivative!r})"

    # primitives: (a + a'e)(b + b'e) = ab + (a'b + ab')e, and f(a + a'e) = f(a) + f'(a)a'e -----------

    def __add__(self, other) -> Dual:
        other = _as_dual(other)
        return Dual(self.value + other.value, self.derivative + other.derivative)

    def __mul__(self, other) -> Dual:
        other = _as_dual(other)
        return Dual(self.value * other.value, self.derivative * other.value + self.value * other.derivative)

    def __pow__(self, exponent) -> Dual:
        if isinstance(exponent, Dual):
            raise TypeError("the exponent must be a constant number, not a Dual (use exp(b * log(a)))")
        return self._apply(power_with_slope(self.value, exponent))

    def _apply(self, value_and_slope: tuple[float, float]) -> Dual:
        value, slope = value_and_slope
        return Dual(value, slope * self.derivative)

    def exp(self) -> Dual:
        return self._apply(exp_with_slope(self.value))

    def log(self) -> Dual:
        return self._apply(log_with_slope(self.value))

    def tanh(self) -> Dual:
        return self._apply(tanh_with_slope(self.value))

    def sigmoid(self) -> Dual:
        return self._apply(sigmoid_with_slope(self.value))

    def relu(self) -> Dual:
        return self._apply(relu_with_slope(self.value))

    # derived, composed exactly as in the reverse engine, so both modes evaluate the same operations ----

    def __neg__(self) -> Dual:
        return self * -1.0

    def __sub__(self, other) -> Dual:
        return self + (-_as_dual(other))

    def __truediv__(self, other) -> Dual:
        other = _as_dual(other)
        if other.value == 0:
            raise ValueError("division by a Dual whose value is 0")
        return self * other**-1

    def __radd__(self, other) -> Dual:
        return _as_dual(other) + self

    def __rmul__(self, other) -> Dual:
        return _as_dual(other) * self

    def __rsub__(self, other) -> Dual:
        return _as_dual(other) - self

    def __rtruediv__(self, other) -> Dual:
        return _as_dual(other) / self


def _as_dual(x) -> Dual:
    # A constant has derivative 0: it does not move when the input does.
    return x if isinstance(x, Dual) else Dual(_real(x, "an operand of a Dual"))


def _point(f, xs) -> list[float]:
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if isinstance(xs, (str, bytes)) or not isinstance(xs, Sequence):
        raise TypeError(f"xs must be a sequence of numbers, got {type(xs).__name__}")
    if len(xs) == 0:
        raise ValueError("xs must hold at least one input")
    return [_real(x, f"xs[{i}]") for i, x in enumerate(xs)]


def _check_output(out, kind: type) -> bool:
    # A function that ignores its inputs may return a plain number: its gradient is 0.
    if isinstance(out, kind):
        return True
    if isinstance(out, Real) and not isinstance(out, bool):
        return False
    raise TypeError(f"f must return a scalar {kind.__name__} or a number, got {type(out).__name__}")


def forward_gradient(f: Callable, xs: Sequence[float]) -> list[float]:
    """Return the gradient of f at xs by forward mode: one pass of dual numbers per input."""
    point = _point(f, xs)
    gradient = []
    for i in range(len(point)):
        seeded = [Dual(x, 1.0 if j == i else 0.0) for j, x in enumerate(point)]  # direction: unit vector i
        out = f(seeded)
        gradient.append(out.derivative if _check_output(out, Dual) else 0.0)
    return gradient


def reverse_gradient(f: Callable, xs: Sequence[float]) -> list[float]:
    """Return the gradient of f at xs by reverse mode: one recorded evaluation, one backward pass."""
    leaves = [Value(x) for x in _point(f, xs)]
    out = f(leaves)
    if not _check_output(out, Value):
        return [0.0] * len(leaves)
    out.backward()
    return [leaf.grad for leaf in leaves]


@dataclass(frozen=True)
class GradientCost:
    """The passes and node operations forward and reverse mode spend on one gradient of a scalar f."""

    n_inputs: int
    operations_per_evaluation: int  # primitive operations in one evaluation of f
    edges: int  # parent links in f's graph: the multiply-adds of one backward sweep
    forward_mode_passes: int  # one per input
    forward_mode_operations: int  # every pass pushes a dual number through every operation
    reverse_mode_backward_passes: int  # one per output: f is scalar, so 1
    reverse_mode_operations: int  # one recorded evaluation plus one sweep over the edges


def gradient_costs(f: Callable, xs: Sequence[float]) -> GradientCost:
    """Count what a gradient of the scalar f at xs costs by forward mode (n passes) and reverse mode (1)."""
    point = _point(f, xs)
    out = f([Value(x) for x in point])
    size = count_operations(out) if _check_output(out, Value) else None
    operations, edges = (size.operations, size.edges) if size else (0, 0)
    n = len(point)
    return GradientCost(n, operations, edges, n, n * operations, 1, operations + edges)
