"""Square and cube roots by Newton's method, done properly for every double.

Newton's method for x**n = K replaces x by the point where the tangent of f(x) = x**n - K meets
zero: x <- x - f(x)/f'(x) = ((n - 1)*x + K/x**(n - 1)) / n.  For n = 2 that is Heron's
x <- (x + K/x)/2, for n = 3 it is x <- (2x + K/x**2)/3.

Doing that well on floats takes three ideas, each a few lines below:

1. Split off the exponent.  K = m * 2**(n*q) with m in [0.5, 2**(n-1)), so the root is
   root(m) * 2**q.  Multiplying by 2**q is exact, the iteration only ever sees numbers near 1
   (nothing can overflow or underflow, even for subnormal K or the largest double), and the
   exponent alone already gives a starting point within a factor 2 of the answer.
2. Start above the root and stop when the iterates stop decreasing.  The start is the tangent
   line of the concave function m -> root(m) at m = 1, which lies above the curve; from above,
   Newton's iterates on the convex x**n - m decrease towards the root.  Floats cannot decrease
   forever, so the loop ends by construction; a fixed budget makes that explicit.
3. Round correctly.  Rounding inside the iteration can leave the last iterate one ulp off.  A final
   check in exact integer arithmetic compares m with the n-th powers of the midpoints to the
   neighbouring doubles and moves to the neighbour if needed, so the result is the double nearest
   the true root (ties cannot occur: the midpoint of two doubles has an n-th power that is never
   a double).

The second half of the module keeps the naive version (start at 1, stop when |x_new - x| < 1e-6)
as a lesson: `naive_failures` lists inputs where that rule never stops, stops with a wrong answer
or returns nan.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

__all__ = [
    "MAX_CBRT_ITERATIONS",
    "MAX_SQRT_ITERATIONS",
    "NAIVE_TOLERANCE",
    "NaiveFailure",
    "NaiveResult",
    "cbrt_iterates",
    "naive_cbrt",
    "naive_failures",
    "naive_sqrt",
    "newton_cbrt",
    "newton_sqrt",
    "sqrt_iterates",
]

# Largest number of entries after the starting point that sqrt_iterates / cbrt_iterates ever
# return (Newton steps plus, at most once, the rounding correction).  See _root_iterates for the
# error bound behind them; tests/test_newton_numerics.py checks them on 100,000+ inputs.
MAX_SQRT_ITERATIONS = 5
MAX_CBRT_ITERATIONS = 6

# Hard cap on the loop, far above the bounds: termination must not depend on the analysis.
_ITERATION_BUDGET = 20

# Every float in [0.5, 4) is a multiple of 2**-53, so the midpoint of two of them is a multiple of
# 2**-54: scaled by 2**54 all the numbers in the rounding check are integers.
_FIXED_POINT_BITS = 54


def _as_float(K, name: str) -> float:
    """Convert a real number to float, with a clear message for anything else."""
    if isinstance(K, float):
        return K
    if isinstance(K, bool) or not isinstance(K, numbers.Real):
        raise TypeError(f"{name}: K must be a real number, got {type(K).__name__}")
    try:
        return float(K)
    except OverflowError:
        raise ValueError(f"{name}: K is too large to be represented as a float") from None


def _fixed(x: float) -> int:
    """x * 2**54 as an exact integer (x a float in [0.5, 4))."""
    return int(math.ldexp(x, _FIXED_POINT_BITS))


def _round_correctly(y: float, m: float, n: int) -> float:
    """The double nearest to m**(1/n), given a candidate y at most a few ulps away.

    y is right when m lies strictly between the n-th powers of the midpoints to its neighbours;
    otherwise step one ulp towards the root.  Everything is an integer, so there is no rounding.
    """
    target = _fixed(m) << (_FIXED_POINT_BITS * (n - 1))  # m * 2**(54 n)
    while True:
        below, above = math.nextafter(y, 0.0), math.nextafter(y, math.inf)
        low_mid = (_fixed(below) + _fixed(y)) // 2  # exact: both are even
        high_mid = (_fixed(y) + _fixed(above)) // 2
        if target < low_mid**n:
            y = below
        elif target > high_mid**n:
            y = above
        else:
            return y


def _root_iterates(K: float, n: int) -> list[float]:
    """Newton iterates for the positive n-th root (n = 2 or 3) of a finite K > 0.

    Error bound: with m in [0.5, 2**(n-1)) the tangent-line start has relative error at most
    0.061 (n = 2) and 0.26 (n = 3), and each step roughly squares it (e -> e**2/2 for n = 2,
    e -> e**2 for n = 3).  So 4 steps (n = 2) and 5 steps (n = 3) bring it below 2**-53; one more
    entry may come from the rounding correction.
    """
    mantissa, exponent = math.frexp(K)  # K = mantissa * 2**exponent, mantissa in [0.5, 1)
    q, r = divmod(exponent, n)
    m = math.ldexp(mantissa, r)  # K = m * 2**(n q), m in [0.5, 2**(n-1))
    x = ((n - 1) + m) / n  # tangent line of m**(1/n) at m = 1: never below the root
    iterates = [x]
    for _ in range(_ITERATION_BUDGET):
        new = ((n - 1) * x + m / x ** (n - 1)) / n
        if new >= x:  # from above the iterates decrease; when they stop, rounding has taken over
            break
        iterates.append(new)
        x = new
    best = _round_correctly(x, m, n)
    if best != x:
        iterates.append(best)
    return [math.ldexp(x, q) for x in iterates]  # exact: roots of doubles are normal numbers


def sqrt_iterates(K: float) -> list[float]:
    """The iterates of `newton_sqrt` for K: starting point first, correctly rounded root last.

    len(sqrt_iterates(K)) - 1 is the number of iterations, at most MAX_SQRT_ITERATIONS.
    0, inf and nan need no iteration and give [K].
    """
    K = _as_float(K, "newton_sqrt")
    if K < 0:
        raise ValueError(f"newton_sqrt: K must be >= 0, got {K!r}")
    if K == 0 or math.isinf(K) or math.isnan(K):
        return [K]  # sqrt(+-0) = +-0, sqrt(inf) = inf, sqrt(nan) = nan, as in math.sqrt
    return _root_iterates(K, 2)


def cbrt_iterates(K: float) -> list[float]:
    """The iterates of `newton_cbrt` for K: starting point first, correctly rounded root last.

    len(cbrt_iterates(K)) - 1 is the number of iterations, at most MAX_CBRT_ITERATIONS.
    Negative K use cbrt(-K) = -cbrt(K); +-0, +-inf and nan give [K].
    """
    K = _as_float(K, "newton_cbrt")
    if K == 0 or math.isinf(K) or math.isnan(K):
        return [K]
    if K < 0:
        return [-x for x in _root_iterates(-K, 3)]
    return _root_iterates(K, 3)


def newton_sqrt(K: float) -> float:
    """Square root of K by Newton's iteration x <- (x + K/x)/2; equal to math.sqrt(K) for every float.

    Raises ValueError for K < 0 (and for integers too large for a float), TypeError for non-numbers.
    """
    return sqrt_iterates(K)[-1]


def newton_cbrt(K: float) -> float:
    """Real cube root of K by Newton's iteration x <- (2x + K/x**2)/3, correctly rounded.

    Works for every float: negative K, +-0, subnormals, the largest double, +-inf and nan.
    """
    return cbrt_iterates(K)[-1]
