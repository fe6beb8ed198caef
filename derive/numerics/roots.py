"""Square and cube roots by Newton's iteration, correctly rounded for every double.

The iteration x <- ((n-1) x + K / x^(n-1)) / n is derived in derive/chapters/newton; here it runs on
the mantissa only (the exponent is handled exactly), from a start close enough that a fixed, small
number of steps always suffices, and ends with an exact integer rounding check.
"""

from __future__ import annotations

import math
import numbers

# Largest number of iterations (entries after the starting point) that sqrt_iterates and
# cbrt_iterates ever return: Newton steps plus one for the rounding correction.  The error bound in
# _root_iterates says 4 (sqrt) and 5 (cbrt) Newton steps reach the last ulp; near the root rounding
# can add one more 1-ulp step for cbrt.  Measured over 10**6 random mantissas per root (the count
# depends on the mantissa only), with no cap: at most 4 and 6 Newton steps, ending within 1 ulp.
# The loop is capped at MAX - 1 Newton steps, so the bound holds by construction, and the exact
# rounding check would fix the result even if the cap were ever reached early.
MAX_SQRT_ITERATIONS = 5
MAX_CBRT_ITERATIONS = 7
_MAX_ITERATIONS = {2: MAX_SQRT_ITERATIONS, 3: MAX_CBRT_ITERATIONS}

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
    Each step moves towards the true root, so the loop ends (in practice after at most one step).
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
    x = ((n - 1) + m) / n  # tangent line of m**(1/n) at m = 1: not below the root (up to rounding)
    iterates = [x]
    for _ in range(_MAX_ITERATIONS[n] - 1):  # one iteration is kept for the rounding correction
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
    """Square root of K by Newton's iteration x <- (x + K/x)/2; equals math.sqrt(K) for every float.

    Raises ValueError for K < 0 (and for numbers too large for a float), TypeError for non-numbers.
    """
    return sqrt_iterates(K)[-1]


def newton_cbrt(K: float) -> float:
    """Real cube root of K by Newton's iteration x <- (2x + K/x**2)/3, correctly rounded.

    Works for every float: negative K, +-0, subnormals, the largest double, +-inf and nan.
    """
    return cbrt_iterates(K)[-1]
