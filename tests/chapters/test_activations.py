"""The activation code the page teaches is the proved derivative: on a grid, against central differences,
across the floating-point range, and a planted wrong derivative is caught by the same checks."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.chapters.activations import experiments as ex
from derive.chapters.activations.derivations import DEFINITIONS, SIGMOID, x
from derive.core.checker import expand_definitions
from derive.core.registry import get_derivation, get_hypothesis, get_value
from derive.numerics.activations import relu, relu_derivative_np, sigmoid, sigmoid_derivative_np, tanh
from derive.numerics.gradcheck import central_difference

GRID = np.linspace(-12.0, 12.0, 481)  # includes 0 exactly (step 0.05)
KINK_FREE = GRID[np.abs(GRID) > 1e-3]  # ReLU's central difference straddles the kink only at 0


def proved(name: str):
    """The registered derivation's last line, definitions expanded, as a NumPy function of x."""
    d = get_derivation(name)
    return sp.lambdify(x, expand_definitions(d.final, d.definitions), "numpy")


def matches_proof(code, name: str, points=GRID) -> bool:
    with np.errstate(over="ignore"):  # the proved σ(x)(1 − σ(x)) expands into e^-x, fine on this grid
        return bool(np.allclose(code(points), proved(name)(points), rtol=1e-12, atol=1e-15))


def matches_central_differences(code, f, points) -> bool:
    numeric = np.array([central_difference(lambda v: float(f(v[0])), [p])[0] for p in points])
    return bool(np.allclose(code(points), numeric, rtol=1e-6, atol=1e-8))


# --- the code is the proof --------------------------------------------------------------------------


def test_sigmoid_derivative_np_is_the_proved_derivative():
    assert matches_proof(sigmoid_derivative_np, "sigmoid_derivative")


def test_sigmoid_derivative_np_matches_central_differences():
    assert matches_central_differences(sigmoid_derivative_np, sigmoid, GRID)


def test_relu_derivative_np_is_the_proved_derivative():
    """Including x = 0, where the proved Heaviside(x, 0) carries the declared convention."""
    assert 0.0 in GRID
    assert matches_proof(relu_derivative_np, "relu_derivative")


def test_relu_derivative_np_matches_central_differences_away_from_the_kink():
    assert matches_central_differences(relu_derivative_np, relu, KINK_FREE)


def test_relu_derivative_at_zero_is_the_declared_convention():
    """The code returns the value the page's hypothesis declares, and the kink really has two slopes."""
    convention = get_hypothesis("relu_derivative_at_zero")
    assert convention.kind == "convention"
    assert float(relu_derivative_np(0.0)) == float(convention.relation.rhs)
    assert ex.one_sided_relu_slopes() == (0.0, 1.0)


def test_tanh_derivative_as_drawn_is_the_proved_one():
    assert matches_proof(ex.tanh_derivative_np(), "tanh_derivative")
    assert matches_central_differences(ex.tanh_derivative_np(), tanh, GRID)


def test_sigmoid_derivative_np_keeps_its_digits_across_the_range():
    """σ(x)σ(−x) against mpmath at 50 digits for |x| up to 700 (where the naive σ(1 − σ) gives 0)."""
    points = np.concatenate([np.linspace(-700, 700, 141), [-40.0, 40.0, 36.9, 745.0]])
    with mpmath.workdps(50):
        for p in points:
            exact = mpmath.exp(-abs(mpmath.mpf(p))) / (1 + mpmath.exp(-abs(mpmath.mpf(p)))) ** 2
            got = float(sigmoid_derivative_np(p))
            if exact < mpmath.mpf(2.2e-308):  # subnormal territory: only absolute accuracy is possible
                assert abs(got - float(exact)) < 1e-320
            else:
                assert abs(got / exact - 1) < 1e-14, p


# --- the checks can fail ----------------------------------------------------------------------------


def _sigmoid_derivative_typo(v):
    """The usual slip: σ(x)(1 + σ(x))."""
    s = sigmoid(v)
    return s * (1 + s)


def _relu_derivative_at_zero_one(v):
    """ReLU′ with the other convention at 0 (1 instead of 0): right everywhere else."""
    return (np.asarray(v, dtype=float) >= 0).astype(float)


def _tanh_derivative_square_dropped(v):
    return 1 - np.tanh(v)


def test_a_planted_wrong_sigmoid_derivative_is_caught():
    assert not matches_proof(_sigmoid_derivative_typo, "sigmoid_derivative")
    assert not matches_central_differences(_sigmoid_derivative_typo, sigmoid, GRID)


def test_a_planted_wrong_convention_at_zero_is_caught():
    assert not matches_proof(_relu_derivative_at_zero_one, "relu_derivative")
    assert matches_central_differences(_relu_derivative_at_zero_one, relu, KINK_FREE)  # only the convention differs


def test_a_planted_wrong_tanh_derivative_is_caught():
    assert not matches_proof(_tanh_derivative_square_dropped, "tanh_derivative")
    assert not matches_central_differences(_tanh_derivative_square_dropped, tanh, GRID)


# --- the page's numbers --------------------------------------------------------------------------------


def test_the_maximum_slope_is_a_quarter_at_zero():
    assert ex.sigmoid_prime_argmax() == 0.0
    assert get_value("sigmoid_prime_max").text() == "0.25"
    assert float(sigmoid_derivative_np(0.0)) == 0.25


def test_the_raw_derivative_breaks_where_the_stable_one_does_not():
    assert np.isnan(ex.naive_sigmoid_prime(ex.NAIVE_PROBE))
    assert float(sigmoid_derivative_np(ex.NAIVE_PROBE)) == 0.0  # the true 3.7e-348 is below every double
    assert float(sp.N(sp.diff(SIGMOID(x), x).subs(x, int(ex.NAIVE_PROBE)), 5)) == 0.0  # too small for a float
    s = float(sigmoid(ex.SATURATED_PROBE))
    assert s == 1.0 and s * (1 - s) == 0.0 and float(sigmoid_derivative_np(ex.SATURATED_PROBE)) > 4e-18


@pytest.mark.parametrize("dtype, bits", [(np.float64, 53), (np.float32, 24)])
def test_saturation_points_are_where_sigmoid_first_rounds_to_one(dtype, bits):
    """1/(1 + e^-x) rounds to 1 once e^-x drops below about 2^-bits: x near bits·ln 2."""
    near = bits * np.log(2.0)
    point = ex.saturation_point(dtype)
    below = np.nextafter(dtype(point), dtype(0))
    one = dtype(1)
    with np.errstate(under="ignore"):
        assert dtype(one / (one + np.exp(-dtype(point)))) == one
        assert dtype(one / (one + np.exp(-below))) < one
    assert abs(point - near) < 0.01


# ---------------------------------------------------------------- the reviewed claims (errata)
def test_the_sigmoid_limits_are_the_ends_of_its_range():
    """Against mpmath far out on both sides: the range is (0, 1), not the (−1, 1) a source gives."""
    with mpmath.workdps(150):  # enough digits that 1 − σ(200), about 1e-87, survives the subtraction
        left, right = (1 / (1 + mpmath.exp(-t)) for t in (mpmath.mpf(-200), mpmath.mpf(200)))
        assert 0 < left < mpmath.mpf(10) ** -80 and 0 < 1 - right < mpmath.mpf(10) ** -80
    assert get_value("sigmoid_limit_minus_inf").compute() == round(float(left))
    assert get_value("sigmoid_limit_plus_inf").compute() == round(float(right))


def test_every_reviewed_claim_is_boxed_on_both_pages_with_existing_evidence():
    from pathlib import Path

    from derive.core.errata import all_claims, unknown_evidence

    mine = [c for c in all_claims() if c.chapter == "activations"]
    assert {c.verdict for c in mine} >= {"right", "wrong"}
    assert not [e for e in unknown_evidence() if e.startswith("act_")]
    docs = Path(__file__).resolve().parents[2] / "docs"
    for lang in ("en", "zh"):
        page = (docs / f"activations.{lang}.md").read_text(encoding="utf-8")
        assert "!!! failure" not in page
        assert [c.name for c in mine if f"[[erratum:{c.name}]]" not in page] == []


# ---------------------------------------------------------------- the exercises' answers
def _mp_sigmoid(t):
    return 1 / (1 + mpmath.exp(-t))


def test_exercise_second_derivative_matches_mpmath():
    """σ″ as the derivation's last line, against mpmath's numerical second derivative at 50 digits."""
    from derive.chapters.activations import exercises

    claimed = sp.lambdify(x, expand_definitions(exercises.sigmoid_second_derivative.final, DEFINITIONS), "mpmath")
    with mpmath.workdps(50):
        for p in (-7.5, -1.3, -0.2, 0.0, 0.4, 2.0, 9.0):
            t = mpmath.mpf(p)
            assert mpmath.almosteq(claimed(t), mpmath.diff(_mp_sigmoid, t, 2), rel_eps=mpmath.mpf(10) ** -30)


def test_exercise_sigmoid_inflection_and_fastest_change():
    """σ″ vanishes at 0; |σ″| peaks at ±ln(2 + √3) with the value √3/18 (closed forms worked out by hand,
    then checked here with mpmath's root finder on σ‴)."""
    with mpmath.workdps(50):
        peak = mpmath.findroot(lambda t: mpmath.diff(_mp_sigmoid, t, 3), mpmath.mpf("1.3"))
        assert mpmath.almosteq(peak, mpmath.log(2 + mpmath.sqrt(3)), rel_eps=mpmath.mpf(10) ** -30)
        largest = mpmath.diff(_mp_sigmoid, -peak, 2)
        assert mpmath.almosteq(largest, mpmath.sqrt(3) / 18, rel_eps=mpmath.mpf(10) ** -30)
        assert abs(mpmath.diff(_mp_sigmoid, 0, 2)) < mpmath.mpf(10) ** -40
    assert get_value("act_ex_sigmoid_inflection").text() == "0"
    assert get_value("act_ex_sigmoid_fastest_change_at").text() == f"({-float(peak):.4f}, {float(peak):.4f})"
    assert get_value("act_ex_sigmoid_second_max").text() == f"{float(largest):.4f}"


def test_exercise_tanh_derivative_via_sigmoid_is_sech_squared():
    from derive.chapters.activations import exercises

    claimed = sp.lambdify(x, expand_definitions(exercises.tanh_derivative_via_sigmoid.final, DEFINITIONS), "mpmath")
    with mpmath.workdps(50):
        for p in (-6.0, -0.7, 0.0, 0.3, 2.5):
            t = mpmath.mpf(p)
            assert mpmath.almosteq(claimed(t), mpmath.sech(t) ** 2, rel_eps=mpmath.mpf(10) ** -40)
        slope = mpmath.diff(mpmath.tanh, 0)
        ratio = slope / mpmath.diff(_mp_sigmoid, 0)
    assert get_value("act_ex_tanh_slope_at_0").text() == f"{float(slope):g}"
    assert get_value("act_ex_tanh_to_sigmoid_slope_ratio").text() == f"{float(ratio):g}"
