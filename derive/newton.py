"""Square and cube roots by Newton's method, done properly for every double.

Newton's method for x**n = K replaces x by the point where the tangent of f(x) = x**n - K meets
zero: x <- x - f(x)/f'(x) = ((n - 1)*x + K/x**(n - 1)) / n.  For n = 2 that is Heron's
x <- (x + K/x)/2, for n = 3 it is x <- (2x + K/x**2)/3.

Doing that well on floats takes three ideas, each a few lines below:

1. Split off the exponent.  K = m * 2**(n*q) with m in [0.5, 2**(n-1)), so the root is
   root(m) * 2**q.  Multiplying by 2**q is exact, the iteration only ever sees numbers near 1
   (nothing can overflow or underflow, even for subnormal K or the largest double), and the
   exponent alone gives the scale 2**q of the answer.
2. Start above the root and stop when the iterates stop decreasing.  The start is the tangent
   line of the concave function m -> root(m) at m = 1, which lies above the curve (and
   within 6 % of the root for sqrt, 26 % for cbrt); from above,
   Newton's iterates on the convex x**n - m decrease towards the root.  Floats cannot decrease
   forever, so the loop ends by construction; a fixed budget makes that explicit.
3. Round correctly.  Rounding inside the iteration can leave the last iterate one ulp off.  A final
   check in exact integer arithmetic compares m with the n-th powers of the midpoints to the
   neighbouring doubles and moves to the neighbour if needed, so the result is the double nearest
   the true root (ties cannot occur: a midpoint between two doubles needs 54 significant bits
   and ends in a 1 bit, so its n-th power is never a double).

The second half of the module keeps the naive version (start at 1, stop when |x_new - x| < 1e-6)
as a lesson: `naive_failures` lists inputs where that rule stops with a wrong answer, never stops,
divides by zero or crawls.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

__all__ = [
    "MAX_CBRT_ITERATIONS",
    "MAX_SQRT_ITERATIONS",
    "NAIVE_TOLERANCE",
    "NAIVE_FAILURE_WHY",
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


# --- The naive version, as a lesson -----------------------------------------------------------
#
# A common textbook/blog recipe: start at x = 1, apply x <- x - f(x)/f'(x) (simplified to the
# Heron forms above) until |x_new - x| < 1e-6.  The rule is ABSOLUTE, the start ignores the size
# of K and nothing caps the loop.  We add the cap only so that we can watch it fail.

NAIVE_TOLERANCE = 1e-6


class NaiveResult(NamedTuple):
    """Outcome of the naive loop: last iterate, number of steps, whether |dx| < tolerance held."""

    value: float
    iterations: int
    converged: bool


def _naive(step, K: float, max_iterations: int, tolerance: float) -> NaiveResult:
    """Iterate x <- step(x, K) from x = 1 until |x_new - x| < tolerance, at most max_iterations."""
    x = 1.0
    for i in range(1, max_iterations + 1):
        try:
            new = step(x, K)
        except ZeroDivisionError:  # f'(x) = 0: no tangent to follow (C would produce inf/nan)
            return NaiveResult(math.nan, i, False)
        if abs(new - x) < tolerance:
            return NaiveResult(new, i, True)
        x = new
    return NaiveResult(x, max_iterations, False)


def naive_sqrt(
    K: float, max_iterations: int = 1000, tolerance: float = NAIVE_TOLERANCE
) -> NaiveResult:
    """Naive square root: x = 1, x <- (x + K/x)/2 until |x_new - x| < tolerance (or the cap)."""
    return _naive(lambda x, K: (x + K / x) / 2, K, max_iterations, tolerance)


def naive_cbrt(
    K: float, max_iterations: int = 1000, tolerance: float = NAIVE_TOLERANCE
) -> NaiveResult:
    """Naive cube root: x = 1, x <- (2x + K/x**2)/3 until |x_new - x| < tolerance (or the cap)."""
    return _naive(lambda x, K: (2 * x + K / (x * x)) / 3, K, max_iterations, tolerance)


class NaiveFailure(NamedTuple):
    """One row of `naive_failures`."""

    kind: str
    root: str  # "sqrt" or "cbrt"
    K: float
    value: float
    iterations: int
    converged: bool
    correct: float
    relative_error: float


# Why each kind of failure happens, one line each (shown next to the table on the page).
NAIVE_FAILURE_WHY = {
    "wrong answer": "for tiny K every step is smaller than 1e-6 long before x is near the root, "
    "so the absolute rule stops while the relative error is huge",
    "cycles forever": "for large K one ulp of the root exceeds 1e-6, so iterates that cycle "
    "between two neighbouring doubles never move less than 1e-6 (even when one of them is right)",
    "no real root": "x**2 = K < 0 has no real solution and every step is at least sqrt(|K|) long, "
    "so the iterates wander forever",
    "division by zero": "an iterate lands exactly on x = 0, where f'(x) = 0 and K/x is undefined",
    "nan forever": "K = inf or nan makes an iterate nan; nan - nan is nan, and nan < 1e-6 is "
    "false, so the loop never stops",
    "slow": "from x = 1 a huge K is approached by shrinking x by 1/2 (sqrt) or 2/3 (cbrt) per "
    "step, hundreds of steps before Newton's fast convergence starts",
}

# Inputs found by running the loop; tests/test_newton_numerics.py checks that each row really shows
# its failure.  In a search over 60,000 random K in [1e14, 1e308] the sqrt loop always ended on an
# exact fixed point, so only the cube root has a "cycles forever" row (K = 1e61).
_NAIVE_CASES = [
    ("wrong answer", "sqrt", 1e-12),
    ("wrong answer", "sqrt", 1e-20),
    ("wrong answer", "cbrt", 1e-20),
    ("wrong answer", "cbrt", 0.0),
    ("cycles forever", "cbrt", 1e61),
    ("no real root", "sqrt", -2.0),
    ("division by zero", "sqrt", -1.0),
    ("division by zero", "cbrt", -2.0),
    ("nan forever", "sqrt", math.inf),
    ("nan forever", "cbrt", math.nan),
    ("slow", "sqrt", 1e300),
    ("slow", "cbrt", 1e300),
]


def _relative_error(value: float, correct: float) -> float:
    if value == correct:
        return 0.0
    if correct == 0:
        return math.inf
    return abs(value - correct) / abs(correct)  # nan when either side is nan


def naive_failures(max_iterations: int = 1000) -> list[NaiveFailure]:
    """Run the naive loop on inputs that show each way the absolute stopping rule fails.

    `correct` is math.sqrt(K) (nan for K < 0: no real root) or the correctly rounded newton_cbrt(K).
    """
    rows = []
    for kind, root, K in _NAIVE_CASES:
        if root == "sqrt":
            result = naive_sqrt(K, max_iterations)
            correct = math.sqrt(K) if not K < 0 else math.nan
        else:
            result = naive_cbrt(K, max_iterations)
            correct = newton_cbrt(K)
        error = _relative_error(result.value, correct)
        rows.append(NaiveFailure(kind, root, K, *result, correct, error))
    return rows
