"""The gradient-descent chapter: the seeds' printed numbers, the closed form, the thresholds, the
non-convex example. Expected values come from the seeds or from computations written out here, never
from the code under test."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.chapters.gradient_descent import derivations as gd
from derive.core.registry import get_value

# Seed 000, §1.4: train() returns (x, y) on x² + y², then (x, y) on 20x² + y², from (−60, 70) after
# 10 steps. Copied as printed ("1.00000e-06 * -6.1440" is -6.1440e-06).
SEED_END_POINTS = {
    0.02: ("-39.8899", "46.5383", "-6.1440e-06", "46.5383"),
    0.04: ("-26.0633", "30.4072", "-0.3628", "30.4072"),
    0.051: ("-20.4604", "23.8705", "-88.8146", "23.8705"),
}
PAGE_VALUES = ("gd_scaling_circle_x_{}", "gd_scaling_circle_y_{}", "gd_scaling_ellipse_x_{}", "gd_scaling_ellipse_y_{}")


def _half_unit(printed: str) -> float:
    """Half a unit in the last printed digit: the rounding error allowed by the printout."""
    mantissa, _, exponent = printed.partition("e")
    decimals = len(mantissa.split(".")[1])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def _closed_form(curvature, rate, start, steps):
    """x_n = (1 − 2aη)ⁿ x_0, written out independently, in exact fractions."""
    from fractions import Fraction
    factor = 1 - 2 * curvature * Fraction(str(rate))
    return float(factor ** steps * Fraction(str(start)))


@pytest.mark.parametrize("rate", sorted(SEED_END_POINTS))
def test_page_values_are_the_seeds_printed_end_points(rate):
    """The page's table, digit for digit."""
    tag = f"{rate:g}".replace(".", "_")
    shown = tuple(get_value(name.format(tag)).text() for name in PAGE_VALUES)
    assert shown == SEED_END_POINTS[rate]


@pytest.mark.parametrize("rate", sorted(SEED_END_POINTS))
def test_float32_run_matches_seed_to_printed_precision(rate):
    ends = gd.scaling_end("circle", rate, np.float32) + gd.scaling_end("ellipse", rate, np.float32)
    for got, printed in zip(ends, SEED_END_POINTS[rate], strict=True):
        assert abs(got - float(printed)) <= _half_unit(printed), (rate, got, printed)


@pytest.mark.parametrize("rate", sorted(SEED_END_POINTS))
def test_seed_agrees_with_the_closed_form(rate):
    """The printed numbers are the closed form, up to their rounding and single precision."""
    exact = []
    for curvatures in ((1, 1), (20, 1)):
        exact += [_closed_form(c, rate, s, 10) for c, s in zip(curvatures, (-60, 70), strict=True)]
    for value, printed in zip(exact, SEED_END_POINTS[rate], strict=True):
        assert abs(value - float(printed)) <= _half_unit(printed) + 2e-6 * abs(value), (rate, value, printed)


def test_precision_matters_for_two_entries():
    """Double precision does not reproduce the seed's last digit twice: the seed ran in float32."""
    assert f"{gd.scaling_end('circle', 0.02, np.float64)[0]:.4f}" == "-39.8900" != SEED_END_POINTS[0.02][0]
    assert f"{gd.scaling_end('ellipse', 0.051, np.float64)[0]:.4f}" == "-88.8147" != SEED_END_POINTS[0.051][2]


@pytest.mark.parametrize("curvatures", [(1, 1), (20, 1), (10, 1), (0.5, 3)])
@pytest.mark.parametrize("rate", [0.01, 0.02, 0.04, 0.051, 0.1])
def test_iteration_equals_closed_form(curvatures, rate):
    start, steps = (-60.0, 70.0), 10
    end = gd.descend_quadratic(*curvatures, start, rate, steps)[-1]
    expected = [_closed_form(c, rate, s, steps) for c, s in zip(curvatures, start, strict=True)]
    assert np.allclose(end, expected, rtol=1e-12, atol=1e-300)
    assert np.allclose(gd.closed_form_point(*curvatures, start, rate, steps), expected, rtol=1e-15, atol=0)


def test_rsolve_found_the_expected_closed_form():
    n, x0 = sp.symbols("n x_0")
    expected = (1 - 2 * gd.a * gd.eta) ** n * x0
    assert sp.simplify(gd.closed_form().subs({gd.n: n, gd.x0: x0}) - expected) == 0


def test_threshold_sets():
    a = gd.a
    assert gd.converging_rates() == sp.Interval.open(0, 1 / a)
    assert gd.zigzag_rates() == sp.Interval.open(1 / (2 * a), sp.oo)
    assert gd.diverging_rates() == sp.Union(sp.Interval.open(-sp.oo, 0), sp.Interval.open(1 / a, sp.oo))


def test_thresholds_for_20x2_and_10x2():
    assert get_value("gd_limit_20").text() == "0.05" and get_value("gd_zigzag_20").text() == "0.025"
    assert gd.largest_stable_rate(10) == 1 / 10 and gd.zigzag_onset(10) == 1 / 20


def _x_path(curvature, rate, steps=400):
    x = [1.0]
    for _ in range(steps):
        x.append(x[-1] - rate * 2 * curvature * x[-1])
    return np.array(x)


@pytest.mark.parametrize("rate,converges,zigzags", [
    (0.02, True, False), (0.024, True, False), (0.026, True, True), (0.049, True, True),
    (0.051, False, True), (0.06, False, True), (-0.001, False, False),
])
def test_regimes_on_20x2_by_brute_force(rate, converges, zigzags):
    """Iterate and look, for rates on both sides of each boundary."""
    x = _x_path(20, rate)
    assert (abs(x[-1]) < 1e-3) == converges
    assert bool(np.any(x[1:] * x[:-1] < 0)) == zigzags
    assert (gd.converging_rates().subs(gd.a, 20).contains(sp.Rational(str(rate))) == sp.true) == converges


def test_edge_rate_on_10x2_bounces_for_ever():
    x = _x_path(10, 0.1, steps=10)
    assert np.array_equal(np.abs(x), np.ones(11)) and np.all(x[1:] == -x[:-1])


def _bumpy_slope(t):
    return 2 * t * mpmath.sin(t) + t ** 2 * mpmath.cos(t)


def test_slope_of_x2sinx_at_start():
    mpmath.mp.dps = 30
    expected = mpmath.diff(lambda t: t ** 2 * mpmath.sin(t), mpmath.mpf("2.5"))
    assert abs(gd.slope_at_start() - float(expected)) < 1e-12
    assert abs(gd.slope_at_start() - (-10)) > 7  # the source's value is far off
    assert get_value("gd_x2sinx_seed_update").text() == "2.55"  # 2.5 − 0.005·(−10), not 2.6


@pytest.mark.parametrize("guess,kind", [(5, "min"), (2, "max")])
def test_critical_points(guess, kind):
    mpmath.mp.dps = 50
    root = mpmath.findroot(_bumpy_slope, guess)
    ours = gd.critical_point_near(guess)
    assert abs(mpmath.mpf(str(ours)) - root) < mpmath.mpf("1e-25")
    assert abs(_bumpy_slope(root)) < mpmath.mpf("1e-40")
    curvature = mpmath.diff(lambda t: t ** 2 * mpmath.sin(t), root, 2)
    assert (curvature > 0) if kind == "min" else (curvature < 0)
    assert math.isclose(float(curvature), gd._second_derivative_at(ours), rel_tol=1e-12)


def test_descent_on_x2sinx_reaches_the_local_minimum():
    x, visited = 2.5, [2.5]
    for _ in range(150):
        x -= 0.005 * (2 * x * math.sin(x) + x * x * math.cos(x))
        visited.append(x)
    assert np.allclose(gd.bumpy_descent(), visited, rtol=0, atol=1e-13)
    assert abs(x - gd.local_minimum()) < 1e-6
    first_inside = next(k for k in range(151) if all(abs(v - gd.local_minimum()) <= 1e-6 for v in visited[k:]))
    assert gd.steps_to_tolerance() == first_inside


def test_gradient_is_perpendicular_to_the_tangent():
    """Symbolically for any f, and numerically on the ellipse 5x² + y² = c via its parametrisation."""
    tangent = gd.level_curve_tangent.final
    assert sp.expand(gd.fx * tangent[0] + gd.fy * tangent[1]) == 0
    c = 7.0
    for t in np.linspace(0, 2 * np.pi, 13):
        px, py = math.sqrt(c / 5) * math.cos(t), math.sqrt(c) * math.sin(t)
        velocity = (-math.sqrt(c / 5) * math.sin(t), math.sqrt(c) * math.cos(t))
        assert abs(10 * px * velocity[0] + 2 * py * velocity[1]) < 1e-12


def test_no_step_of_the_same_length_beats_the_negative_gradient():
    rng = np.random.default_rng(0)
    g = np.array([-2400.0, 140.0])
    angles = rng.uniform(0, 2 * np.pi, 10_000)
    steps = 0.01 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    best = -0.01 * g / np.linalg.norm(g)
    assert np.all(steps @ g >= best @ g - 1e-9)
    assert math.isclose(best @ g, -0.01 * np.linalg.norm(g))


def test_critical_rate_of_the_example():
    """One step from (−60, 70) on 20x² + y² raises the loss exactly beyond η_c."""
    def change(rate):
        x, y = -60.0 * (1 - 40 * rate), 70.0 * (1 - 2 * rate)
        return 20 * x * x + y * y - (20 * 3600 + 4900)
    eta_c = gd.eta_c_example()
    assert change(eta_c * 0.999) < 0 < change(eta_c * 1.001)
    assert abs(change(eta_c)) < 1e-6 * (20 * 3600 + 4900)


def test_balanced_rate_is_the_best_fixed_rate():
    rates = np.linspace(0.001, 0.05, 49_001)
    worst = np.maximum(np.abs(1 - 40 * rates), np.abs(1 - 2 * rates))
    assert math.isclose(rates[np.argmin(worst)], 1 / 21, abs_tol=1e-6)
    assert math.isclose(worst.min(), gd.best_factor_for_20(), abs_tol=1e-5)
    k = gd.steps_for_a_millionth()
    assert (19 / 21) ** k < 1e-6 <= (19 / 21) ** (k - 1)


def test_saddle_gradient_values_match_the_seed():
    """Seed 004: the gradient of y² − x² is (0, 0) at the origin and (−2, 2) at (1, 1)."""
    assert get_value("gd_saddle_gradient_at_0_0").compute() == (0, 0)
    assert get_value("gd_saddle_gradient_at_1_1").compute() == (-2, 2)
