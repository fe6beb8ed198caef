"""Tests of the hand-written MLP: backward vs central differences and SymPy, planted defects, training, replay."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derive.chapters.backpropagation import source_code as replay
from derive.numerics import mlp
from derive.numerics.gradcheck import relative_error

EPS = mlp.SOURCE_CHECK_EPS


# --- shapes, parameter count, vector round trip --------------------------------------------------------------


def test_parameter_count_is_609_by_hand():
    assert (1 * 16 + 16) + (16 * 32 + 32) + (32 * 1 + 1) == 609
    assert mlp.params_to_vector(mlp.init_params(0)).shape == (609,)


def test_forward_shapes_match_the_source_printout():
    params = mlp.init_params(0)
    pred, cache = mlp.forward(params, np.zeros((1, 2)))
    assert pred.shape == (1, 2)
    assert [h.shape for h in cache["pre"]] == [(16, 2), (32, 2), (1, 2)]
    assert [a.shape for a in cache["inputs"]] == [(1, 2), (16, 2), (32, 2)]


def test_vector_round_trip_and_order():
    params = mlp.init_params(3)
    vector = mlp.params_to_vector(params)
    back = mlp.vector_to_params(vector)
    assert sorted(back) == sorted(params) and all(np.array_equal(back[k], params[k]) for k in params)
    assert np.array_equal(vector[:16], params["w1"].ravel()) and vector[-1] == params["b3"].item()
    assert np.array_equal(vector[32:544], params["w2"].ravel())  # w1, b1 come first, then w2 row-major
    back["w1"][0, 0] += 1.0  # copies, not views of the vector
    assert vector[0] == params["w1"][0, 0]


def test_bad_input_raises_clear_errors():
    params = mlp.init_params(0)
    with pytest.raises(ValueError):
        mlp.vector_to_params(np.zeros(608))
    with pytest.raises(ValueError):
        mlp.forward(params, np.zeros(5))
    with pytest.raises(ValueError):
        mlp.forward({"w1": np.zeros((1, 2))}, np.zeros((1, 1)))
    with pytest.raises(ValueError):
        mlp.backward(params, mlp.forward(params, np.zeros((1, 2)))[1], np.zeros((1, 3)))
    with pytest.raises(ValueError):
        mlp.init_params(0, sizes=(1, 0, 1))
    with pytest.raises(ValueError):
        mlp.train_sgd(0, steps=0)
    with pytest.raises(ValueError):
        mlp.train_sgd(0, lr=-1.0)
    with pytest.raises(ValueError):
        mlp.mae_loss(np.zeros(2), np.zeros(3))


# --- the layer pieces -----------------------------------------------------------------------------------


def test_relu_and_mae_derivatives_at_their_kinks_and_off_them():
    h = np.array([[-2.0, 0.0, 3.0]])
    assert np.array_equal(mlp.relu_backward(h, np.ones_like(h)), [[0.0, 0.0, 1.0]])
    pred, y = np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([[0.0, 2.0, 5.0, 4.0]])
    assert np.array_equal(mlp.mae_backward(pred, y), [[0.25, 0.0, -0.25, 0.0]])  # ±1/m, and 0 at each tie


def test_linear_backward_against_sympy():
    W = sp.Matrix(2, 3, sp.symbols("w0:6"))
    b = sp.Matrix(3, 1, sp.symbols("b0:3"))
    x = sp.Matrix(2, 2, sp.symbols("x0:4"))
    rng = np.random.default_rng(5)
    G = rng.standard_normal((3, 2))
    values = dict(zip(list(W) + list(b) + list(x), rng.standard_normal(13), strict=True))
    h = W.T * x + b * sp.ones(1, 2)
    loss = sum(G[j, k] * h[j, k] for j in range(3) for k in range(2))  # l with ∂l/∂h = G

    def grad(matrix):
        return np.array([[float(sp.diff(loss, s).subs(values)) for s in row] for row in matrix.tolist()])

    Wn, bn, xn = (np.array(m.subs(values).tolist(), dtype=float) for m in (W, b, x))
    dW, db, dx = mlp.linear_backward(Wn, xn, G)
    np.testing.assert_allclose(dW, grad(W), rtol=1e-12)
    np.testing.assert_allclose(db, grad(b), rtol=1e-12)
    np.testing.assert_allclose(dx, grad(x), rtol=1e-12)


def _sympy_gradient_of_tiny_network(params, x, y):
    # 1 → 2 → 2 → 1 with symbolic weights; SymPy differentiates Max(0, ·) and Abs itself
    symbols, loss_terms = {}, []
    for k, v in params.items():
        symbols[k] = sp.Matrix(*v.shape, sp.symbols(f"{k}_0:{v.size}", real=True))
    for col in range(x.shape[1]):
        a = sp.Matrix([[float(x[0, col])]])
        for i in (1, 2, 3):
            h = symbols[f"w{i}"].T * a + symbols[f"b{i}"]
            a = h.applyfunc(lambda t: sp.Max(0, t)) if i < 3 else h
        loss_terms.append(sp.Abs(a[0, 0] - float(y[0, col])))
    loss = sum(loss_terms) / x.shape[1]
    flat = [s for k in ("w1", "b1", "w2", "b2", "w3", "b3") for s in symbols[k]]
    point = dict(zip(flat, mlp.params_to_vector(params), strict=True))
    return np.array([float(sp.diff(loss, s).xreplace(point)) for s in flat])


def _bias_mean_backward(params, cache, y):
    def linear_bw(W, x, dh):
        dW, _, dx = mlp.linear_backward(W, x, dh)
        return dW, dh.mean(axis=1, keepdims=True), dx

    return mlp.backward(params, cache, y, linear_bw=linear_bw)


def test_backward_matches_sympy_on_a_tiny_network_and_a_planted_defect_does_not():
    sizes = (1, 2, 2, 1)
    params, x, y = mlp.sample_away_from_kinks(11, batch=3, sizes=sizes)
    expected = _sympy_gradient_of_tiny_network(params, x, y)
    cache = mlp.forward(params, x)[1]
    np.testing.assert_allclose(mlp.params_to_vector(mlp.backward(params, cache, y)), expected, rtol=1e-12, atol=1e-15)
    wrong = mlp.params_to_vector(_bias_mean_backward(params, cache, y))
    assert not np.allclose(wrong, expected, rtol=1e-6)


# --- the gradient check over all 609 parameters -----------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_central_differences_over_all_609_parameters(seed):
    params, x, y = mlp.sample_away_from_kinks(seed)
    report = mlp.check_gradients(params, x, y, EPS)
    assert report.analytic.size == 609 and report.passed
    rel = relative_error(report.analytic, report.numeric)
    assert rel[np.abs(report.analytic) >= 1e-2].max() < 1e-7  # no rounding floor needed for these
    # where backward gives an exact 0 (a unit's +1/m and −1/m MAE signs cancel) the numeric side is rounding
    zero = report.analytic == 0
    assert np.all(np.abs(report.numeric[zero]) <= report.rounding_floor)


def test_between_kinks_even_a_large_eps_is_exact():
    # the loss is affine in each single parameter between kinks: no truncation error at all
    params, x, y = mlp.sample_away_from_kinks(4, eps=1e-2)
    assert mlp.check_gradients(params, x, y, 1e-2).passed


def _square_net_sample():
    return mlp.sample_away_from_kinks(7, batch=4, sizes=(1, 16, 16, 1))  # w2 square, so a transpose fits


def _transposed_w_backward(params, cache, y):
    def linear_bw(W, x, dh):
        dW, db, dx = mlp.linear_backward(W, x, dh)
        return (dW.T if dW.shape[0] == dW.shape[1] else dW), db, dx

    return mlp.backward(params, cache, y, linear_bw=linear_bw)


def _relu_wrong_side_backward(params, cache, y):
    return mlp.backward(params, cache, y, relu_bw=lambda h, da: da * (h < 0))


def _mae_without_mean_backward(params, cache, y):
    return mlp.backward(params, cache, y, loss_bw=lambda pred, t: np.sign(pred - t))


@pytest.mark.parametrize(
    "defect", [_bias_mean_backward, _transposed_w_backward, _relu_wrong_side_backward, _mae_without_mean_backward]
)
def test_gradient_check_reports_each_planted_defect(defect):
    params, x, y = _square_net_sample()
    assert mlp.check_gradients(params, x, y, EPS).passed
    assert not mlp.check_gradients(params, x, y, EPS, backward_fn=defect).passed


# --- kinks ---------------------------------------------------------------------------------------------------


def test_a_planted_relu_kink_is_detected_and_explains_every_failed_check():
    params, x, y = mlp.sample_away_from_kinks(0, batch=2)
    assert not mlp.stencil_crosses_kink(params, x, y, EPS)
    failures = 0
    for j in range(0, 16, 3):  # six of the sixteen first-layer units
        planted = {k: v.copy() for k, v in params.items()}
        planted["b1"][j, 0] = -planted["w1"][0, j] * x[0, 0]  # h1[j] at the first point is now 0 (± rounding)
        assert mlp.min_kink_distance(planted, x, y) < 1e-12
        assert mlp.stencil_crosses_kink(planted, x, y, EPS)
        failures += not mlp.check_gradients(planted, x, y, EPS).passed
    assert failures > 0  # at a ReLU kink the central difference averages the two slopes; backward uses one


def test_sample_away_from_kinks_redraws_and_gives_up_clearly():
    eps = 0.05
    for seed in range(50):
        rng = np.random.default_rng(seed)
        first = mlp.init_params(rng), rng.standard_normal((1, 2)), rng.standard_normal((1, 2))
        if mlp.stencil_crosses_kink(*first, eps):
            break
    else:
        pytest.fail("no first draw meets a kink at eps = 0.05")
    params, x, y = mlp.sample_away_from_kinks(seed, eps=eps)
    assert not mlp.stencil_crosses_kink(params, x, y, eps)
    assert not np.array_equal(x, first[1])
    with pytest.raises(ValueError):
        mlp.sample_away_from_kinks(0, batch=64, eps=10.0, max_tries=2)


# --- training --------------------------------------------------------------------------------------------------


def test_training_at_the_source_settings_lowers_the_loss_and_reports_progress():
    seen = []
    losses, params = mlp.train_sgd(0, progress=lambda step, loss: seen.append((step, loss)))
    assert losses.shape == (mlp.SOURCE_STEPS,)
    assert losses[-500:].mean() < 0.25 * losses[:500].mean()
    assert [s for s, _ in seen] == list(range(1000, 10_001, 1000))
    assert all(loss == losses[step - 1] for step, loss in seen)
    grid = np.linspace(-5, 5, 201)[None, :]
    fit = mlp.mae_loss(mlp.forward(params, grid)[0], np.sin(grid))
    assert fit < 0.5  # sin has mean |sin| = 2/π ≈ 0.64 on whole periods: the net beats predicting 0


def test_training_is_deterministic_for_a_seed():
    first, params_a = mlp.train_sgd(5, steps=500)
    second, params_b = mlp.train_sgd(5, steps=500)
    other, _ = mlp.train_sgd(6, steps=500)
    assert np.array_equal(first, second) and all(np.array_equal(params_a[k], params_b[k]) for k in params_a)
    assert not np.array_equal(first, other)


# --- the post's check, replayed ------------------------------------------------------------------------------


def test_source_check_is_at_the_rounding_level_of_its_loss():
    numbers = replay.source_check_numbers()
    assert numbers["passed"] == 1.0
    assert 1e-12 < numbers["max_abs_difference"] < 1e-10  # the post printed 3.4e-11
    assert 0.5 < numbers["max_abs_difference"] / numbers["ulp_of_loss_over_2eps"] < 10


def test_unrestored_loops_and_their_effect():
    effect = replay.unrestored_check_effect()
    post = effect["copy_not_restored"]
    assert post["estimate_max_abs_error"] == 0.0 and post["parameters_moved"] == 1
    # both predictions lie below their targets, so b3 − ε raises each |error|, hence the loss, by ε
    assert post["loss_change_on_check_batch"] == pytest.approx(EPS, rel=1e-9)
    drift = effect["in_place"]
    assert drift["parameters_moved"] == 609 and drift["largest_move"] == pytest.approx(EPS, rel=1e-9)
    assert drift["estimate_max_relative_error"] > 1e-4  # a correct backward would now look wrong
    assert effect["restore_by_arithmetic"]["parameters_not_bit_identical"] > 0


@pytest.mark.parametrize("batch", [1, 2, 16])
def test_mae_without_one_over_m_is_off_by_the_batch_size(batch):
    factor = replay.missing_one_over_m_factor(batch)
    assert factor["ratio_min"] == factor["ratio_max"] == batch


def test_one_passing_check_is_not_a_proof():
    cases = replay.one_point_check_is_not_proof()
    assert cases["mae_without_abs"]["at_source_point"]["passed"]
    assert not cases["mae_without_abs"]["at_mixed_targets"]["passed"]
    assert cases["bias_mean_not_sum"]["at_batch_1"]["passed"]
    bias_2 = cases["bias_mean_not_sum"]["at_batch_2"]
    assert not bias_2["passed"] and bias_2["max_relative_error"] == pytest.approx(0.5, rel=1e-6)  # sum/2 vs sum


def test_sign_at_a_tie_is_zero_and_a_subgradient():
    tie = replay.sign_at_a_tie()
    assert tie["value_at_tie"] == 0.0 and tie["mae_backward_at_tie"] == 0.0
    assert (tie["left_slope"], tie["right_slope"]) == (-1.0, 1.0)
    assert tie["zero_is_subgradient"] == 1.0 and tie["one_point_five_is_subgradient"] == 0.0
