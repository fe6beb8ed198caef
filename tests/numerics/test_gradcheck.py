"""Tests of the central-difference helper against closed forms and mpmath, each with a planted defect."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from derive.numerics.gradcheck import (
    central_difference,
    finite_difference_error_curve,
    max_abs_difference,
    max_relative_error,
    optimal_central_eps,
    relative_error,
)

U = np.finfo(np.float64).eps


# --- planted versions of the helper ------------------------------------------------------------------------


def _central_difference_without_restore(f, x, eps=1e-6):
    # perturbs the caller's array in place and never puts the entry back
    grad = np.zeros_like(x)
    for i in range(x.size):
        x.flat[i] += eps
        f_plus = f(x)
        x.flat[i] -= 2 * eps
        grad.flat[i] = (f_plus - f(x)) / (2 * eps)
    return grad


def _central_difference_dividing_by_2eps(f, x, eps=1e-6):
    # restores properly, but divides by 2ε instead of the step that was actually taken
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        original = x.flat[i]
        x.flat[i] = original + eps
        f_plus = f(x)
        x.flat[i] = original - eps
        f_minus = f(x)
        x.flat[i] = original
        grad.flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _forward_difference(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = x.copy()
        step.flat[i] += eps
        grad.flat[i] = (f(step) - f(x)) / eps
    return grad


def _assert_input_unchanged_and_one_coordinate_at_a_time(cd):
    x = np.array([[0.3, -1.2], [2.5, 4.0]])
    before = x.copy()
    seen = []

    def f(v):
        seen.append(np.count_nonzero(v != before))
        return float(np.sum(v**2))

    cd(f, x, 1e-3)
    assert np.array_equal(x, before), "the input array was changed"
    assert seen and all(n == 1 for n in seen), "f saw more than one coordinate moved"


# --- central_difference --------------------------------------------------------------------------------------


def test_central_difference_leaves_its_input_unchanged():
    _assert_input_unchanged_and_one_coordinate_at_a_time(central_difference)


def test_the_unchanged_input_check_catches_a_loop_that_does_not_restore():
    with pytest.raises(AssertionError):
        _assert_input_unchanged_and_one_coordinate_at_a_time(_central_difference_without_restore)


def test_input_unchanged_even_when_f_raises_midway():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError):
        central_difference(f, x)
    assert np.array_equal(x, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("scale", [1e-6, 1e-2, 1.0, 30.0])
def test_central_difference_of_a_cubic_matches_its_exact_value_from_mpmath(scale):
    # for f = Σ v³/3 the central difference is exactly v² + ε²/3 in exact arithmetic
    x = scale * np.array([0.7, -1.3, 2.2])
    eps = 1e-3 * scale
    got = central_difference(lambda v: float(np.sum(v**3) / 3), x, eps)
    with mp.workdps(50):
        exact = [float(mp.mpf(float(xi)) ** 2 + mp.mpf(eps) ** 2 / 3) for xi in x]
    # rounding: about u·|f| / ε ≈ u·scale³ / (1e-3 scale), relative to the gradient scale²: u·1e3
    np.testing.assert_allclose(got, exact, rtol=1e-10)


def test_central_difference_of_sin_matches_cos():
    x = np.linspace(-3, 3, 13)
    got = central_difference(lambda v: float(np.sum(np.sin(v))), x, optimal_central_eps())
    np.testing.assert_allclose(got, np.cos(x), atol=1e-9)


def test_dividing_by_the_realised_step_makes_a_linear_function_exact_and_the_planted_one_is_not():
    # at |x| ≫ ε, x ± ε is rounded, so the step taken is not 2ε; for f(v) = v it is exactly the step
    planted = []
    for value in (1234.5678, 98765.4321, -3.3e4, 7.1e6):
        x = np.array([value])
        assert central_difference(lambda v: float(v[0]), x, 1e-6)[0] == 1.0
        planted.append(_central_difference_dividing_by_2eps(lambda v: float(v[0]), x, 1e-6)[0])
    assert max(abs(p - 1) for p in planted) > 1e-8


def test_central_difference_rejects_bad_input():
    with pytest.raises(TypeError):
        central_difference(3.0, np.ones(2))
    for eps in (0.0, -1e-6, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            central_difference(np.sum, np.ones(2), eps)
    with pytest.raises(TypeError):
        central_difference(np.sum, np.ones(2), True)
    with pytest.raises(ValueError):
        central_difference(lambda v: v, np.ones(2))  # not a scalar
    with pytest.raises(ValueError):
        central_difference(np.sum, [1.0, float("nan")])
    with pytest.raises(TypeError):
        central_difference(np.sum, ["a", "b"])


# --- relative error ------------------------------------------------------------------------------------------


def test_relative_error_by_hand():
    a = np.array([0.0, 0.0, 1.0, 1.0, 1e-300, -2.0])
    n = np.array([0.0, 3.0, 1.1, -1.0, 2e-300, -2.0])
    expected = [0.0, 1.0, 0.1 / 1.1, 2.0, 0.5, 0.0]  # both 0; one 0; CS231n's ratio; opposite signs; subnormal
    np.testing.assert_allclose(relative_error(a, n), expected, rtol=1e-15, atol=0)
    assert max_relative_error(a, n) == 2.0
    assert max_abs_difference(a, n) == 3.0


def test_relative_error_is_symmetric_and_scale_free():
    rng = np.random.default_rng(1)
    a, n = rng.standard_normal(50), rng.standard_normal(50)
    np.testing.assert_array_equal(relative_error(a, n), relative_error(n, a))
    for scale in (1e-200, 1e-5, 1e5, 1e200):
        np.testing.assert_allclose(relative_error(scale * a, scale * n), relative_error(a, n), rtol=1e-14)


def test_relative_error_rejects_bad_input():
    with pytest.raises(ValueError):
        relative_error(np.ones(2), np.ones(3))
    with pytest.raises(ValueError):
        max_abs_difference(np.ones(2), np.ones(3))
    with pytest.raises(ValueError):
        relative_error([np.inf], [1.0])
    with pytest.raises(TypeError):
        relative_error(["x"], [1.0])
    assert max_relative_error([], []) == 0.0


# --- the error curve and the best step ---------------------------------------------------------------------


def _exact_central_error_of_exp_at_1(eps):
    # ((e^(1+ε) − e^(1−ε)) / 2ε) − e = e (sinh ε / ε − 1), exactly
    with mp.workdps(60):
        e = mp.mpf(eps)
        return float(mp.e * (mp.sinh(e) / e - 1))


def test_error_curve_in_the_truncation_regime_matches_the_exact_closed_form():
    eps = np.array([1e-1, 3e-2, 1e-2, 3e-3])
    curve = finite_difference_error_curve(math.exp, math.exp, 1.0, eps)
    np.testing.assert_allclose(curve, [_exact_central_error_of_exp_at_1(e) for e in eps], rtol=1e-4)


def _log_slope(errors, eps):
    return np.polyfit(np.log(eps), np.log(errors), 1)[0]


def test_truncation_error_falls_as_eps_squared_and_a_planted_forward_difference_does_not():
    eps = np.logspace(-3, -1, 9)
    assert abs(_log_slope(finite_difference_error_curve(math.exp, math.exp, 1.0, eps), eps) - 2) < 0.05
    forward = [abs(_forward_difference(lambda v: math.exp(v.item()), np.array([1.0]), e).item() - math.e) for e in eps]
    assert abs(_log_slope(forward, eps) - 2) > 0.5  # slope 1: the test above would reject it


def test_rounding_error_grows_like_u_over_eps():
    eps = np.logspace(-13, -11, 21)
    curve = finite_difference_error_curve(math.exp, math.exp, 1.0, eps)
    truncation = np.array([_exact_central_error_of_exp_at_1(e) for e in eps])
    assert np.all(truncation < 1e-20)  # so everything measured here is rounding
    scaled = curve * eps / (U * math.e)  # rounding error in units of u·|f| / ε
    assert 0.01 < np.median(scaled) < 10
    assert _log_slope(curve[curve > 0], eps[curve > 0]) < -0.5


def test_optimal_eps_is_the_cube_root_of_machine_epsilon():
    with mp.workdps(30):
        expected = float(mp.cbrt(mp.mpf(2) ** -52))
    assert optimal_central_eps() == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("candidate", ["helper", "sqrt_u_planted", "u_planted"])
def test_optimal_eps_beats_steps_a_thousand_times_smaller_or_larger(candidate):
    eps = {"helper": optimal_central_eps(), "sqrt_u_planted": math.sqrt(U), "u_planted": 1e3 * U}[candidate]
    errors = [
        finite_difference_error_curve(f, d, 1.0, [eps, eps / 1e3, eps * 1e3])
        for f, d in ((math.exp, math.exp), (math.sin, math.cos))
    ]
    # predicted smallest error for f ≈ f''' ≈ 1: about u^(2/3) ≈ 4e-11; sqrt(u) (the forward-difference
    # optimum) already costs about u/sqrt(u) = 1.5e-8
    good = all(err[0] < 1e-9 and err[0] < err[1] and err[0] < err[2] for err in errors)
    assert good == (candidate == "helper")


def test_error_curve_rejects_bad_input():
    with pytest.raises(ValueError):
        finite_difference_error_curve(math.exp, math.exp, 1.0, [])
    with pytest.raises(ValueError):
        finite_difference_error_curve(math.exp, math.exp, 1.0, [1e-3, -1e-3])
    with pytest.raises(ValueError):
        finite_difference_error_curve(math.exp, math.exp, [1.0, 2.0], [1e-3])
    with pytest.raises(TypeError):
        finite_difference_error_curve(math.exp, 2.0, 1.0, [1e-3])
