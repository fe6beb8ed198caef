"""The deep-chain experiment (vanishing / exploding gradients) and gradient clipping.

References are independent of the code under test: central finite differences for the backward pass, mpmath
(mean-field Gaussian integrals, high-precision norms and sigmoids) and hand-derived closed forms.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from derive.numerics import deep_chain as dc
from derive.numerics.clipping import clip_coefficient, clip_grad_norm, clip_grad_value, global_grad_norm

# ---------------------------------------------------------------- finite differences (own helper, for now)


def central_differences(f, arrays, h=1e-6):
    """d f / d entry for every entry of every array, by (f(x + h) - f(x - h)) / 2h, perturbing in place."""
    grads = []
    for arr in arrays:
        g = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            keep = arr[idx]
            arr[idx] = keep + h
            up = f()
            arr[idx] = keep - h
            down = f()
            arr[idx] = keep
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def rel_error(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-300))


def backward_error(activation, batchnorm, seed=1, depth=4, width=5, batch=3):
    """Worst relative error of backward's dW, dz and dx against central differences on a small chain."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, width))
    weights = dc.init_weights(rng, [width] * (depth + 1), "normal", scale=1.5)
    _, grads = dc.loss_and_gradients(x, weights, activation, batchnorm)
    _, cache = dc.forward(x, weights, activation, batchnorm)

    def loss(inp, ws):
        return dc.loss_and_gradients(inp, ws, activation, batchnorm)[0]

    numeric = central_differences(lambda: loss(x, weights), [*weights, x])
    errors = [rel_error(a, n) for a, n in zip(grads["dW"] + [grads["dx"]], numeric, strict=True)]
    # L as a function of z_l = a_in @ W_l is the same chain fed z_l through an identity first layer
    for i, c in enumerate(cache):
        z = c["z"].copy()
        (dz_num,) = central_differences(lambda z=z, i=i: loss(z, [np.eye(width), *weights[i + 1 :]]), [z])
        errors.append(rel_error(grads["dz"][i], dz_num))
    return max(errors)


@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_backward_matches_central_differences(activation, batchnorm):
    assert backward_error(activation, batchnorm) < 1e-6  # FD rounding noise reaches ~2e-7 on vanished gradients


def _bn_backward_without_mean(dzhat, cache):
    zhat, inv_std = cache
    return inv_std * (dzhat - zhat * (dzhat * zhat).mean(axis=0))


def _bn_backward_without_variance(dzhat, cache):
    zhat, inv_std = cache
    return inv_std * (dzhat - dzhat.mean(axis=0))


def _sigmoid_wrong_slope(z):
    s = dc.sigmoid(z)
    return s, s * (1.0 + s)


def _tanh_wrong_slope(z):
    t = np.tanh(z)
    return t, 1.0 - t


@pytest.mark.parametrize("mutant", [_bn_backward_without_mean, _bn_backward_without_variance])
def test_planted_batchnorm_backward_defects_are_caught(monkeypatch, mutant):
    monkeypatch.setattr(dc, "batchnorm_backward", mutant)
    assert backward_error("relu", True) > 1e-3


@pytest.mark.parametrize(("activation", "mutant"), [("sigmoid", _sigmoid_wrong_slope), ("tanh", _tanh_wrong_slope)])
def test_planted_activation_slope_defects_are_caught(monkeypatch, activation, mutant):
    monkeypatch.setitem(dc.ACTIVATIONS, activation, mutant)
    assert backward_error(activation, False) > 1e-3


def test_weight_scale_is_the_same_as_scaling_the_matrices():
    rng = np.random.default_rng(3)
    x, ws = rng.random((4, 6)), dc.init_weights(rng, [6, 6, 6], "normal")
    out_s, cache_s = dc.forward(x, ws, "tanh", True, weight_scale=2.5)
    out_m, cache_m = dc.forward(x, [2.5 * w for w in ws], "tanh", True)
    np.testing.assert_allclose(out_s, out_m, rtol=1e-13)
    g_s = dc.backward(dc.mse_to_zero(out_s)[1], ws, cache_s, weight_scale=2.5)
    g_m = dc.backward(dc.mse_to_zero(out_m)[1], [2.5 * w for w in ws], cache_m)
    for a, b in zip(g_s["dW"] + [g_s["dx"]], g_m["dW"] + [g_m["dx"]], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_weight_gradient_stats_equal_the_materialised_gradient():
    rng = np.random.default_rng(4)
    a, dz = rng.standard_normal((7, 40)) + 0.5, rng.standard_normal((7, 30))
    dw = a.T @ dz
    mean, rms, fro = dc.weight_gradient_stats(a, dz)
    assert mean == pytest.approx(dw.mean(), rel=1e-12)
    assert rms == pytest.approx(np.sqrt(np.mean(dw**2)), rel=1e-12)
    assert fro == pytest.approx(np.linalg.norm(dw), rel=1e-12)


def test_batchnorm_forward_normalises_each_column():
    z = np.random.default_rng(5).standard_normal((8, 3)) * [1.0, 10.0, 1e-3] + [5.0, -2.0, 0.0]
    zhat, _ = dc.batchnorm_forward(z)
    np.testing.assert_allclose(zhat.mean(axis=0), 0.0, atol=1e-14)
    # biased variance over the batch, shrunk by eps: var(zhat) = var(z) / (var(z) + eps)
    np.testing.assert_allclose(zhat.var(axis=0), z.var(axis=0) / (z.var(axis=0) + dc.BN_EPS), rtol=1e-12)


# ---------------------------------------------------------------- activations and initialisations


def test_sigmoid_is_stable_and_accurate_across_the_float_range():
    z = np.concatenate([np.linspace(-700, 700, 2001), [0.0, -1e-300, 1e-300]])
    with mp.workdps(40):
        ref = np.array([float(1 / (1 + mp.exp(-mp.mpf(float(v))))) for v in z])
    assert rel_error(dc.sigmoid(z), ref) < 1e-15
    assert np.max(np.abs(dc.sigmoid(z) - ref) / ref) < 4e-16 * 4
    np.testing.assert_array_equal(dc.sigmoid(np.array([-1e308, 1e308, -np.inf, np.inf])), [0.0, 1.0, 0.0, 1.0])


def test_sigmoid_at_zero_is_one_half_and_its_slope_is_at_most_one_quarter():
    # the source writes "sigmoid(0) = 0.25"; it is the slope sigma'(0) that is 1/4, sigma(0) itself is 1/2
    s, slope = dc.ACTIVATIONS["sigmoid"](np.linspace(-20, 20, 40001))
    assert dc.sigmoid(0.0) == 0.5
    assert slope.max() == 0.25 and slope[20000] == 0.25


@pytest.mark.parametrize(("init", "var"), [("normal", 1 / 300), ("xavier", 2 / 400), ("he", 2 / 300)])
def test_initialisation_variances(init, var):
    (w,) = dc.init_weights(np.random.default_rng(6), [300, 100], init)
    assert w.var() == pytest.approx(var, rel=0.02)  # 30 000 draws: relative sd of the variance is 0.8 %


# ---------------------------------------------------------------- the experiment


@pytest.fixture(scope="module")
def runs256():
    return dc.all_runs(width=256)


def _mean_field_sigmoid_slope():
    # Wide-layer limit with the source's init: z ~ N(0, q), q = E[sigmoid(z)^2] (the linear gain is 1);
    # solve the fixed point, then the mean slope E[sigma'(z)].
    with mp.workdps(20):
        sig = lambda t, q: 1 / (1 + mp.exp(-mp.sqrt(q) * t))  # noqa: E731
        gauss = lambda f: mp.quad(lambda t: f(t) * mp.npdf(t), [-mp.inf, 0, mp.inf])  # noqa: E731
        q = mp.mpf("0.25")
        for _ in range(30):
            q = gauss(lambda t, q=q: sig(t, q) ** 2)
        return float(gauss(lambda t: sig(t, q) * (1 - sig(t, q))))


def test_full_size_sigmoid_run_matches_the_mean_field_slope_and_vanishes():
    r = dc.run_experiment(dc.ChainConfig("sigmoid"))  # the source's shape: 30 x 1000, batch 10
    slope = _mean_field_sigmoid_slope()  # 0.2353..., below the bound 1/4
    assert np.mean(r["slope_mean"][1:]) == pytest.approx(slope, rel=3e-3)
    shrink = r["dz_rms"][0] / r["dz_rms"][-1]
    assert 0.3 < shrink / np.prod(r["slope_mean"][:-1]) < 3
    assert 0.3 < shrink / slope**29 < 3
    assert abs(np.mean(r["gain_forward"]) - 1) < 0.03 and abs(np.mean(r["gain_backward"][:-1]) - 1) < 0.03
    assert abs(r["mean_over_rms_layer1"]) < 0.03 and r["dW_mean"][-1] / r["dW_rms"][-1] > 0.5


def test_sigmoid_shrinkage_is_the_product_of_slopes(runs256):
    r = runs256["sigmoid"]
    shrink = r["dz_rms"][0] / r["dz_rms"][-1]
    assert shrink < 1e-15
    assert 0.1 < shrink / np.prod(r["slope_mean"][:-1]) < 10  # order of magnitude, as a per-layer slope argues


def test_linear_gain_is_one_with_the_source_init(runs256):
    # E[(a W)_j^2] = sum_i a_i^2 Var(W) = mean(a^2) for Var(W) = 1 / n: the tiny entries do not shrink anything
    for name in ("sigmoid", "tanh", "relu"):
        assert abs(np.mean(runs256[name]["gain_forward"]) - 1) < 0.05


def test_relu_with_the_source_init_halves_the_signal_power_per_layer(runs256):
    r = runs256["relu"]  # E[relu(z)^2] = Var(z) / 2, so the RMS falls by sqrt(2) per layer
    assert 1 / 3 < (r["act_rms"][-1] / r["act_rms"][0]) / 2 ** (-29 / 2) < 3


def test_he_keeps_relu_gradients_level(runs256):
    proj = runs256["relu_he_projection"]["dz_rms"]
    assert proj.max() / proj.min() < 2
    mse = runs256["relu_he"]["dz_rms"]  # the MSE loss adds a slow creep, still within a factor of a few
    assert 1 < mse[0] / mse[-1] < 10 and mse.max() / mse.min() < 10


def test_planted_he_without_the_factor_two_is_caught(monkeypatch):
    real = dc.init_std
    monkeypatch.setattr(dc, "init_std", lambda init, n_in, n_out: real("normal", n_in, n_out))
    dz = dc.run_experiment(dc.ChainConfig("relu", "he", width=128, loss="projection"))["dz_rms"]
    assert dz.max() / dz.min() > 2  # the level check of test_he_keeps_relu_gradients_level fails


def test_batchnorm_runs(runs256):
    sig, relu = runs256["sigmoid_bn"], runs256["relu_bn"]
    assert sig["dz_rms"][0] / sig["dz_rms"][-1] > 1e-2  # no vanishing (1e-18 without batch norm)
    assert relu["dz_rms"][0] / relu["dz_rms"][-1] > 100  # batch norm itself makes gradients grow with depth
    assert np.ptp(relu["act_rms"]) < 0.05  # while the forward signal stays at RMS sqrt(1/2)


def test_exploding_run_grows_and_is_clipped(runs256):
    r = runs256["exploding"]
    per_layer = (r["dz_rms"][0] / r["dz_rms"][-1]) ** (1 / 29)
    assert 1.4 < per_layer < 1.8  # gain 1.5 from the init, plus the MSE creep seen with He
    assert r["total_norm"] > 1e6
    assert r["clipped_total_norm"] <= 1.0 * (1 + 1e-12)
    np.testing.assert_allclose(r["clipped_fro"] / r["dW_fro"], r["clip_coef"], rtol=1e-14)


def test_run_clipping_agrees_with_clip_grad_norm_on_the_real_arrays():
    cfg = dc.ChainConfig("relu", "he", scale=1.5, depth=6, width=20, clip_norm=0.5)
    r = dc.run_experiment(cfg)
    x, base, _ = dc._draw(cfg)
    _, grads = dc.loss_and_gradients(x, [w * 1.5 * math.sqrt(2 / 20) for w in base], "relu")
    clipped, total = clip_grad_norm(grads["dW"], 0.5)
    assert total == pytest.approx(r["total_norm"], rel=1e-12)
    np.testing.assert_allclose([np.linalg.norm(g) for g in clipped], r["clipped_fro"], rtol=1e-12)


def test_runs_are_deterministic():
    cfg = {"activation": "tanh", "batchnorm": True, "width": 32, "depth": 5}
    a, b = dc.run_experiment(cfg), dc.run_experiment(cfg)
    c = dc.run_experiment({**cfg, "seed": 1})
    assert all(np.array_equal(a[k], b[k]) for k in ("dW_rms", "dz_rms", "dW_mean"))
    assert not np.array_equal(a["dz_rms"], c["dz_rms"])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"activation": "softplus"}, ValueError),
        ({"init": "lecun"}, ValueError),
        ({"scale": 0.0}, ValueError),
        ({"depth": 2.0}, TypeError),
        ({"batchnorm": True, "batch": 1}, ValueError),
        ({"clip_norm": -1.0}, ValueError),
        ({"loss": "mae"}, ValueError),
    ],
)
def test_bad_config_raises(kwargs, error):
    with pytest.raises(error):
        dc.ChainConfig(**kwargs)


def test_bad_calls_raise():
    with pytest.raises(ValueError):
        dc.run_experiment({"widht": 3})
    with pytest.raises(TypeError):
        dc.run_experiment(3)
    with pytest.raises(ValueError):
        dc.forward(np.ones((2, 3)), [np.ones((4, 2))], "relu")
    with pytest.raises(ValueError):
        dc.init_weights(np.random.default_rng(0), [3])


# ---------------------------------------------------------------- clipping


def cosine(a, b):
    fa, fb = (np.concatenate([g.ravel() for g in v]) for v in (a, b))
    fa, fb = fa / np.max(np.abs(fa)), fb / np.max(np.abs(fb))  # so 1e200 or 1e-200 entries neither overflow
    return float(fa @ fb / (np.linalg.norm(fa) * np.linalg.norm(fb)))


def norm_clip_violations(clip, grads, max_norm):
    """What is wrong with a norm clipper on this input: a list of failed properties (empty = fine)."""
    clipped, _ = clip(grads, max_norm)
    with mp.workdps(30):
        total = mp.sqrt(mp.fsum(mp.mpf(float(v)) ** 2 for g in grads for v in np.ravel(g)))
        new = mp.sqrt(mp.fsum(mp.mpf(float(v)) ** 2 for g in clipped for v in np.ravel(g)))
        bad = []
        if total <= max_norm and not all(np.array_equal(a, b) for a, b in zip(clipped, grads, strict=True)):
            bad.append("changed a small gradient")
        if total > max_norm and not abs(new - max_norm * total / (total + 1e-6)) <= 1e-14 * max_norm:
            bad.append("wrong norm after clipping")
    if abs(cosine(clipped, grads) - 1) > 1e-14:
        bad.append("changed the direction")
    return bad


def _clip_each_array(grads, max_norm):
    return [g * min(1.0, max_norm / (global_grad_norm([g]) + 1e-6)) for g in grads], 0.0


def _clip_always(grads, max_norm):
    total = global_grad_norm(grads)
    return [g * max_norm / (total + 1e-6) for g in grads], total


GRAD_CASES = [
    ([np.array([3.0, 4.0]), np.array([[0.1, -0.2]])], 1.0),
    ([np.array([1e200, -3e199]), np.array([2e199])], 5.0),  # squares would overflow
    ([np.array([3e-200, 4e-200])], 1.0),  # squares would underflow to 0; small, so left alone
    ([np.array([3e-3, -4e-3]), np.array([1e-3])], 1e-4),  # the 1e-6 in the divisor shows: norm 0.9998e-4
    ([np.array([0.3, -0.1]), np.array([0.2])], 1.0),  # already small
]


@pytest.mark.parametrize(("grads", "max_norm"), GRAD_CASES)
def test_norm_clipping_keeps_the_direction(grads, max_norm):
    assert norm_clip_violations(clip_grad_norm, grads, max_norm) == []


@pytest.mark.parametrize("mutant", [_clip_each_array, _clip_always])
def test_planted_norm_clipping_defects_are_caught(mutant):
    assert any(norm_clip_violations(mutant, g, m) for g, m in GRAD_CASES)


def test_global_norm_against_mpmath():
    for grads, _ in GRAD_CASES:
        with mp.workdps(40):
            ref = mp.sqrt(mp.fsum(mp.mpf(float(v)) ** 2 for g in grads for v in np.ravel(g)))
            assert abs(global_grad_norm(grads) - ref) <= 2e-16 * ref
    assert global_grad_norm([np.zeros(3)]) == 0.0


def test_pytorch_coefficient_by_hand():
    clipped, total = clip_grad_norm([np.array([3.0, 4.0])], 1.0)
    assert total == 5.0
    np.testing.assert_array_equal(clipped[0], np.array([3.0, 4.0]) * (1.0 / (5.0 + 1e-6)))
    assert clip_coefficient(0.5, 1.0) == 1.0


def test_value_clipping_turns_the_gradient():
    # (3, 0.5) clipped at 1 becomes (1, 0.5): cos = (3 + 0.25) / (sqrt(9.25) sqrt(1.25)) = 13 / sqrt(185)
    (clipped,) = clip_grad_value([np.array([3.0, 0.5])], 1.0)
    np.testing.assert_array_equal(clipped, [1.0, 0.5])
    assert cosine([clipped], [np.array([3.0, 0.5])]) == pytest.approx(13 / math.sqrt(185), rel=1e-15)
    assert math.degrees(math.acos(13 / math.sqrt(185))) == pytest.approx(17.1, abs=0.05)


def value_clip_violations(clip, grads, v):
    out = clip(grads, v)
    bad = []
    if any(np.max(np.abs(g)) > v for g in out):
        bad.append("entry outside the bound")
    if any(not np.array_equal(np.where(np.abs(g) <= v, g, o), o) for g, o in zip(grads, out, strict=True)):
        bad.append("changed an entry inside the bound")
    return bad


def test_value_clipping_and_planted_defect():
    grads = [np.array([3.0, -0.5, -7.0]), np.array([[0.25]])]
    assert value_clip_violations(clip_grad_value, grads, 1.0) == []
    small = [np.array([0.3, -0.9])]
    assert np.array_equal(clip_grad_value(small, 1.0)[0], small[0])
    assert value_clip_violations(lambda gs, v: [np.minimum(g, v) for g in gs], grads, 1.0)  # forgot -v


def test_clipping_leaves_inputs_alone_and_rejects_bad_input():
    g = np.array([30.0, 40.0])
    clip_grad_norm([g], 1.0)
    clip_grad_value([g], 1.0)
    np.testing.assert_array_equal(g, [30.0, 40.0])
    with pytest.raises(ValueError):
        clip_grad_norm([np.array([np.inf, 1.0])], 1.0)
    with pytest.raises(ValueError):
        clip_grad_norm([g], 0.0)
    with pytest.raises(TypeError):
        clip_grad_norm(g, 1.0)
    with pytest.raises(TypeError):
        clip_grad_value([np.array(["a"])], 1.0)
