"""The source's root loops, replayed as a lesson (seed 000, §1.9), and the inputs on which they fail.

Written in our own code: the same arithmetic in the same order as the source, so the same doubles come
out, plus an iteration cap and a check that notices a repeated x (which proves the loop never ends).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from derive.numerics.roots import newton_cbrt

# Seed 000 (§1.9) computes roots like this: start at 1 and apply the Newton step while the residual
# |x**n - K| is larger than 1e-9. The rule is ABSOLUTE (it ignores the size of K and of the spacing
# of doubles near K), the start ignores K, and nothing bounds the loop. `naive_sqrt` and `naive_cbrt`
# do exactly the same arithmetic, in the same order, so they return the same doubles; they add an
# iteration cap and notice when x comes back to a value it had before. The loop's whole state is x,
# so a repeated x without the stopping test met proves that the original loop never ends.

SEED_START = 1
SEED_TOLERANCE = 1e-9
SEED_MAX_ITERATIONS = 10_000  # 1139 steps are the most a finite input needs below (cube root of 1e300)


class NaiveResult(NamedTuple):
    """What the source's loop does with one input."""

    value: float  # x when the loop ended, or when it was cut off (nan after a ZeroDivisionError)
    iterations: int  # Newton steps taken (attempted, for a ZeroDivisionError)
    stopped: bool  # the stopping test was met: the source's function returns `value`
    stuck: bool  # x repeated without the test being met: the source's function never returns
    error: str  # "ZeroDivisionError" when the source's function raises, else ""


def _seed_loop(residual, step, K, max_iterations: int) -> NaiveResult:
    x = SEED_START  # an int, as in the source; the first step makes it a float (ints convert exactly)
    seen = set()
    for i in range(max_iterations + 1):
        if not abs(residual(x, K)) > SEED_TOLERANCE:  # `not >`: a nan residual stops the loop, as in the source
            return NaiveResult(x, i, True, False, "")
        if x in seen:
            return NaiveResult(x, i, False, True, "")
        if i == max_iterations:
            return NaiveResult(x, i, False, False, "")
        seen.add(x)
        try:
            x = step(x, K)
        except ZeroDivisionError:
            return NaiveResult(math.nan, i + 1, False, False, "ZeroDivisionError")
    raise AssertionError("unreachable")


def naive_sqrt(K: float, max_iterations: int = SEED_MAX_ITERATIONS) -> NaiveResult:
    """The source's square root: x = 1; while |x*x - K| > 1e-9: x = (x + K/x)/2."""
    return _seed_loop(lambda x, K: x * x - K, lambda x, K: (x + K / x) / 2, K, max_iterations)


def naive_cbrt(K: float, max_iterations: int = SEED_MAX_ITERATIONS) -> NaiveResult:
    """The source's cube root: x = 1; while |x*x*x - K| > 1e-9: x = (2*x + K/(x*x))/3."""
    return _seed_loop(lambda x, K: x * x * x - K, lambda x, K: (2 * x + K / (x * x)) / 3, K, max_iterations)


class NaiveFailure(NamedTuple):
    """One row of `naive_failures`."""

    kind: str  # a key of NAIVE_FAILURE_WHY
    root: str  # "sqrt" or "cbrt"
    K: float
    value: float
    iterations: int
    stopped: bool
    stuck: bool
    error: str
    correct: float  # the correctly rounded real root (nan when there is none)
    relative_error: float


# Why each kind of failure happens (the page explains the same in both languages).
NAIVE_FAILURE_WHY = {
    "never stops": "near K = 4e6 (sqrt) or 2e6 (cbrt) the doubles around K are about 1e-9 apart, and "
    "|x*x - K| is a whole number of those spacings: the test passes only at one or two doubles, and "
    "rounding in the update can settle the iterates on a fixed point beside them; for larger K no "
    "double passes at all (K = 2e16); for K < 0 the residual is at least |K|",
    "wrong answer": "for K below about 1e-9 the test |x*x - K| <= 1e-9 holds as soon as x*x <= K + 1e-9, "
    "whatever the root is: the loop stops near sqrt(1e-9) (or cbrt(1e-9)); for K = nan the first "
    "test is false and the function returns its start, 1",
    "division by zero": "an iterate lands exactly on x = 0, where f'(x) = 0: K/x raises",
    "slow": "from x = 1 a huge K is approached by halving x (sqrt) or keeping 2/3 of it (cbrt) at "
    "every step, hundreds of steps before the quadratic convergence starts",
}

# Inputs found by running the loop (tests/numerics/test_roots.py checks that every row shows its
# kind). 4196720 and 2108258 are the smallest positive integers for which the loops never stop
# (tests/chapters/test_newton.py scans every integer below them).
NAIVE_CASES = (
    ("never stops", "sqrt", 4196720.0),
    ("never stops", "sqrt", 2e16),
    ("never stops", "cbrt", 2108258.0),
    ("never stops", "sqrt", -2.0),
    ("wrong answer", "sqrt", 0.0),
    ("wrong answer", "sqrt", 1e-12),
    ("wrong answer", "cbrt", 1e-12),
    ("wrong answer", "sqrt", math.nan),
    ("division by zero", "sqrt", -1.0),
    ("division by zero", "cbrt", -2.0),
    ("slow", "sqrt", 1e308),
    ("slow", "cbrt", 1e300),
)


def _relative_error(value: float, correct: float) -> float:
    if value == correct or (math.isnan(value) and math.isnan(correct)):
        return 0.0
    if correct == 0 or math.isnan(value) or math.isnan(correct):
        return math.inf  # a number where there is none, or the other way round: no digit is right
    return abs(value - correct) / abs(correct)


def correct_root(root: str, K: float) -> float:
    """The correctly rounded real root: math.sqrt (nan for K < 0, no real root) or newton_cbrt."""
    if root == "sqrt":
        return math.sqrt(K) if not K < 0 else math.nan
    return newton_cbrt(K)


def naive_failures(max_iterations: int = SEED_MAX_ITERATIONS) -> list[NaiveFailure]:
    """Run the source's loops on inputs that show each way the absolute stopping rule fails."""
    rows = []
    for kind, root, K in NAIVE_CASES:
        result = (naive_sqrt if root == "sqrt" else naive_cbrt)(K, max_iterations)
        correct = correct_root(root, K)
        rows.append(NaiveFailure(kind, root, K, *result, correct, _relative_error(result.value, correct)))
    return rows


@functools.lru_cache(maxsize=None)
def naive_failure_rows() -> dict[str, NaiveFailure]:
    """naive_failures(), keyed by naive_case_id (cached: the page quotes every row several times)."""
    return {naive_case_id(r.root, r.K): r for r in naive_failures()}


def naive_case_id(root: str, K: float) -> str:
    """A name for a table row: sqrt_4196720, sqrt_2e16, sqrt_1e-12, sqrt_minus2, sqrt_nan, ..."""
    if math.isnan(K):
        return f"{root}_nan"
    size = abs(K)
    text = str(int(size)) if size == int(size) and size < 1e7 else f"{size:g}".replace("+", "")
    return f"{root}_{'minus' if K < 0 else ''}{text}"
