"""The optimisers chapter: each optimiser step of derive.numerics matches the update rule the chapter
proves (the derivation's expressions, lambdified), the recurrence's eigenvalues and region against NumPy,
Himmelblau's derivations against the numerics, and the explorer's data against the closed form written
out here. Each comparison is also shown a planted defect that it must catch."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from derive.chapters.optimisers import derivations_adaptive as da
from derive.chapters.optimisers import derivations_himmelblau as dh
from derive.chapters.optimisers import derivations_momentum as dm
from derive.chapters.optimisers import experiments as ex
from derive.core.registry import get_value
from derive.numerics import himmelblau as hb
from derive.numerics.optimisers import adagrad_step, adam_step, momentum_step, rmsprop_step, sgd_step

RNG = np.random.default_rng(20261201)
TOL = 1e-12


def _lambdify(expr, symbols):
    return sp.lambdify(symbols, sp.sympify(expr).doit(), "numpy")


def _close(a, b, tol=TOL):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


# ---------------------------------------------------------------- momentum
def _source_rule():
    """w_{k+1} and v_{k+1} from the second step of opt_momentum_forms_agree (before v is rewritten)."""
    d = dm.momentum_forms_agree
    weight = _lambdify(d.steps[1].expr, (dm.w, dm.v, dm.gk, dm.alpha, dm.beta))
    velocity = _lambdify(d.definitions[dm.v_next], (dm.v, dm.gk, dm.alpha, dm.beta))
    return weight, velocity


def _run_momentum(step, grads, lr, beta):
    params, state, out = np.zeros(3), {}, []
    for g in grads:
        params, state = step(params, g, state, lr=lr, momentum=beta)
        out.append(params)
    return np.array(out)


def _proved_momentum(grads, lr, beta):
    weight, velocity = _source_rule()
    w, v, out = np.zeros(3), np.zeros(3), []
    for g in grads:
        w, v = weight(w, v, g, lr, beta), velocity(v, g, lr, beta)
        out.append(w)
    return np.array(out)


def _plus_sign_momentum(params, grad, state, *, lr, momentum):
    """A planted defect: velocity pushed up the gradient."""
    velocity = momentum * state.get("velocity", 0 * grad) + lr * grad
    return params + velocity, {"velocity": velocity}


@pytest.mark.parametrize("lr,beta", [(0.01, 0.8), (0.1, 0.5), (0.37, 0.93)])
def test_momentum_step_and_pytorch_sgd_follow_the_proved_rule(lr, beta):
    grads = RNG.normal(size=(12, 3)) * 10.0 ** RNG.integers(-3, 4, size=(12, 1))
    proved = _proved_momentum(grads, lr, beta)
    assert _close(_run_momentum(momentum_step, grads, lr, beta), proved)
    assert _close(_run_momentum(sgd_step, grads, lr, beta), proved, 1e-10)  # PyTorch's form, same iterates
    assert not _close(_run_momentum(_plus_sign_momentum, grads, lr, beta), proved)


def test_unrolled_velocity_matches_four_steps():
    unrolled = _lambdify(dm.momentum_unrolled.final, (dm.alpha, dm.beta, *dm.G))
    lr, beta = 0.05, 0.9
    grads = RNG.normal(size=4)
    params, state = np.zeros(1), {}
    for g in grads:
        params, state = momentum_step(params, np.array([g]), state, lr=lr, momentum=beta)
    assert _close(state["velocity"][0], unrolled(lr, beta, *grads))
    assert not _close(-state["velocity"][0], unrolled(lr, beta, *grads))  # the sign error is caught


@pytest.mark.parametrize("t", [1, 2, 7, 30])
def test_geometric_sum_and_the_sum_to_t(t):
    beta = 0.9
    direct = sum(Fraction(9, 10) ** k for k in range(t))
    proved = dm.geometric_sum.final.subs({dm.beta: sp.Rational(9, 10), dm.t: t})
    assert sp.Rational(direct.numerator, direct.denominator) == proved
    assert abs(float(dm.geometric_sum_to_t.final.subs({dm.beta: sp.Rational(9, 10), dm.t: t})) - float(direct)) > (
        beta**t / 2
    )


def test_constant_gradient_velocity_tends_to_the_effective_step():
    lr, beta, g = 0.01, 0.8, 3.0
    closed = _lambdify(dm.velocity_constant_gradient.final, (dm.alpha, dm.beta, dm.g, dm.t))
    params, state = np.zeros(1), {}
    for t in range(1, 60):
        params, state = momentum_step(params, np.array([g]), state, lr=lr, momentum=beta)
        assert _close(state["velocity"][0], closed(lr, beta, g, t))
    assert abs(state["velocity"][0] + lr * g / (1 - beta)) < 1e-6


@pytest.mark.parametrize("h,beta", [(0.2, 0.8), (2.0, 0.5), (0.02, 0.8), (3.5, 0.6), (0.01, 0.1)])
def test_recurrence_matrix_is_one_momentum_step_and_its_eigenvalues_are_the_roots(h, beta):
    lam = 4.0
    lr = h / lam
    x0, v0 = RNG.normal(size=2)
    matrix = np.array(dm.recurrence_matrix()(h, beta), dtype=float)
    params, state = momentum_step(
        np.array([x0]), np.array([lam * x0]), {"velocity": np.array([v0])}, lr=lr, momentum=beta
    )
    assert _close(matrix @ [x0, v0], [params[0], state["velocity"][0]])
    p = sp.Poly(
        dm.characteristic_polynomial().subs({dm.h: sp.Rational(str(h)), dm.beta: sp.Rational(str(beta))}), dm.mu
    )
    roots = np.sort_complex(np.roots([float(c) for c in p.all_coeffs()]))
    assert np.allclose(roots, np.sort_complex(np.linalg.eigvals(matrix)), atol=1e-12)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.5, 0.8, 0.95])
def test_stability_edge_is_where_the_spectral_radius_crosses_one(beta):
    edge = ex.stability_edge_at(beta)
    assert edge == pytest.approx(2 * (1 + beta))
    assert ex.spectral_radius(edge * 0.999, beta) < 1 < ex.spectral_radius(edge * 1.001, beta)
    low, high = ex.complex_band_at(beta) if beta else (1.0, 1.0)
    if beta:
        middle = (low + high) / 2
        eig = np.linalg.eigvals(np.array(dm.recurrence_matrix()(middle, beta), dtype=float))
        assert np.all(np.abs(eig.imag) > 0) and np.allclose(np.abs(eig), np.sqrt(beta))


def test_seed_runs_numbers():
    """The author's figures: the edge run's plain factor along x is exactly −1, momentum's radius √0.5."""
    assert ex.gd_factors("edge")[0] == -1.0
    assert ex.run_radii("edge") == pytest.approx((np.sqrt(0.5), np.sqrt(0.5)))
    plain, heavy = ex.distances("slow")
    assert heavy < plain


# ---------------------------------------------------------------- Adagrad, RMSprop, Adam
GRADS = np.array([-40.0, -3.0, -0.5, 0.25, 2.0, 900.0])


def test_adagrad_first_step_is_the_proved_size():
    size = _lambdify(da.adagrad_first_step.final, (da.alpha, da.eps, da.g))
    new, _ = adagrad_step(np.zeros_like(GRADS), GRADS, {}, lr=0.3, eps=1e-4)
    assert _close(np.abs(new), size(0.3, 1e-4, GRADS))
    wrong, _ = adagrad_step(np.zeros_like(GRADS), GRADS, {}, lr=0.3, eps=1e-1)
    assert not _close(np.abs(wrong), size(0.3, 1e-4, GRADS))


def test_rmsprop_first_step_is_lr_over_root_one_minus_rho():
    size = _lambdify(da.rmsprop_first_step.final, (da.alpha, da.rho))
    new, _ = rmsprop_step(np.zeros_like(GRADS), GRADS, {}, lr=3.0, alpha=0.99, eps=0.0)
    assert _close(np.abs(new), np.full_like(GRADS, size(3.0, 0.99)))
    assert size(3.0, 0.99) == pytest.approx(3.0 * 10)  # 1/√0.01, by hand
    assert ex.rmsprop_first_move() == pytest.approx((30.0, 30.0), rel=1e-6)


@pytest.mark.parametrize("t", [1, 3, 10])
def test_adam_running_mean_on_a_constant_gradient(t):
    mean = _lambdify(da.adam_bias.final, (da.g, da.beta1, da.t))
    params, state = np.zeros_like(GRADS), {}
    for _ in range(t):
        params, state = adam_step(params, GRADS, state, lr=1e-3, betas=(0.9, 0.999))
    assert _close(state["exp_avg"], mean(GRADS, 0.9, t))
    assert not _close(state["exp_avg"], GRADS)  # uncorrected, the mean is short


def test_adam_first_step_is_the_proved_size():
    size = _lambdify(da.adam_first_step.final, (da.alpha, da.eps, da.g))
    new, _ = adam_step(np.zeros_like(GRADS), GRADS, {}, lr=0.01, eps=1e-8)
    assert _close(np.abs(new), size(0.01, 1e-8, GRADS))
    uncorrected = _lambdify(da.adam_uncorrected.final, (da.alpha, da.beta1, da.beta2))
    assert uncorrected(0.01, 0.9, 0.999) / 0.01 == pytest.approx(0.1 / np.sqrt(0.001))
    assert not _close(np.abs(new), uncorrected(0.01, 0.9, 0.999))


def test_adagrad_without_eps_is_nan_on_a_zero_gradient():
    bare, safe = ex.adagrad_zero_gradient()
    assert np.isnan(bare) and safe == 1.0


# ---------------------------------------------------------------- Himmelblau
def test_himmelblau_derivations_match_the_numerics():
    points = RNG.uniform(-5, 5, size=(50, 2))
    grad = _lambdify(dh.gradient.final, (dh.x, dh.y))
    hess = _lambdify(dh.hessian.final, (dh.x, dh.y))
    for p in points:
        assert _close(np.ravel(grad(*p)), hb.himmelblau_gradient(p), 1e-12)
        assert _close(np.array(hess(*p), dtype=float), hb.himmelblau_hessian(p), 1e-12)
    expansion = _lambdify(dh.around_3_2.final, (dh.p, dh.q))
    for p, q in points / 5:
        assert expansion(p, q) == pytest.approx(float(hb.himmelblau(np.array([3 + p, 2 + q]))), rel=1e-12, abs=1e-12)
    assert float(hb.himmelblau_hessian(np.array([3.0, 2.0]))[0, 0]) == float(dh.H_3_2[0, 0])


def test_the_printed_fourth_minimum_is_off():
    true = hb.himmelblau_minima()[3]
    assert abs(3.583328 - true[0]) > 1e-3  # the seed's printed x
    assert get_value("opt_hb_printed_f").text() == "6.34e-05"


# ---------------------------------------------------------------- the explorer
def _closed_form_end(a, b, rate, start=(-60, 70), steps=10):
    """x_n = (1 − 2aη)ⁿ x_0 per coordinate, in exact fractions (written out here, not taken from derive)."""
    rate = Fraction(rate)
    return tuple(float((1 - 2 * c * rate) ** steps * Fraction(s)) for c, s in zip((a, b), start, strict=True))


def test_explorer_data_is_the_closed_form_and_the_regions_the_factor():
    data = json.loads(ex.explorer_json())
    for name, surface in data["surfaces"].items():
        a, b = surface["a"], surface["b"]
        for run in surface["runs"]:
            rate = Fraction(run["label"])
            assert _close(run["end"], _closed_form_end(a, b, rate), 1e-9), (name, run["label"])
            factor = 1 - 2 * max(a, b) * rate
            expected = (
                "converge"
                if factor > 0
                else "one-step"
                if factor == 0
                else "zigzag"
                if factor > -1
                else "edge"
                if factor == -1
                else "diverge"
            )
            assert run["regime"] == expected, (name, run["label"])
            assert run["end_text"] == ex.format_point(run["end"])


@pytest.mark.parametrize("tag,rate", [("0_02", "0.02"), ("0_04", "0.04"), ("0_051", "0.051")])
def test_page_values_are_the_explorer_end_points(tag, rate):
    data = json.loads(ex.explorer_json())
    (run,) = [r for r in data["surfaces"]["ellipse"]["runs"] if r["label"] == rate]
    assert get_value(f"opt_explorer_end_ellipse_{tag}").text() == run["end_text"]


def test_explorer_seed_end_points():
    """Seed 000 §1.4 printed the 20x² + y² end points in float32; ours (float64) agree to the printed digits."""
    printed = {"0.02": (-6.1440e-06, 46.5383), "0.04": (-0.3628, 30.4072), "0.051": (-88.8146, 23.8705)}
    for rate, (px, py) in printed.items():
        x, y = ex.explorer_path("ellipse", float(rate))[-1]
        assert abs(x - px) <= 1.5e-4 and abs(y - py) <= 1e-4


def test_a_planted_regime_error_is_caught():
    def wrong(surface, rate):
        return "converge"

    runs = json.loads(ex.explorer_json())["surfaces"]["ellipse"]["runs"]
    assert any(wrong("ellipse", r["rate"]) != r["regime"] for r in runs)


def test_sgd_without_momentum_is_gradient_descent():
    assert ex.sgd_equals_gd() == 0.0


# ---------------------------------------------------------------- the exercises' answers
def _momentum_converges(lr, beta, steps=4000):
    """Momentum on 10x² + y² from (1, 1) with derive's step: does it end near the minimum?"""
    params, state = np.array([1.0, 1.0]), {}
    for _ in range(steps):
        params, state = momentum_step(params, np.array([20 * params[0], 2 * params[1]]), state, lr=lr, momentum=beta)
        if not np.all(np.abs(params) < 1e6):
            return False
    return bool(np.all(np.abs(params) < 1e-6))


def test_exercise_momentum_limit_rate_by_running_momentum_on_either_side():
    limit = float(get_value("opt_ex_momentum_limit_rate").text())
    beta = float(get_value("opt_slow_beta").text())
    assert _momentum_converges(limit * 0.99, beta) and not _momentum_converges(limit * 1.01, beta)
    plain = 2 / 20  # plain descent on the steep axis: |1 − 20α| below 1
    assert _momentum_converges(plain * 0.99, 0.0) and not _momentum_converges(plain * 1.01, 0.0)
    for scale, stable in ((0.999, True), (1.001, False)):  # the matrix (x, v) ↦ (x + βv − hx, βv − hx) itself
        h = 20 * limit * scale
        radius = max(abs(np.linalg.eigvals(np.array([[1 - h, beta], [-h, beta]]))))
        assert (radius < 1) == stable
    assert float(get_value("opt_ex_momentum_limit_gain").text()) == pytest.approx(limit / plain)


def test_exercise_adam_means_reach_99_percent_by_an_explicit_loop():
    """m ← βm + (1 − β)g from zero with g = 1, counted until m reaches 0.99 (exact fractions)."""
    cases = (("opt_ex_adam_mean_steps_99", Fraction(9, 10)), ("opt_ex_adam_square_steps_99", Fraction(999, 1000)))
    for name, beta in cases:
        m, steps = Fraction(0), 0
        while m < Fraction(99, 100):
            m, steps = beta * m + (1 - beta), steps + 1
        assert get_value(name).text() == f"{steps:,d}"


def test_exercise_adagrad_on_a_constant_gradient_by_running_adagrad():
    """derive's adagrad_step on a constant gradient, 100 steps, against the sum of 1/√t with mpmath."""
    import mpmath

    params, state, lengths = np.array([0.0]), {}, []
    for _ in range(100):
        moved, state = adagrad_step(params, np.array([2.5]), state, lr=1.0)
        lengths.append(abs(float(moved[0] - params[0])))
        params = moved
    with mpmath.workdps(50):
        exact = mpmath.nsum(lambda k: 1 / mpmath.sqrt(k), [1, 100])
    assert float(get_value("opt_ex_adagrad_distance").text()) == pytest.approx(float(exact), abs=5e-5)
    assert sum(lengths) == pytest.approx(float(exact), rel=1e-9)
    assert float(get_value("opt_ex_adagrad_last_step").text()) == pytest.approx(lengths[-1], rel=1e-9)
    assert get_value("opt_ex_adagrad_steps").text() == str(len(lengths))
