"""The Newton chapter: derivations tied to the code, the source's numbers, the experiments, the page's claims.

The numerics of newton_sqrt / newton_cbrt and the source's loops are tested in test_newton_numerics.py.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.chapters.newton import derivations as newton
from derive.chapters.newton import derivations_hessian as hessian
from derive.chapters.newton import experiments as ex
from derive.chapters.newton import source_code as seed
from derive.core.registry import get_derivation, get_hypothesis, get_value
from derive.numerics.roots import MAX_SQRT_ITERATIONS, newton_cbrt, sqrt_iterates

# Printed by the source (seed 000, §1.9) for K = 2, 3, 4.
SEED_PRINTED = {
    "sqrt": ("1.4142135623746899", "1.7320508075688772", "2.000000000000002"),
    "cbrt": ("1.2599210500177698", "1.4422495703074416", "1.5874010520152708"),
}


# --- derivations and the code ---------------------------------------------------------------------


@pytest.mark.parametrize("n, d", [(2, newton.newton_sqrt_step), (3, newton.newton_cbrt_step)])
def test_specialised_step_is_the_one_the_code_iterates(n, d):
    """The derivation's last line is ((n - 1)x + K/x^(n-1))/n, the update in _root_iterates and the source."""
    x, K = newton.x, newton.K
    assert sp.simplify(d.final.doit() - ((n - 1) * x + K / x ** (n - 1)) / n) == 0


@pytest.mark.parametrize("d", [newton.newton_sqrt_step, newton.newton_cbrt_step])
def test_specialised_step_is_computed_not_typed(d):
    """Step 2 is SymPy's own simplification of x - f/f', built from f alone."""
    x = newton.x
    f_of_x = d.definitions[newton.f](x)
    assert d.steps[2].expr == sp.simplify(x - f_of_x / sp.diff(f_of_x, x))


def test_error_recurrence_holds_for_the_iterates():
    """e_{k+1} = e_k²/(2 x_k), evaluated from the derivation, matches exact-arithmetic Newton on K = 2."""
    recurrence = sp.lambdify((newton.x_k_pos, newton.K, newton.e_k), newton.newton_sqrt_error.final, "mpmath")
    with mpmath.workdps(100):
        K, root, xk = mpmath.mpf(2), mpmath.sqrt(2), mpmath.mpf(1)
        for _ in range(6):
            nxt = (xk + K / xk) / 2
            assert mpmath.almosteq(nxt - root, recurrence(xk, K, xk - root), rel_eps=mpmath.mpf(10) ** -90)
            xk = nxt


def test_digits_double_once_newton_is_close():
    digits = ex.digits_from_one(2.0, 6)
    for a, b in zip(digits[1:], digits[2:], strict=False):
        if math.isfinite(b):
            assert b >= 2 * a - 0.1  # e_{k+1}/√K = (e_k/√K)² · √K/(2x_k), and √K/(2x_k) ≈ 1/2


def test_robust_sqrt_reaches_double_precision_within_the_bound():
    for K in ex.DIGITS_K:
        digits = ex.digits_of_newton_sqrt(K)
        assert len(digits) - 1 <= MAX_SQRT_ITERATIONS
        assert digits[-1] > 53 * math.log10(2) - 0.5


# --- the source's printed numbers ------------------------------------------------------------------


@pytest.mark.parametrize("root", ["sqrt", "cbrt"])
def test_page_values_reproduce_the_source(root):
    for K, printed in zip((2, 3, 4), SEED_PRINTED[root], strict=True):
        assert get_value(f"newton_seed_{root}_{K}").text() == printed


def test_sqrt_of_four_is_five_doubles_off():
    assert get_value("newton_seed_sqrt_4_ulps").text() == "5"
    assert get_value("newton_correct_sqrt_4").text() == "2.0"


# --- where the source's loop never stops -------------------------------------------------------------


def _never_stopping_integers(root: str, upto: int, steps: int = 40) -> np.ndarray:
    """Integers K in [1, upto] for which the source's loop (same arithmetic, vectorised) has not stopped
    after `steps` Newton steps. NumPy's float64 +, *, / round exactly as Python's floats do. From x = 1,
    every K below 2**23 that stops needs fewer than 40 steps, so a false alarm would show in the test."""
    K = np.arange(1, upto + 1, dtype=np.float64)
    x = np.ones_like(K)
    power = (lambda v: v * v) if root == "sqrt" else (lambda v: v * v * v)
    for _ in range(steps):
        running = np.abs(power(x) - K) > seed.SEED_TOLERANCE
        K, x = K[running], x[running]  # keep only the inputs whose loop is still going
        x = (x + K / x) / 2 if root == "sqrt" else (2 * x + K / (x * x)) / 3
    return K[np.abs(power(x) - K) > seed.SEED_TOLERANCE]


@pytest.mark.parametrize("root, smallest", [("sqrt", 4196720), ("cbrt", 2108258)])
def test_smallest_positive_integer_that_never_stops(root, smallest):
    """The page says these are the smallest: every integer below them stops, and they never do."""
    stuck = _never_stopping_integers(root, smallest)
    assert stuck.tolist() == [float(smallest)]
    loop = seed.naive_sqrt if root == "sqrt" else seed.naive_cbrt
    result = loop(float(smallest))
    assert result.stuck and not result.stopped


def test_the_scan_can_fail():
    """Where the loop stops for every input (small K), the scan finds nothing; a too short budget finds all."""
    assert _never_stopping_integers("sqrt", 1000).size == 0
    assert _never_stopping_integers("sqrt", 1000, steps=2).size > 900


def test_stuck_root_misses_the_test_by_rounding():
    """At K = 4196720 the correctly rounded root passes the test; the loop settles one double below it."""
    K = 4196720.0
    stuck = seed.naive_sqrt(K).value
    assert abs(math.sqrt(K) * math.sqrt(K) - K) <= 1e-9 < abs(stuck * stuck - K)
    assert (stuck + K / stuck) / 2 == stuck  # a fixed point of the rounded update
    assert (math.sqrt(K) + K / math.sqrt(K)) / 2 == stuck  # the root itself is mapped onto it
    assert get_value("newton_naive_sqrt_4196720_ulps").text() == "1"


def test_no_double_passes_the_test_near_sqrt_2e16():
    assert float(get_value("newton_naive_sqrt_2e16_best_residual").text()) > 1e-9


def test_tiny_inputs_stop_near_the_square_root_of_the_tolerance():
    for K in (0.0, 1e-12):
        r = seed.naive_sqrt(K)
        assert r.stopped and r.value * r.value <= K + 1e-9 and r.value > 10 * math.sqrt(K)


# --- Newton against gradient descent -------------------------------------------------------------------


def test_newton_paths_follow_the_derived_factors():
    """Newton's iterates are start·(2/3)^k on the quartic and start·(1/2)^k on the cubic (exact for 1/2)."""
    quartic = ex.newton_path("quartic", ex.QUARTIC_START, ex.QUARTIC_STEPS)
    k = np.arange(ex.QUARTIC_STEPS + 1)[:, None]
    assert np.allclose(quartic, np.array(ex.QUARTIC_START) * (2 / 3) ** k, rtol=1e-13, atol=0)
    cubic = ex.newton_path("cubic", ex.CUBIC_START, ex.CUBIC_NEWTON_STEPS)
    assert np.array_equal(cubic[-1], np.array(ex.CUBIC_START) / 2.0**ex.CUBIC_NEWTON_STEPS)


def _hand_written_descent(grad, start, lr, steps):
    x, y = start
    for _ in range(steps):
        gx, gy = grad(x, y)
        x, y = x - lr * gx, y - lr * gy
    return x, y


def test_gradient_descent_agrees_with_hand_written_code():
    quartic = _hand_written_descent(
        lambda x, y: (40 * x**3, 4 * y**3), ex.QUARTIC_START, ex.QUARTIC_LEARNING_RATE, ex.QUARTIC_STEPS
    )
    cubic = _hand_written_descent(
        lambda x, y: (15 * x**2, 3 * y**2), ex.CUBIC_START, ex.CUBIC_LEARNING_RATE, ex.CUBIC_GD_STEPS
    )
    assert np.allclose(ex.quartic_paths()[1][-1], quartic, rtol=1e-12)
    assert np.allclose(ex.cubic_paths()[1][-1], cubic, rtol=1e-12)


def test_first_gradient_step_on_the_quartic_overshoots():
    """x is multiplied by 1 - 40·η·x² = -0.6 at the start: it jumps from 20 across the minimum to -12."""
    assert ex.quartic_paths()[1][1].tolist() == [-12.0, pytest.approx(19.2)]
    assert get_value("newton_quartic_gd_first_factor").text() == "-0.6"
    assert 1 - 40 * ex.QUARTIC_LEARNING_RATE * ex.QUARTIC_START[0] ** 2 == pytest.approx(-0.6)


def test_newton_walks_into_a_stationary_point_that_is_no_minimum():
    newton_end = ex.cubic_paths()[0][-1]
    gd_end = ex.cubic_paths()[1][-1]
    assert np.all(np.abs(newton_end) < 1e-27)
    assert ex.example_value("cubic", gd_end) < -1e4 < ex.example_value("cubic", newton_end)
    assert ex.example_value("cubic", (-1e-3, 0.0)) < 0  # downhill right next to the origin


def test_quadratic_is_solved_in_one_newton_step():
    assert get_value("newton_quadratic_one_step").text() == "(0, 0)"


def test_newton_finds_minima_of_non_convex_functions_and_maxima_too():
    assert ex.double_well_end(2.0) == 1.0
    assert ex.double_well_end(0.3) == 0.0
    second = sp.lambdify(hessian.px, sp.diff(ex.DOUBLE_WELL, hessian.px, 2))
    assert second(1.0) > 0 > second(0.0)
    assert sp.diff(ex.DOUBLE_WELL, hessian.px, 2).subs(hessian.px, sp.Rational(1, 2)) < 0  # not convex


def test_a_planted_wrong_gradient_is_caught_by_the_hand_written_check():
    """The comparison above is not vacuous: a gradient off by a factor (30x³ for 40x³) fails it."""
    wrong = _hand_written_descent(
        lambda x, y: (30 * x**3, 4 * y**3), ex.QUARTIC_START, ex.QUARTIC_LEARNING_RATE, ex.QUARTIC_STEPS
    )
    assert not np.allclose(ex.quartic_paths()[1][-1], wrong, rtol=1e-12)


# --- the hypotheses the page states are the ones the proofs use ------------------------------------------


@pytest.mark.parametrize("name", ["newton_sqrt_step", "newton_cbrt_step"])
def test_the_stated_function_is_the_derivations_definition(name):
    stated = get_hypothesis(f"{name}_function").relation
    d = get_derivation(name)
    assert sp.simplify(stated.rhs - d.definitions[newton.f](newton.x)) == 0
    assert stated.lhs == newton.f(newton.x)


def test_the_stated_hessian_point_is_the_derivations_definition():
    stated = get_hypothesis("newton_hessian_point").relation
    d = get_derivation("newton_hessian_step")
    explicit = stated.rhs.doit().xreplace(
        {hessian.xk_vec: hessian.POINT, hessian.H_mat: hessian.HESS, hessian.g_vec: hessian.GRAD}
    )
    assert sp.simplify(sp.Matrix(explicit.doit()) - sp.Matrix(d.definitions[hessian.xnext_vec])) == sp.zeros(2, 1)
    wrong = stated.rhs.doit().xreplace(
        {hessian.xk_vec: hessian.POINT, hessian.H_mat: hessian.HESS.T * 2, hessian.g_vec: hessian.GRAD}
    )
    assert sp.simplify(sp.Matrix(wrong.doit()) - sp.Matrix(d.definitions[hessian.xnext_vec])) != sp.zeros(2, 1)


def test_the_cube_root_is_odd_as_declared():
    """newton_cbrt(-K) is -newton_cbrt(K), bit for bit, as the declared definition says."""
    for K in (2.0, 27.0, 1e-300, 5e-324, 1e300, 0.1):
        assert newton_cbrt(-K) == -newton_cbrt(K)


def test_the_mantissa_split_and_tangent_start():
    """K = m·2^(2q) with m in [0.5, 2): the robust start (1 + m)/2 touches √m only at the tangent point."""
    assert get_value("newton_tangent_point").text() == "1"
    assert sqrt_iterates(1.0)[0] == 1.0  # at m = 1 the start is the root itself
    for K in (0.5, 0.7, 1.5, 1.99):
        assert sqrt_iterates(K)[0] > math.sqrt(K)  # elsewhere the tangent line lies above


def test_tex_numbers_read_as_the_page_wrote_them():
    assert [ex.tex_number(v) for v in (4196720.0, -2.0, 5e6, 1e308, 1e-4, 0.0017, 2e16)] == [
        "4196720",
        "-2",
        r"5 \cdot 10^{6}",
        "10^{308}",
        "10^{-4}",
        "0.0017",
        r"2 \cdot 10^{16}",
    ]


def test_the_first_step_for_minus_one_lands_on_zero():
    """(1 + (-1)/1)/2 is exactly 0, and the next step divides by it."""
    assert (1 + (-1.0) / 1) / 2 == 0.0
    assert get_value("newton_naive_sqrt_minus1_first_step").text() == "0"
    assert seed.naive_sqrt(-1.0).error == "ZeroDivisionError"


def test_importing_the_chapter_runs_no_loop():
    """Registration only: the loops run when a page asks for a value (then the caches fill, as planted)."""
    import subprocess
    import sys

    code = (
        "from derive.core.discovery import load_chapter\n"
        "load_chapter('newton')\n"
        "from derive.chapters.newton import experiments as e, source_code as s\n"
        "from derive.core.registry import VALUES\n"
        "print(s.naive_failure_rows.cache_info().currsize, e.quartic_paths.cache_info().currsize)\n"
        "VALUES['newton_naive_sqrt_2e16_steps'].text(); VALUES['newton_quartic_gd_end'].text()\n"
        "print(s.naive_failure_rows.cache_info().currsize, e.quartic_paths.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["0", "0", "1", "1"]


# ---------------------------------------------------------------- the reviewed claims (errata)
def test_every_reviewed_claim_is_boxed_on_both_pages_with_existing_evidence():
    from pathlib import Path

    from derive.core.errata import all_claims, unknown_evidence

    mine = [c for c in all_claims() if c.chapter == "newton"]
    assert {c.verdict for c in mine} == {"right", "wrong", "imprecise"}
    assert not [e for e in unknown_evidence() if e.startswith("nt_")]
    docs = Path(__file__).resolve().parents[2] / "docs"
    for lang in ("en", "zh"):
        page = (docs / f"newton.{lang}.md").read_text(encoding="utf-8")
        assert "!!! failure" not in page
        assert [c.name for c in mine if f"[[erratum:{c.name}]]" not in page] == []


# ---------------------------------------------------------------- the exercises' answers
def test_exercise_reciprocal_step_is_newton_on_one_over_x_minus_k():
    """The derivation's last line against x − f/f′ written out here with f′ = −1/x², at 50 digits."""
    from derive.chapters.newton import exercises

    step = sp.lambdify((newton.x, newton.K), exercises.reciprocal_step.final.doit(), "mpmath")
    with mpmath.workdps(50):
        for xv, Kv in ((0.5, 3), (0.1, 7.5), (1.9, 0.5)):
            xv, Kv = mpmath.mpf(xv), mpmath.mpf(Kv)
            assert mpmath.almosteq(step(xv, Kv), xv - (1 / xv - Kv) / (-1 / xv**2), rel_eps=mpmath.mpf(10) ** -40)


def test_exercise_reciprocal_digits_double_as_the_error_relation_says():
    """K·e_k is −(K·e_0)^(2^k) from step one on; with K·e_0 one half the digits are 2^k·log10(2)."""
    with mpmath.workdps(60):
        expected = [float(2**k * mpmath.log10(2)) for k in range(7)]
    assert get_value("newton_ex_reciprocal_digits").text() == "(" + ", ".join(f"{d:.1f}" for d in expected) + ")"
    x_, K_, steps = 0.5, 3.0, 0
    while x_ != 1 / K_ and steps < 10:  # the same iteration in doubles reaches the correctly rounded 1/3
        x_, steps = x_ * (2 - K_ * x_), steps + 1
    assert x_ == 1 / 3 and steps <= 7


def test_exercise_reciprocal_starts_are_between_zero_and_two_over_k():
    """Brute force: the iteration for 1/3 from starts on a grid converges exactly inside (0, 2/3)."""
    assert get_value("newton_ex_reciprocal_starts").text() == r"\left(0, \frac{2}{3}\right)"
    for start in np.linspace(-0.5, 1.2, 171):
        x_ = float(start)
        for _ in range(60):
            x_ = x_ * (2 - 3 * x_)
            if not abs(x_) < 1e6:
                break
        inside = 0 < start < 2 / 3 and not math.isclose(start, 2 / 3)
        assert (abs(x_ - 1 / 3) < 1e-12) == inside, start


def test_exercise_degenerate_minimum_keeps_two_thirds_per_step():
    """Newton's extremum step on x⁴ with f′ and f″ written out here, counted until |x| is a millionth."""
    x_, steps = 1.0, 0
    while abs(x_) >= 1e-6:
        x_, steps = x_ - 4 * x_**3 / (12 * x_**2), steps + 1
    assert get_value("newton_ex_quartic_steps_millionth").text() == str(steps)
    # x − f′/f″ is x(1 − 4x³/(12x³)) on x⁴ and x(1 − 2x/(2x)) on x²
    assert get_value("newton_ex_quartic_factor").text() == str(1 - sp.Rational(4, 12))
    assert get_value("newton_ex_quadratic_factor").text() == str(1 - sp.Rational(2, 2))
    assert get_value("newton_ex_quartic_factor").text() == get_value("newton_quartic_ratio").text()
