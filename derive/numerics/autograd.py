"""Reverse-mode automatic differentiation on scalars, small enough to read in one sitting.

Every `Value` remembers the values it was computed from (its parents) and, for each parent, the local
derivative d(self)/d(parent). That pair *is* the backward rule of a primitive: during `backward()` each node
hands `local * upstream` to each parent. So each primitive below computes its forward value and its local
derivatives in the same few lines, and `backward()` is a topological sort followed by one loop.

Only eight operations are primitives (add, mul, pow with a constant exponent, exp, log, tanh, sigmoid,
relu); negation, subtraction and division are built from them, so they need no backward rule of their own.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from numbers import Real

# Each primitive's local derivative is proved by one derivation (registered elsewhere under these names).
LOCAL_DERIVATIVES = {
    "add": "sum_rule",
    "mul": "product_rule",
    "pow": "power_rule",
    "exp": "exp_derivative",
    "log": "log_derivative",
    "tanh": "tanh_derivative",
    "sigmoid": "sigmoid_derivative",
    "relu": "relu_derivative",
}


def _real(x, what: str) -> float:
    # bool is an int in Python, but True + x is almost always a bug, so it is refused.
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} must be a real number, got {type(x).__name__}")
    return float(x)


def _pow_or_inf(x: float, p: float) -> float:
    # Python's float ** raises OverflowError where IEEE arithmetic (and float *) gives +-inf: keep IEEE's answer.
    try:
        return x**p
    except OverflowError:
        odd = float(p).is_integer() and int(p) % 2 == 1
        return -math.inf if (x < 0 and odd) else math.inf


# --- the scalar rules: value and local derivative (slope) together; dual numbers reuse them -------------


def power_with_slope(x: float, p: float) -> tuple[float, float]:
    """Return x**p and its derivative p*x**(p-1) for a constant exponent p."""
    p = _real(p, "the exponent")
    if x < 0 and not p.is_integer():
        raise ValueError(f"x**p with x < 0 needs an integer exponent, got x={x!r}, p={p!r}")
    if x == 0 and p < 0:
        raise ValueError(f"0 cannot be raised to the negative power {p!r}")
    if p == 0:
        return 1.0, 0.0
    if x == 0:  # the slope at 0 is 0 for p > 1, 1 for p = 1, and infinite for 0 < p < 1
        return 0.0, (0.0 if p > 1 else 1.0 if p == 1 else math.inf)
    return _pow_or_inf(x, p), p * _pow_or_inf(x, p - 1)


def exp_with_slope(x: float) -> tuple[float, float]:
    """Return exp(x) twice: exp is its own derivative (inf, not OverflowError, above about 709.78)."""
    try:
        e = math.exp(x)
    except OverflowError:
        e = math.inf
    return e, e


def log_with_slope(x: float) -> tuple[float, float]:
    """Return log(x) and 1/x; raise ValueError unless x > 0."""
    if not x > 0:
        raise ValueError(f"log needs a positive argument, got {x!r}")
    return math.log(x), 1.0 / x


def tanh_with_slope(x: float) -> tuple[float, float]:
    """Return tanh(x) and 1 - tanh(x)**2, the latter computed as 4e/(1+e)**2 with e = exp(-2|x|)."""
    # 1 - t*t cancels to 0 once |x| > 19 (t rounds to 1); the exp(-2|x|) form keeps full relative accuracy
    # and never overflows because its argument is never positive.
    e = math.exp(-2.0 * abs(x))
    return math.tanh(x), 4.0 * e / (1.0 + e) ** 2


def sigmoid_with_slope(x: float) -> tuple[float, float]:
    """Return sigmoid(x) and sigmoid(x)*(1 - sigmoid(x)), via e = exp(-|x|) so exp never overflows."""
    # For x < 0 the textbook 1/(1+exp(-x)) would evaluate exp of a large positive number; instead both
    # branches use e = exp(-|x|) <= 1. The slope sigma(x)*sigma(-x) = e/(1+e)**2 avoids the cancellation
    # in 1 - sigma(x), which is exactly 0 in float64 once x > 37 although the true slope is not.
    e = math.exp(-abs(x))
    value = 1.0 / (1.0 + e) if x >= 0 else e / (1.0 + e)
    return value, e / (1.0 + e) ** 2


def relu_with_slope(x: float) -> tuple[float, float]:
    """Return max(x, 0) and its derivative, taken as 0 at x = 0 (PyTorch's convention)."""
    if math.isnan(x):
        return x, x
    return (x, 1.0) if x > 0 else (0.0, 0.0)


# --- the engine ------------------------------------------------------------------------------------------


class Value:
    """A scalar in a computation graph: data, grad, parents and the local derivative toward each parent."""

    __slots__ = ("data", "grad", "parents", "local_grads", "op")

    def __init__(self, data, parents: tuple = (), local_grads: tuple = (), op: str = "leaf"):
        self.data = _real(data, "Value data")
        if len(parents) != len(local_grads):
            raise ValueError(f"{len(parents)} parents but {len(local_grads)} local derivatives")
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(local_grads)
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # primitives: forward value and local derivative side by side --------------------------------------

    def __add__(self, other) -> Value:
        other = _as_value(other)
        # sum rule: d(a+b)/da = 1, d(a+b)/db = 1
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "add")

    def __mul__(self, other) -> Value:
        other = _as_value(other)
        # product rule: d(ab)/da = b, d(ab)/db = a
        return Value(self.data * other.data, (self, other), (other.data, self.data), "mul")

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("the exponent must be a constant number, not a Value (use exp(b * log(a)))")
        value, slope = power_with_slope(self.data, exponent)  # power rule: d(a**p)/da = p a**(p-1)
        return Value(value, (self,), (slope,), "pow")

    def exp(self) -> Value:
        value, slope = exp_with_slope(self.data)  # d exp(a)/da = exp(a)
        return Value(value, (self,), (slope,), "exp")

    def log(self) -> Value:
        value, slope = log_with_slope(self.data)  # d log(a)/da = 1/a
        return Value(value, (self,), (slope,), "log")

    def tanh(self) -> Value:
        value, slope = tanh_with_slope(self.data)  # d tanh(a)/da = 1 - tanh(a)**2
        return Value(value, (self,), (slope,), "tanh")

    def sigmoid(self) -> Value:
        value, slope = sigmoid_with_slope(self.data)  # d sigma(a)/da = sigma(a)(1 - sigma(a))
        return Value(value, (self,), (slope,), "sigmoid")

    def relu(self) -> Value:
        value, slope = relu_with_slope(self.data)  # d relu(a)/da = 1 if a > 0 else 0
        return Value(value, (self,), (slope,), "relu")

    # derived operations: compositions of primitives, so the chain rule does their backward pass -------

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other) -> Value:
        return self + (-_as_value(other))

    def __truediv__(self, other) -> Value:
        other = _as_value(other)
        if other.data == 0:
            raise ValueError("division by a Value equal to 0")
        return self * other**-1

    def __radd__(self, other) -> Value:
        return _as_value(other) + self

    def __rmul__(self, other) -> Value:
        return _as_value(other) * self

    def __rsub__(self, other) -> Value:
        return _as_value(other) - self

    def __rtruediv__(self, other) -> Value:
        return _as_value(other) / self

    # reverse sweep ----------------------------------------------------------------------------------

    def backward(self) -> None:
        """Set every node's grad to d(self)/d(node): topological order, then one loop from self backwards."""
        order = topological_order(self)
        for node in order:  # each call starts afresh, so calling it twice gives the same gradients
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # a node's grad is complete before it is passed on to its parents
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                # +=, not =: a node used k times receives k contributions, and the chain rule sums them.
                parent.grad += local * node.grad


def _as_value(x) -> Value:
    return x if isinstance(x, Value) else Value(_real(x, "an operand of a Value"))


def topological_order(root: Value) -> list[Value]:
    """Return the nodes of root's graph, each after all of its parents (iterative, so depth is unlimited)."""
    if not isinstance(root, Value):
        raise TypeError(f"topological_order needs a Value, got {type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents if parent not in seen)
    return order


@dataclass(frozen=True)
class GraphSize:
    """How big a computation graph is: the unit of cost of one forward or one backward pass."""

    nodes: int  # every Value, leaves included
    leaves: int  # inputs and constants
    operations: int  # primitive operations = nodes that have parents
    edges: int  # parent links = multiply-adds of one backward sweep
    by_op: dict  # operations per primitive name


def count_operations(root: Value) -> GraphSize:
    """Count the nodes, leaves, primitive operations and edges of the graph that produced root."""
    order = topological_order(root)
    ops = Counter(node.op for node in order if node.parents)
    leaves = sum(1 for node in order if not node.parents)
    edges = sum(len(node.parents) for node in order)
    return GraphSize(len(order), leaves, len(order) - leaves, edges, dict(sorted(ops.items())))
