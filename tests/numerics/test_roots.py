"""Numerical checks for derive/numerics/roots.py: every equals sign, bit for bit.

newton_sqrt is compared with math.sqrt (IEEE 754 requires sqrt to be correctly rounded).
newton_cbrt is compared with mpmath's cube root at 200 bits, rounded to the nearest double.  The
C library's cbrt is no reference: on glibc 2.36 math.cbrt(27.0) == 3.0000000000000004, and math.cbrt
is 1 to 3 ulps off for about half of the sweep below (np.cbrt for about 0.7 %).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from derive.chapters.newton.source_code import (
    NAIVE_FAILURE_WHY,
    SEED_MAX_ITERATIONS,
    naive_cbrt,
    naive_failures,
    naive_sqrt,
)
from derive.numerics.floats import ulps_apart
from derive.numerics.roots import (
    MAX_CBRT_ITERATIONS,
    MAX_SQRT_ITERATIONS,
    cbrt_iterates,
    newton_cbrt,
    newton_sqrt,
    sqrt_iterates,
)

SEED = 20240611
N_RANDOM = 100_000
MAX_DOUBLE = 1.7976931348623157e308
LARGEST_SUBNORMAL = float.fromhex("0x0.fffffffffffffp-1022")
SMALLEST_NORMAL = float.fromhex("0x1p-1022")

SPECIAL = [
    0.0, -0.0, 5e-324, 1e-323, LARGEST_SUBNORMAL, SMALLEST_NORMAL, 2.2250738585072019e-308,
    MAX_DOUBLE, math.nextafter(MAX_DOUBLE, 0), 1.0, math.nextafter(1.0, 0), math.nextafter(1.0, 2),
    0.5, 2.0, 3.0, 4.0, 8.0, 9.0, 10.0, 27.0, 64.0, 1000.0, 1e300, 1e-300, 1e100, 1e-100,
    float((2**26 + 1) ** 2), float((2**17 + 1) ** 3), 2.0**-1074, 2.0**1023, 2.0**-1073, 2.0**1022,
    math.inf, math.nan,
]  # fmt: skip


def random_positive_doubles(n: int, seed: int = SEED) -> list[float]:
    """n positive finite doubles with uniformly random bit patterns: the exponent is uniform, so the
    values are spread log-uniformly from the smallest subnormal to the largest double."""
    rng = np.random.default_rng(seed)
    bits = rng.integers(1, 0x7FF0000000000000, size=n, dtype=np.int64)  # 0x7FF0... is inf
    return bits.view(np.float64).tolist()


SWEEP = random_positive_doubles(N_RANDOM) + SPECIAL


# --- comparison helpers (used by the real checks and by the check-can-fail tests) ---------------


def ulp_distance(a: float, b: float) -> float:
    """How many doubles apart a and b are (floats.ulps_apart), stricter on nan and on the sign of zero."""
    if math.isnan(a) or math.isnan(b):
        return 0 if math.isnan(a) and math.isnan(b) else math.inf
    if a == b and math.copysign(1, a) != math.copysign(1, b):
        return math.inf  # +0.0 vs -0.0: same value, but we promise the sign too
    return ulps_apart(a, b)


def test_ulp_distance_counts_neighbouring_doubles():
    assert ulp_distance(1.0, math.nextafter(1.0, 2.0)) == 1 and ulp_distance(2.0, 2.0) == 0
    assert ulp_distance(5e-324, -5e-324) == 2  # across zero
    assert ulp_distance(0.0, -0.0) == math.inf and ulp_distance(math.nan, 1.0) == math.inf


def mismatches(func, inputs, expected, max_ulps=0):
    """(K, got, want, ulps) for every input where func(K) is more than max_ulps from expected."""
    bad = []
    for K, want in zip(inputs, expected, strict=True):
        got = func(K)
        d = ulp_distance(got, want)
        if d > max_ulps:
            bad.append((K, got, want, d))
    return bad


def cbrt_reference(K: float) -> float:
    """The double nearest the real cube root of K, from mpmath at 200 bits.

    200 bits are enough to round correctly: the cube of a midpoint between two doubles has at most
    ~162 significant bits and is not a double, so the true cube root is at least ~2**-165 (relative)
    away from every midpoint, far more than mpmath's error of ~2**-200.
    """
    if K == 0 or math.isinf(K) or math.isnan(K):
        return K
    with mpmath.workprec(200):
        root = mpmath.cbrt(abs(K))  # mpmath's cbrt of a negative number is complex: use |K|
        nearest = mpmath.libmp.to_float(root._mpf_, rnd=mpmath.libmp.round_nearest)
    return math.copysign(nearest, K)


@pytest.fixture(scope="module")
def cbrt_expected():
    return [cbrt_reference(K) for K in SWEEP]


# --- the sweep ---------------------------------------------------------------------------------


def test_sweep_covers_the_whole_range():
    finite = [K for K in SWEEP if 0 < K < math.inf]
    assert len(finite) >= 100_000
    assert min(finite) == 5e-324 and max(finite) == MAX_DOUBLE
    assert sum(K < SMALLEST_NORMAL for K in finite) > 10  # subnormals are in the random part too
    exponents = {math.frexp(K)[1] for K in finite}
    assert len(exponents) > 2000  # nearly all of the 2098 binary exponents occur


def test_newton_sqrt_equals_math_sqrt_bit_for_bit():
    assert mismatches(newton_sqrt, SWEEP, [math.sqrt(K) for K in SWEEP]) == []


def test_newton_sqrt_of_minus_zero_is_minus_zero():
    assert math.copysign(1, newton_sqrt(-0.0)) == -1


def test_newton_cbrt_is_correctly_rounded(cbrt_expected):
    assert mismatches(newton_cbrt, SWEEP, cbrt_expected) == []


def test_newton_cbrt_of_negative_is_correctly_rounded(cbrt_expected):
    negated = [-K for K in SWEEP]
    assert mismatches(newton_cbrt, negated, [-want for want in cbrt_expected]) == []


def test_iteration_counts_stay_within_the_documented_bounds():
    sqrt_counts = [len(sqrt_iterates(K)) - 1 for K in SWEEP]
    cbrt_counts = [len(cbrt_iterates(K)) - 1 for K in SWEEP]
    # The bounds hold everywhere and are attained: they are the measured maxima, not a loose guess.
    assert max(sqrt_counts) == MAX_SQRT_ITERATIONS
    assert max(cbrt_counts) == MAX_CBRT_ITERATIONS


def test_iteration_bounds_follow_from_the_error_recurrence():
    """Exact-arithmetic Newton from the tangent-line start, at the worst mantissas (the ends of
    [0.5, 2**(n-1))): 4 steps (sqrt) and 5 steps (cbrt) bring the relative error below 2**-53."""
    with mpmath.workprec(300):
        for n, steps in ((2, MAX_SQRT_ITERATIONS - 1), (3, MAX_CBRT_ITERATIONS - 2)):
            for m in (mpmath.mpf(0.5), mpmath.mpf(2) ** (n - 1)):
                root = mpmath.root(m, n)
                x = ((n - 1) + m) / n
                for _ in range(steps):
                    x = ((n - 1) * x + m / x ** (n - 1)) / n
                assert abs(x / root - 1) < mpmath.mpf(2) ** -53


def test_iterates_start_above_the_root_and_decrease():
    for K in random_positive_doubles(2000, seed=SEED + 1) + [2.0, 1e-300, 1e300]:
        for iterates in (sqrt_iterates(K), cbrt_iterates(K)):
            # The last entry may be the rounding correction, which can step up by one ulp.
            newton = iterates[:-1] if len(iterates) > 1 else iterates
            assert iterates[0] >= iterates[-1]
            assert all(a > b for a, b in zip(newton, newton[1:], strict=False))


def test_iterates_end_with_the_answer():
    assert sqrt_iterates(2.0)[-1] == newton_sqrt(2.0) == math.sqrt(2.0)
    assert cbrt_iterates(-27.0)[-1] == newton_cbrt(-27.0) == -3.0
    assert sqrt_iterates(0.0) == [0.0] and cbrt_iterates(math.inf) == [math.inf]


# --- the check can fail --------------------------------------------------------------------------


def _newton_without_rounding_fix(K: float, n: int, typo: bool = False) -> float:
    """The same iteration without the exact rounding check (and, with typo, K/x for K/x**2)."""
    mantissa, exponent = math.frexp(K)
    q, r = divmod(exponent, n)
    m = math.ldexp(mantissa, r)
    x = ((n - 1) + m) / n
    while True:
        new = ((n - 1) * x + m / (x if typo else x ** (n - 1))) / n
        if new >= x:
            return math.ldexp(x, q)
        x = new


def test_the_checks_detect_a_missing_rounding_fix(cbrt_expected):
    inputs, expected = SWEEP[:20_000], cbrt_expected[:20_000]  # all positive and finite

    def broken_sqrt(K):
        return _newton_without_rounding_fix(K, 2)

    def broken_cbrt(K):
        return _newton_without_rounding_fix(K, 3)

    assert len(mismatches(broken_sqrt, inputs, [math.sqrt(K) for K in inputs])) > 1000
    assert len(mismatches(broken_cbrt, inputs, expected)) > 1000
    # ... while the weaker "within 1 ulp" check would have let the broken cube root through:
    assert mismatches(broken_cbrt, inputs, expected, max_ulps=1) == []


def test_the_checks_detect_a_typo_in_the_step(cbrt_expected):
    inputs, expected = SWEEP[:1000], cbrt_expected[:1000]

    def cbrt_with_typo(K):
        return _newton_without_rounding_fix(K, 3, typo=True)

    assert len(mismatches(cbrt_with_typo, inputs, expected, max_ulps=1)) > 900


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("K", [-2.0, -5e-324, -math.inf, -1])
def test_sqrt_of_negative_raises_a_one_line_value_error(K):
    with pytest.raises(ValueError, match=r"newton_sqrt: K must be >= 0, got -") as info:
        newton_sqrt(K)
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError):
        sqrt_iterates(K)


@pytest.mark.parametrize("func", [newton_sqrt, newton_cbrt, sqrt_iterates, cbrt_iterates])
@pytest.mark.parametrize("K", [True, "4", 4j, None, Decimal("4"), [4.0]])
def test_non_real_input_raises_type_error(func, K):
    with pytest.raises(TypeError, match=r"K must be a real number, got") as info:
        func(K)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("K", [10**400, -(10**400), Fraction(10**400, 3)])
def test_reals_too_large_for_a_float_raise_value_error(K):
    with pytest.raises(ValueError, match="too large"):
        newton_cbrt(K)
    with pytest.raises(ValueError):
        newton_sqrt(K)


def test_other_real_numbers_are_converted():
    assert newton_sqrt(4) == 2.0 and newton_cbrt(-27) == -3.0
    assert newton_sqrt(Fraction(1, 4)) == 0.5 and newton_cbrt(np.float32(8.0)) == 2.0
    assert newton_sqrt(np.float64(2.0)) == math.sqrt(2.0) and newton_sqrt(10**300) == 1e150


# --- the source's loops ------------------------------------------------------------------------


def test_naive_loop_reproduces_the_source_bit_for_bit():
    """Seed 000 printed these six results (§1.9); the same arithmetic must give the same doubles."""
    printed = (
        (1.4142135623746899, 1.7320508075688772, 2.000000000000002),
        (1.2599210500177698, 1.4422495703074416, 1.5874010520152708),
    )
    ours = (tuple(naive_sqrt(K).value for K in (2, 3, 4)), tuple(naive_cbrt(K).value for K in (2, 3, 4)))
    assert ours == printed
    assert all(naive_sqrt(K).stopped and naive_cbrt(K).stopped for K in (2, 3, 4))


def _source_sqrt_unbounded(K, budget):
    """The source's loop as printed (no cap, no cycle check), run for at most `budget` steps."""
    ret = 1
    for _ in range(budget):
        if not abs(ret * ret - K) > 1e-9:
            return ret
        ret = (ret + K / ret) / 2
    return None


def test_stuck_means_the_unbounded_loop_never_returns():
    """A repeated x proves non-termination: the source's own loop, given 100 times the steps, still runs."""
    r = naive_sqrt(4196720.0)
    assert r.stuck and not r.stopped
    assert _source_sqrt_unbounded(4196720.0, 100 * r.iterations) is None
    assert _source_sqrt_unbounded(2.0, 100) == naive_sqrt(2.0).value


def test_naive_cap_is_respected():
    r = naive_sqrt(-2.0, max_iterations=50)
    assert r.iterations == 50 and not r.stopped and not r.stuck


def test_naive_failure_table_shows_every_failure():
    rows = naive_failures()
    assert {row.kind for row in rows} == set(NAIVE_FAILURE_WHY)
    for row in rows:
        if row.kind == "never stops":
            assert not row.stopped and not row.error
            if row.K > 0:  # settled on a fixed point within one ulp of the root; the test fails there
                v = row.value
                power = v * v if row.root == "sqrt" else v * v * v  # in the source's order of rounding
                assert row.stuck and ulp_distance(v, row.correct) <= 1
                # fails the test, though by rounding only: a few spacings of the doubles near K
                assert 1e-9 < abs(power - row.K) <= 4 * math.ulp(row.K) or row.K > 1e15
            else:  # |x*x - K| >= |K| for every x: the test can never be met
                assert row.root == "sqrt" and row.iterations == SEED_MAX_ITERATIONS
        elif row.kind == "wrong answer":
            assert row.stopped and row.relative_error > 1
        elif row.kind == "division by zero":
            assert row.error == "ZeroDivisionError" and row.iterations == 2
        elif row.kind == "slow":
            assert row.stopped and row.iterations > 500 and row.value == row.correct
        else:
            raise AssertionError(f"unexpected kind {row.kind!r}")


def test_nan_stops_the_source_loop_at_once():
    """abs(1 - nan) > 1e-9 is False: the loop returns its start without a single step."""
    r = naive_sqrt(math.nan)
    assert r.stopped and r.iterations == 0 and r.value == 1


def test_robust_roots_do_not_share_the_failures():
    for row in naive_failures():
        if row.root == "sqrt" and row.K < 0:
            continue
        robust = newton_sqrt(row.K) if row.root == "sqrt" else newton_cbrt(row.K)
        assert ulp_distance(robust, row.correct) == 0
