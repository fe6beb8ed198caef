"""The Newton page's experiments: correct digits per iteration, and Newton against gradient descent.

Pure functions over derive.numerics and the derivations; nothing runs at import time. Both methods run
in the project's one loop (derive.numerics.descent.descend): gradient descent as gradient_descent_step,
Newton's method as a step that applies the last line of its derivation.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from derive.chapters.newton.derivations_hessian import (
    CUBIC,
    QUARTIC,
    gradient,
    newton_step_cubic,
    newton_step_quartic,
    newton_update,
    px,
    py,
)
from derive.numerics.descent import descend, gradient_descent_step
from derive.numerics.floats import correct_digits
from derive.numerics.roots import sqrt_iterates

DIGITS_K = (2.0, 5e6, 5e-7)  # the inputs of the correct-digits figure: none has an exact root
SEED_START_K = 5e6  # the page's example of a slow start from x = 1

# Seed 000, §1.8.1 and §1.8.3, with the source's starts, learning rates and numbers of steps.
QUARTIC_START = (20.0, 30.0)
QUARTIC_LEARNING_RATE = 1e-4
QUARTIC_STEPS = 20  # for both methods
CUBIC_START = (40.0, 50.0)
CUBIC_LEARNING_RATE = 0.0017
CUBIC_NEWTON_STEPS = 100
CUBIC_GD_STEPS = 50
EXAMPLES = {"quartic": (QUARTIC, newton_step_quartic), "cubic": (CUBIC, newton_step_cubic)}

# A non-convex function of one variable with two minima (x = ±1) and a maximum (x = 0): Newton's
# method finds a minimum from a good start, and the maximum from a start where f'' < 0.
DOUBLE_WELL = px**4 / 4 - px**2 / 2
DOUBLE_WELL_STARTS = (2.0, 0.3)
DOUBLE_WELL_STEPS = 100  # far more than needed: at a fixed point further steps change nothing


# ---------------------------------------------------------------- correct digits


def digits_from_one(K: float, steps: int, dps: int = 80) -> list[float]:
    """Correct digits of x_0 = 1 (the source's start) and the next `steps` Newton iterates for sqrt(K),
    in exact (mpmath, dps digits) arithmetic: what the iteration does when rounding plays no part."""
    with mpmath.workdps(dps):
        K_ = mpmath.mpf(K)
        exact, xv = mpmath.sqrt(K_), mpmath.mpf(1)
        digits = []
        for _ in range(steps + 1):
            error = abs(xv / exact - 1)
            digits.append(float(-mpmath.log10(error)) if error else math.inf)
            xv = (xv + K_ / xv) / 2
    return digits


def digits_of_newton_sqrt(K: float) -> list[float]:
    """Correct digits of each iterate of newton_sqrt(K), in double precision, starting point first."""
    with mpmath.workdps(60):
        exact = mpmath.sqrt(mpmath.mpf(K))
    return [correct_digits(v, exact) for v in sqrt_iterates(K)]


# ---------------------------------------------------------------- Newton against gradient descent


def newton_step(params: np.ndarray, grad: np.ndarray, state: dict, update):
    """Newton's method as a step for `descend`: the point `update` maps params to (the gradient is in it)."""
    return np.asarray(update(*params), dtype=params.dtype), state


def _numpy(expr):
    return sp.lambdify((px, py), expr, "numpy")


def newton_path(example: str, start, steps: int) -> np.ndarray:
    """Newton's iterates from start on 'quartic' or 'cubic': a (steps + 1, 2) array."""
    fxy, d = EXAMPLES[example]
    update = _numpy(list(d.final))  # the last line of the derivation, as NumPy code
    grad = _numpy(list(gradient(fxy)))
    path, _ = descend(lambda p: np.asarray(grad(*p)), start, functools.partial(newton_step, update=update), steps)
    return path


def gradient_descent_path(example: str, start, learning_rate: float, steps: int) -> np.ndarray:
    """Gradient descent from start, x <- x - learning_rate * ∇f(x): a (steps + 1, 2) array."""
    grad = _numpy(list(gradient(EXAMPLES[example][0])))
    step = functools.partial(gradient_descent_step, lr=learning_rate)
    path, _ = descend(lambda p: np.asarray(grad(*p)), start, step, steps)
    return path


def example_function(example: str):
    """The example's f(x, y) as a NumPy function (for contour plots)."""
    return _numpy(EXAMPLES[example][0])


def example_value(example: str, point) -> float:
    return float(sp.lambdify((px, py), EXAMPLES[example][0], "math")(*point))


def _frozen(*arrays):
    for a in arrays:
        a.setflags(write=False)  # cached: nobody may change what the next caller gets
    return arrays


@functools.lru_cache(maxsize=None)
def quartic_paths():
    """(Newton, gradient descent) on 10x⁴ + y⁴ with the source's settings."""
    return _frozen(
        newton_path("quartic", QUARTIC_START, QUARTIC_STEPS),
        gradient_descent_path("quartic", QUARTIC_START, QUARTIC_LEARNING_RATE, QUARTIC_STEPS),
    )


@functools.lru_cache(maxsize=None)
def cubic_paths():
    """(Newton, gradient descent) on 5x³ + y³ with the source's settings."""
    return _frozen(
        newton_path("cubic", CUBIC_START, CUBIC_NEWTON_STEPS),
        gradient_descent_path("cubic", CUBIC_START, CUBIC_LEARNING_RATE, CUBIC_GD_STEPS),
    )


def double_well_end(start: float, steps: int = DOUBLE_WELL_STEPS) -> float:
    """Newton's extremum step x - f'/f'' on DOUBLE_WELL from start, run until it has settled."""
    update = sp.lambdify(px, [sp.simplify(px - sp.diff(DOUBLE_WELL, px) / sp.diff(DOUBLE_WELL, px, 2))], "numpy")
    slope = sp.lambdify(px, sp.diff(DOUBLE_WELL, px), "numpy")
    path, _ = descend(
        lambda p: np.asarray(slope(p), dtype=p.dtype), [start], functools.partial(newton_step, update=update), steps
    )
    return float(path[-1][0]) + 0.0  # -0.0 -> 0.0


def double_well_curvature(at: float) -> float:
    return float(sp.diff(DOUBLE_WELL, px, 2).subs(px, at))


def quadratic_one_step(start=QUARTIC_START) -> tuple[float, float]:
    """One Newton step on 10x² + y² (a quadratic) from the quartic's start: it lands on the minimum."""
    update = newton_update(10 * px**2 + py**2).subs({px: start[0], py: start[1]})
    return tuple(float(v) for v in update)


# ---------------------------------------------------------------- printing numbers in page maths


def tex_number(v: float) -> str:
    """A number as a page's maths writes it: 4196720, -2, 0.0017, 10^{-4}, 5 \\cdot 10^{6}."""
    if v == int(v) and abs(v) < 1e7 and (abs(v) < 1e5 or v % 1000):  # 4196720 stays, 5e6 becomes 5·10⁶
        return str(int(v))
    mantissa, exponent = f"{v:e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    exponent = int(exponent)
    if -3 <= exponent < 0:
        return f"{v:g}"
    power = f"10^{{{exponent}}}"
    return power if mantissa == "1" else f"{mantissa} \\cdot {power}"
