"""The gradient-descent chapter: the seeds' printed numbers, the closed form, the thresholds, the
non-convex example. Expected values come from the seeds or from computations written out here, never
from the code under test."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.chapters.gradient_descent import derivations as basics
from derive.chapters.gradient_descent import derivations_quadratic as quad
from derive.chapters.gradient_descent import experiments
from derive.chapters.gradient_descent import source_code as seed
from derive.chapters.gradient_descent import symbols as sym
from derive.chapters.gradient_descent import values as vals
from derive.chapters.gradient_descent import values_x2sinx as bumpy
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
    return float(factor**steps * Fraction(str(start)))


@pytest.mark.parametrize("rate", sorted(SEED_END_POINTS))
def test_page_values_are_the_seeds_printed_end_points(rate):
    """The page's table, digit for digit."""
    tag = f"{rate:g}".replace(".", "_")
    shown = tuple(get_value(name.format(tag)).text() for name in PAGE_VALUES)
    assert shown == SEED_END_POINTS[rate]


@pytest.mark.parametrize("rate", sorted(SEED_END_POINTS))
def test_float32_run_matches_seed_to_printed_precision(rate):
    ends = seed.train(rate)
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
    assert f"{seed.scaling_end('circle', 0.02, np.float64)[0]:.4f}" == "-39.8900" != SEED_END_POINTS[0.02][0]
    assert f"{seed.scaling_end('ellipse', 0.051, np.float64)[0]:.4f}" == "-88.8147" != SEED_END_POINTS[0.051][2]


@pytest.mark.parametrize("curvatures", [(1, 1), (20, 1), (10, 1), (0.5, 3)])
@pytest.mark.parametrize("rate", [0.01, 0.02, 0.04, 0.051, 0.1])
def test_iteration_equals_closed_form(curvatures, rate):
    start, steps = (-60.0, 70.0), 10
    end = experiments.descend_quadratic(*curvatures, start, rate, steps)[-1]
    expected = [_closed_form(c, rate, s, steps) for c, s in zip(curvatures, start, strict=True)]
    assert np.allclose(end, expected, rtol=1e-12, atol=1e-300)
    assert np.allclose(experiments.closed_form_point(*curvatures, start, rate, steps), expected, rtol=1e-15, atol=0)


def test_rsolve_found_the_expected_closed_form():
    n, x0 = sp.symbols("n x_0")
    expected = (1 - 2 * sym.a * sym.eta) ** n * x0
    assert sp.simplify(quad.closed_form().subs({sym.n: n, sym.x0: x0}) - expected) == 0


def test_threshold_sets():
    a = sym.a
    assert quad.converging_rates() == sp.Interval.open(0, 1 / a)
    assert quad.zigzag_rates() == sp.Interval.open(1 / (2 * a), sp.oo)
    assert quad.diverging_rates() == sp.Union(sp.Interval.open(-sp.oo, 0), sp.Interval.open(1 / a, sp.oo))


def test_thresholds_for_20x2_and_10x2():
    assert get_value("gd_limit_20").text() == "0.05" and get_value("gd_zigzag_20").text() == "0.025"
    assert quad.largest_stable_rate(10) == 1 / 10 and quad.zigzag_onset(10) == 1 / 20


def _x_path(curvature, rate, steps=400):
    x = [1.0]
    for _ in range(steps):
        x.append(x[-1] - rate * 2 * curvature * x[-1])
    return np.array(x)


@pytest.mark.parametrize(
    "rate,converges,zigzags",
    [
        (0.02, True, False),
        (0.024, True, False),
        (0.026, True, True),
        (0.049, True, True),
        (0.051, False, True),
        (0.06, False, True),
        (-0.001, False, False),
    ],
)
def test_regimes_on_20x2_by_brute_force(rate, converges, zigzags):
    """Iterate and look, for rates on both sides of each boundary."""
    x = _x_path(20, rate)
    assert (abs(x[-1]) < 1e-3) == converges
    assert bool(np.any(x[1:] * x[:-1] < 0)) == zigzags
    assert (quad.converging_rates().subs(sym.a, 20).contains(sp.Rational(str(rate))) == sp.true) == converges


def test_edge_rate_on_10x2_bounces_for_ever():
    x = _x_path(10, 0.1, steps=10)
    assert np.array_equal(np.abs(x), np.ones(11)) and np.all(x[1:] == -x[:-1])


def _bumpy_slope(t):
    return 2 * t * mpmath.sin(t) + t**2 * mpmath.cos(t)


def test_slope_of_x2sinx_at_start():
    mpmath.mp.dps = 30
    expected = mpmath.diff(lambda t: t**2 * mpmath.sin(t), mpmath.mpf("2.5"))
    assert abs(bumpy.slope_at_start() - float(expected)) < 1e-12
    assert abs(bumpy.slope_at_start() - (-10)) > 7  # the source's value is far off
    assert get_value("gd_x2sinx_seed_update").text() == "2.55"  # 2.5 − 0.005·(−10), not 2.6


@pytest.mark.parametrize("guess,kind", [(5, "min"), (2, "max")])
def test_critical_points(guess, kind):
    mpmath.mp.dps = 50
    root = mpmath.findroot(_bumpy_slope, guess)
    ours = experiments.critical_point_near(guess)
    assert abs(mpmath.mpf(str(ours)) - root) < mpmath.mpf("1e-25")
    assert abs(_bumpy_slope(root)) < mpmath.mpf("1e-40")
    curvature = mpmath.diff(lambda t: t**2 * mpmath.sin(t), root, 2)
    assert (curvature > 0) if kind == "min" else (curvature < 0)
    assert math.isclose(float(curvature), experiments.x2sinx_at(ours, order=2), rel_tol=1e-12)


def test_descent_on_x2sinx_reaches_the_local_minimum():
    x, visited = 2.5, [2.5]
    for _ in range(150):
        x -= 0.005 * (2 * x * math.sin(x) + x * x * math.cos(x))
        visited.append(x)
    assert np.allclose(seed.x2sinx_run(), visited, rtol=0, atol=1e-13)
    assert abs(x - bumpy.local_minimum()) < 1e-6
    first_inside = next(k for k in range(151) if all(abs(v - bumpy.local_minimum()) <= 1e-6 for v in visited[k:]))
    assert bumpy.steps_to_tolerance() == first_inside


def test_gradient_is_perpendicular_to_the_tangent():
    """Symbolically for any f, and numerically on the ellipse 5x² + y² = c via its parametrisation."""
    tangent = basics.level_curve_tangent.final
    assert sp.expand(sym.fx * tangent[0] + sym.fy * tangent[1]) == 0
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

    eta_c = vals.eta_c_example()
    assert change(eta_c * 0.999) < 0 < change(eta_c * 1.001)
    assert abs(change(eta_c)) < 1e-6 * (20 * 3600 + 4900)


def test_balanced_rate_is_the_best_fixed_rate():
    rates = np.linspace(0.001, 0.05, 49_001)
    worst = np.maximum(np.abs(1 - 40 * rates), np.abs(1 - 2 * rates))
    assert math.isclose(rates[np.argmin(worst)], 1 / 21, abs_tol=1e-6)
    assert math.isclose(worst.min(), vals.best_factor_for_20(), abs_tol=1e-5)
    k = vals.steps_for_a_millionth()
    assert (19 / 21) ** k < 1e-6 <= (19 / 21) ** (k - 1)


def test_saddle_gradient_values_match_the_seed():
    """Seed 004: the gradient of y² − x² is (0, 0) at the origin and (−2, 2) at (1, 1)."""
    assert get_value("gd_saddle_gradient_at_0_0").compute() == (0, 0)
    assert get_value("gd_saddle_gradient_at_1_1").compute() == (-2, 2)


def test_float32_run_repeats_the_seeds_arithmetic_bit_for_bit():
    """The post's update, x ← x − lr·∂f/∂x with float32 tensors, written out by hand in float32."""
    for rate in SEED_END_POINTS:
        for (cx, cy), name in (((1, 1), "circle"), ((20, 1), "ellipse")):
            px, py = np.float32(-60.0), np.float32(70.0)
            for _ in range(10):
                px, py = (
                    px - np.float32(rate) * (np.float32(2 * cx) * px),
                    py - np.float32(rate) * (np.float32(2 * cy) * py),
                )
            assert seed.scaling_end(name, rate) == (float(px), float(py))


def test_importing_the_chapter_runs_no_descent(tmp_path):
    """Importing registers only: a descent at import time would raise here."""
    import subprocess
    import sys

    code = (
        "import derive.numerics.descent as d\n"
        "def refuse(*a, **k):\n    raise SystemExit('descend ran at import time')\n"
        "d.descend = refuse\n"
        "from derive.core.discovery import load_chapter\nload_chapter('gradient_descent')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_regime_solver_refuses_a_condition_on_another_factor():
    """The regimes are solved from the declared conditions, which must be about the proved factor."""
    from types import SimpleNamespace

    wrong = SimpleNamespace(name="planted", relation=sp.StrictLessThan(sp.Abs(1 - sym.a * sym.eta, evaluate=False), 1))
    with pytest.raises(ValueError, match="planted"):
        quad._rates_where(wrong)
    assert quad._rates_where(SimpleNamespace(name="ok", relation=sp.StrictLessThan(1 - 2 * sym.a * sym.eta, 0))) == (
        sp.Interval.open(1 / (2 * sym.a), sp.oo)
    )


def test_the_regime_conditions_print_the_factor_as_the_page_writes_it():
    from derive.core.notation import latex
    from derive.core.registry import get_hypothesis

    assert latex(get_hypothesis("gd_regime_converging").relation) == r"\lvert 1 - 2 a \eta \rvert < 1"
    assert latex(get_hypothesis("gd_regime_zigzag").relation) == r"1 - 2 a \eta < 0"
    assert latex(get_hypothesis("gd_regime_diverging").relation) == r"\lvert 1 - 2 a \eta \rvert > 1"


def test_the_seeds_x2sinx_claims_against_the_truth():
    """The PyTorch post: slope −10 at 2.5, a full step to 12.5 past a minimum near 5, one step to 2.6."""
    assert get_value("gd_x2sinx_seed_slope").compute() == -10
    assert get_value("gd_x2sinx_seed_full_step").compute() == 2.5 + 10  # its own arithmetic holds here
    assert get_value("gd_x2sinx_seed_update").compute() == pytest.approx(2.5 + 0.005 * 10)
    assert get_value("gd_x2sinx_seed_claimed_update").compute() == 2.6 != pytest.approx(2.55)
    # with the true slope the full step stops short of the minimum, which is near 5
    assert bumpy.full_step() < bumpy.local_minimum() and abs(bumpy.local_minimum() - 5) < 0.1


def test_seed_printed_format():
    assert format(vals.SeedPrinted(-6.144e-06), "seed") == "-6.1440e-06"
    assert format(vals.SeedPrinted(-39.88996), "seed") == "-39.8900"
    assert format(vals.SeedPrinted(2.5), ".2f") == "2.50"


@pytest.mark.parametrize("rate", [0.02, 0.051])
def test_first_order_prediction_and_true_change(rate):
    """One step from (−60, 70) on 20x² + y²: the first-order change is −η‖∇C‖², the true change adds
    (η²/2)·∇CᵀH∇C, written out here with H = diag(40, 2)."""
    g = np.array([2 * 20 * -60.0, 2 * 70.0])
    first = -rate * (g @ g)
    second = 0.5 * rate**2 * (40 * g[0] ** 2 + 2 * g[1] ** 2)
    assert experiments.first_order_prediction(20, 1, (-60.0, 70.0), [rate])[0] == pytest.approx(first, rel=1e-12)
    assert experiments.one_step_change(20, 1, (-60.0, 70.0), [rate])[0] == pytest.approx(first + second, rel=1e-9)


# ---------------------------------------------------------------- the reviewed claims (errata)
def test_every_reviewed_claim_is_boxed_on_both_pages_with_existing_evidence():
    from pathlib import Path

    from derive.core.errata import all_claims, unknown_evidence

    mine = [c for c in all_claims() if c.chapter == "gradient_descent"]
    assert {c.verdict for c in mine} == {"right", "wrong", "imprecise"}
    assert {c.post for c in mine} == {"gradient_descent", "pytorch_notes"}
    assert not [e for e in unknown_evidence() if e.startswith("gde_")]
    docs = Path(__file__).resolve().parents[2] / "docs"
    for lang in ("en", "zh"):
        page = (docs / f"gradient-descent.{lang}.md").read_text(encoding="utf-8")
        assert "!!! failure" not in page
        assert [c.name for c in mine if f"[[erratum:{c.name}]]" not in page] == []


# ---------------------------------------------------------------- the exercises' answers
def test_exercise_best_rate_on_10x2_y2_by_scanning_and_running():
    """A scan of rates for the smallest worst factor max(|1 − 20η|, |1 − 2η|), and a plain loop that counts
    the steps until the distance from (−60, 70) is a millionth of the start."""
    rates = np.linspace(0.001, 0.099, 98001)
    worst = np.maximum(np.abs(1 - 20 * rates), np.abs(1 - 2 * rates))
    best = rates[np.argmin(worst)]
    assert abs(best - float(get_value("gd_ex_best_rate_10").text())) < 1e-4
    assert abs(worst.min() - float(get_value("gd_ex_best_factor_10").text())) < 1e-4

    point, start = np.array([-60.0, 70.0]), np.hypot(-60.0, 70.0)
    steps = 0
    while np.hypot(*point) > 1e-6 * start:
        point = point - best * np.array([20 * point[0], 2 * point[1]])
        steps += 1
    assert get_value("gd_ex_best_steps_10").text() == str(steps)


def test_exercise_shifted_bowl_contracts_the_distance_to_its_minimum():
    """Gradient descent on a(x − c)² with a central-difference gradient, against (1 − 2aη)ⁿ(x₀ − c)."""
    from derive.chapters.gradient_descent import exercises

    for a_, c_, rate, x_ in ((5.0, 3.0, 0.15, 0.0), (0.5, -2.0, 0.7, 4.0), (20.0, 1.5, 0.04, -1.0)):
        point = x_
        for _ in range(12):
            slope = (a_ * (point + 1e-6 - c_) ** 2 - a_ * (point - 1e-6 - c_) ** 2) / 2e-6
            point -= rate * slope
        assert math.isclose(point - c_, (1 - 2 * a_ * rate) ** 12 * (x_ - c_), rel_tol=1e-6, abs_tol=1e-9)
    one_step = sp.lambdify((sym.x, exercises.centre, sym.a, sym.eta), exercises.shifted_bowl_step.final.doit())
    assert math.isclose(one_step(4.0, 1.0, 2.0, 0.1), 4.0 - 0.1 * 2 * 2.0 * (4.0 - 1.0) - 1.0)


def test_exercise_steepest_direction_at_the_start():
    """Central differences for ∇(20x² + y²) at (−60, 70), and a scan over unit directions for the
    steepest directional derivative: it is the gradient's length, along the gradient."""

    def f(v):
        return 20 * v[0] ** 2 + v[1] ** 2

    start = np.array([-60.0, 70.0])
    numeric = np.array([(f(start + e) - f(start - e)) / 2e-3 for e in np.eye(2) * 1e-3])
    assert get_value("gd_ex_gradient_at_start").text() == f"({round(numeric[0])}, {round(numeric[1])})"
    angles = np.linspace(-np.pi, np.pi, 200001)
    directional = numeric[0] * np.cos(angles) + numeric[1] * np.sin(angles)
    k = np.argmax(directional)
    assert abs(directional[k] - float(get_value("gd_ex_gradient_norm_at_start").text())) < 0.01
    shown = get_value("gd_ex_steepest_direction_at_start").compute()
    assert np.allclose(shown, (np.cos(angles[k]), np.sin(angles[k])), atol=1e-4)
