"""The descent loop and the optimiser steps against reference implementations written here, coordinate by
coordinate in plain Python floats, from the update rules PyTorch documents (its pseudo-code), and against
closed forms (momentum on a constant gradient, Adam's first step). Every check is also shown a planted
defect that it must reject."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from derive.numerics.descent import descend, gradient_descent_step
from derive.numerics.optimisers import (
    adagrad_step,
    adagrad_without_eps,
    adam_step,
    momentum_step,
    rmsprop_step,
    sgd_step,
)

TOL = 1e-12


# ---------------------------------------------------------------- references, from the documented pseudo-code
def ref_sgd(theta, g, s, t, lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    if weight_decay != 0:
        g = g + weight_decay * theta
    if momentum != 0:
        s["b"] = g if t == 1 else momentum * s["b"] + (1 - dampening) * g
        g = g + momentum * s["b"] if nesterov else s["b"]
    return theta - lr * g


def ref_adagrad(theta, g, s, t, lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
    gamma = lr / (1 + (t - 1) * lr_decay)
    if weight_decay != 0:
        g = g + weight_decay * theta
    s["sum"] = s.get("sum", initial_accumulator_value) + g * g
    return theta - gamma * g / (math.sqrt(s["sum"]) + eps)


def ref_rmsprop(theta, g, s, t, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    if weight_decay != 0:
        g = g + weight_decay * theta
    s["v"] = alpha * s.get("v", 0.0) + (1 - alpha) * g * g
    v = s["v"]
    if centered:
        s["gave"] = s.get("gave", 0.0) * alpha + (1 - alpha) * g
        v = v - s["gave"] ** 2
    if momentum > 0:
        s["b"] = momentum * s.get("b", 0.0) + g / (math.sqrt(v) + eps)
        return theta - lr * s["b"]
    return theta - lr * g / (math.sqrt(v) + eps)


def ref_adam(theta, g, s, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    b1, b2 = betas
    if weight_decay != 0:
        g = g + weight_decay * theta
    s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    m_hat, v_hat = s["m"] / (1 - b1**t), s["v"] / (1 - b2**t)
    return theta - lr * m_hat / (math.sqrt(v_hat) + eps)


def ref_adagrad_no_eps(theta, g, s, t, lr=0.01):
    s["sum"] = s.get("sum", 0.0) + g * g
    return theta - lr * g / math.sqrt(s["sum"])


# ---------------------------------------------------------------- planted defects
def adam_without_bias_correction(theta, g, s, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **_):
    b1, b2 = betas
    s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    return theta - lr * s["m"] / (math.sqrt(s["v"]) + eps)


def adam_eps_inside_sqrt(theta, g, s, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, **_):
    b1, b2 = betas
    s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
    return theta - lr * (s["m"] / (1 - b1**t)) / math.sqrt(s["v"] / (1 - b2**t) + eps)


def sgd_damped_first_step(theta, g, s, t, lr=1e-3, momentum=0.0, dampening=0.0, **_):
    s["b"] = momentum * s.get("b", 0.0) + (1 - dampening) * g  # dampens the first gradient too
    return theta - lr * s["b"]


def rmsprop_eps_inside_sqrt(theta, g, s, t, lr=0.01, alpha=0.99, eps=1e-8, **_):
    s["v"] = alpha * s.get("v", 0.0) + (1 - alpha) * g * g
    return theta - lr * g / math.sqrt(s["v"] + eps)  # TensorFlow's placement


def adagrad_without_lr_decay(theta, g, s, t, lr=0.01, eps=1e-10, **_):
    s["sum"] = s.get("sum", 0.0) + g * g
    return theta - lr * g / (math.sqrt(s["sum"]) + eps)


# ---------------------------------------------------------------- the comparison helper
def random_problem(seed: int, n: int = 6, steps: int = 40):
    """A start and a stream of gradients whose coordinates span six orders of magnitude."""
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.uniform(-3, 3, size=n)
    return rng.normal(size=n) * 0.01, rng.normal(size=(steps, n)) * scales


def run_step(step, theta0, grads):
    params, state, out = np.array(theta0), {}, []
    for g in grads:
        params, state = step(params, g, state)
        out.append(params)
    return np.array(out)


def run_reference(rule, theta0, grads, **hyper):
    out = np.empty_like(grads)
    for i, theta in enumerate(theta0):  # one coordinate at a time, in Python floats
        s = {}
        for t, g in enumerate(grads[:, i], start=1):
            theta = rule(float(theta), float(g), s, t, **hyper)
            out[t - 1, i] = theta
    return out


def relative_difference(step, rule, hyper, seeds=range(5)) -> float:
    worst = 0.0
    for seed in seeds:
        theta0, grads = random_problem(seed)
        ours, ref = (
            run_step(functools.partial(step, **hyper), theta0, grads),
            run_reference(rule, theta0, grads, **hyper),
        )
        # relative to each coordinate's own size along the run: an iterate crossing 0 is not a blow-up
        worst = max(worst, float(np.max(np.abs(ours - ref) / np.abs(ref).max(axis=0))))
    return worst


CASES = [
    (sgd_step, ref_sgd, dict(lr=0.05)),
    (sgd_step, ref_sgd, dict(lr=0.05, momentum=0.9)),
    (sgd_step, ref_sgd, dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    (sgd_step, ref_sgd, dict(lr=0.05, momentum=0.8, nesterov=True)),
    (adagrad_step, ref_adagrad, dict(lr=0.05)),
    (adagrad_step, ref_adagrad, dict(lr=0.05, lr_decay=0.1, weight_decay=0.01, initial_accumulator_value=0.5)),
    (rmsprop_step, ref_rmsprop, dict(lr=0.05)),
    (rmsprop_step, ref_rmsprop, dict(lr=0.05, alpha=0.9, momentum=0.5, weight_decay=0.01)),
    (rmsprop_step, ref_rmsprop, dict(lr=0.05, centered=True, momentum=0.3)),
    (adam_step, ref_adam, dict(lr=0.05)),
    (adam_step, ref_adam, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    (adagrad_without_eps, ref_adagrad_no_eps, dict(lr=0.05)),
]


@pytest.mark.parametrize("step, rule, hyper", CASES, ids=lambda c: getattr(c, "__name__", None))
def test_steps_match_the_documented_update_rules(step, rule, hyper):
    assert relative_difference(step, rule, hyper) < TOL


PLANTED = [
    (adam_step, adam_without_bias_correction, dict(lr=0.05)),
    (adam_step, adam_eps_inside_sqrt, dict(lr=0.05)),
    (sgd_step, sgd_damped_first_step, dict(lr=0.05, momentum=0.9, dampening=0.5)),
    (rmsprop_step, rmsprop_eps_inside_sqrt, dict(lr=0.05)),
    (adagrad_step, adagrad_without_lr_decay, dict(lr=0.05, lr_decay=0.1)),
]


@pytest.mark.parametrize("step, defect, hyper", PLANTED, ids=lambda c: getattr(c, "__name__", None))
def test_the_comparison_catches_planted_defects(step, defect, hyper):
    assert relative_difference(step, defect, hyper) > 1e3 * TOL


def test_defaults_are_pytorchs():
    def default(f, name):
        return f.__kwdefaults__[name]

    assert (default(sgd_step, "lr"), default(sgd_step, "momentum"), default(sgd_step, "nesterov")) == (1e-3, 0, False)
    assert (default(adagrad_step, "lr"), default(adagrad_step, "eps")) == (0.01, 1e-10)
    assert (default(rmsprop_step, "lr"), default(rmsprop_step, "alpha"), default(rmsprop_step, "eps")) == (
        0.01,
        0.99,
        1e-8,
    )
    assert (default(adam_step, "lr"), default(adam_step, "betas"), default(adam_step, "eps")) == (
        1e-3,
        (0.9, 0.999),
        1e-8,
    )


def test_a_step_never_changes_the_state_it_was_given():
    theta0, grads = random_problem(7)
    for step in (functools.partial(sgd_step, momentum=0.9), adagrad_step, rmsprop_step, adam_step):
        _, state = step(theta0, grads[0], {})
        kept = {k: np.copy(v) for k, v in state.items()}
        step(theta0, grads[1], state)
        assert all(np.array_equal(kept[k], state[k]) for k in kept)


# ---------------------------------------------------------------- Adam's first step: about lr at any scale
def adam_first_step(scale: float, dtype, bias_correction: bool = True) -> np.ndarray:
    g = np.array([scale, -scale], dtype=dtype)
    if bias_correction:
        params, _ = adam_step(np.zeros(2, dtype), g, {})
    else:
        params = np.array([adam_without_bias_correction(0.0, float(v), {}, 1) for v in g], dtype=dtype)
    return -params * np.sign(g)  # the step length per coordinate


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-13), (np.float32, 1e-6)])
def test_adam_first_step_is_lr_whatever_the_scale(dtype, tol):
    lr, eps = 1e-3, 1e-8
    for scale in 10.0 ** np.arange(-8, 9):
        step = adam_first_step(scale, dtype)
        assert step.dtype == dtype
        # m̂ = g and v̂ = g² exactly in exact arithmetic, so the step is lr·|g|/(|g| + ε):
        # lr once |g| ≫ ε, exactly lr/2 at |g| = ε = 1e-8
        np.testing.assert_allclose(step, lr * scale / (scale + eps), rtol=tol)
        if scale >= 1e-4:
            np.testing.assert_allclose(step, lr, rtol=1e-4)


def test_adam_first_step_without_bias_correction_is_caught():
    step = adam_first_step(1.0, np.float64, bias_correction=False)
    assert abs(step[0] / 1e-3 - 0.1 / math.sqrt(0.001)) < 1e-6  # (1−β₁)/√(1−β₂) ≈ 3.16 lr
    assert not np.allclose(step, 1e-3, rtol=1e-4)


# ---------------------------------------------------------------- momentum: two forms, one method
CURVATURES = np.array([20.0, 2.0, 0.5])


def quadratic(a=CURVATURES):
    return lambda p: a * p - 1.0  # ∇ of ½ Σ a p² − Σ p


def seed_form_with_w_first(params, grad, state, *, lr, momentum):
    v = state.get("velocity", np.zeros_like(params))
    return params + v, {"velocity": momentum * v - lr * grad}  # planted: moves with the old velocity


@pytest.mark.parametrize("lr, beta", [(0.01, 0.8), (0.1, 0.5), (0.03, 0.95)])
def test_seed_momentum_and_velocity_form_give_the_same_iterates(lr, beta):
    x0 = np.array([-70.0, 70.0, 3.0])
    seed, s1 = descend(quadratic(), x0, functools.partial(momentum_step, lr=lr, momentum=beta), 60)
    torch, s2 = descend(quadratic(), x0, functools.partial(sgd_step, lr=lr, momentum=beta), 60)
    np.testing.assert_allclose(seed, torch, rtol=TOL, atol=1e-12 * np.abs(x0).max())
    np.testing.assert_allclose(s1["velocity"], -lr * s2["momentum_buffer"], rtol=1e-10, atol=1e-13)
    wrong, _ = descend(quadratic(), x0, functools.partial(seed_form_with_w_first, lr=lr, momentum=beta), 60)
    assert not np.allclose(wrong, torch, rtol=1e-6)


def test_effective_step_on_a_constant_gradient_is_lr_over_one_minus_beta():
    lr, beta, g = 0.01, 0.9, np.array([1.0, -3.0, 1e-6])
    trajectory, state = descend(
        lambda p: g.copy(), np.zeros(3), functools.partial(momentum_step, lr=lr, momentum=beta), 200
    )
    steps = np.diff(trajectory, axis=0)
    t = np.arange(1, 201)[:, None]
    # v_t = −α g (1 − βᵗ)/(1 − β): a geometric series, summed by hand
    np.testing.assert_allclose(steps, -lr * g * (1 - beta**t) / (1 - beta), rtol=1e-11)
    np.testing.assert_allclose(steps[-1], -lr / (1 - beta) * g, rtol=1e-9)
    assert not np.allclose(steps[-1], -lr / (1 + beta) * g, rtol=1e-3)  # a wrong closed form is told apart


# ---------------------------------------------------------------- the seed's Adagrad without ε
def test_adagrad_without_eps_turns_a_zero_gradient_into_nan_quietly():
    grad = np.array([4.0, 0.0])  # ∂/∂y of 10x² + y² at y = 0 is exactly 0
    params, state = adagrad_without_eps(np.array([1.0, 0.0]), grad, {})  # warnings are errors here: none escape
    assert params[0] == 1.0 - 0.01 and math.isnan(params[1])
    safe, _ = adagrad_step(np.array([1.0, 0.0]), grad, {})
    assert safe[1] == 0.0 and abs(safe[0] - (1.0 - 0.01 * 4 / (4 + 1e-10))) < 1e-16
    with pytest.warns(RuntimeWarning):  # the same 0/0 without the guard does warn
        _ = np.array([0.0]) / np.sqrt(np.array([0.0]))


# ---------------------------------------------------------------- the loop itself
def manual_float32_gradient_descent(x0, lr, steps):
    x = np.array(x0, dtype=np.float32)
    a, lr32 = CURVATURES.astype(np.float32), np.float32(lr)
    out = [x]
    for _ in range(steps):
        x = x - lr32 * (a * x - np.float32(1.0))
        out.append(x)
    return np.array(out)


def descend_in_float64_then_cast(gradient, x0, step, steps, dtype):  # planted: claims float32, computes float64
    return descend(gradient, x0, step, steps, np.float64)[0].astype(dtype)


def test_float32_runs_really_compute_in_float32():
    x0, lr = [1.3, -0.7, 2.9], 0.04
    gd = functools.partial(gradient_descent_step, lr=lr)
    grad32 = quadratic(CURVATURES.astype(np.float32))
    ours, _ = descend(grad32, x0, gd, 300, np.float32)
    expected = manual_float32_gradient_descent(x0, lr, 300)
    assert ours.dtype == np.float32 and np.array_equal(ours, expected)
    assert not np.array_equal(descend_in_float64_then_cast(quadratic(), x0, gd, 300, np.float32), expected)


def test_descend_stops_and_thins():
    gd = functools.partial(gradient_descent_step, lr=0.01)
    full, _ = descend(quadratic(), [1.0, 1.0, 1.0], gd, 100)
    assert full.shape == (101, 3)
    thin, _ = descend(quadratic(), [1.0, 1.0, 1.0], gd, 100, every=30)
    np.testing.assert_array_equal(thin, full[[0, 30, 60, 90, 100]])
    stopped, _ = descend(quadratic(), [1.0, 1.0, 1.0], gd, 100, stop=lambda p, g: p[0] < 0.2)
    k = len(stopped) - 1
    assert full[k][0] < 0.2 <= full[k - 1][0] and np.array_equal(stopped, full[: k + 1])
    starts = np.array([[1.0, 1.0, 1.0], [2.0, -1.0, 0.0]])  # many starts at once, row by row identical
    many, _ = descend(quadratic(), starts, gd, 50)
    np.testing.assert_array_equal(many[:, 0], full[:51])


def test_bad_input_is_refused():
    gd = functools.partial(gradient_descent_step, lr=0.1)
    with pytest.raises(TypeError, match="steps must be an integer"):
        descend(quadratic(), [1.0], gd, 2.5)
    with pytest.raises(ValueError, match="steps must be at least 0"):
        descend(quadratic(), [1.0], gd, -1)
    with pytest.raises(TypeError, match="floating-point"):
        descend(quadratic(), [1.0], gd, 3, np.int64)
    with pytest.raises(TypeError, match="gradient returned float64"):
        descend(lambda p: np.ones(3), [1.0, 2.0, 3.0], gd, 3, np.float32)
    with pytest.raises(TypeError, match="step returned float64"):
        descend(lambda p: p, [1.0], lambda p, g, s: (p - np.float64(0.1) * g, s), 3, np.float32)
    with pytest.raises(ValueError, match="lr must be a positive"):
        gradient_descent_step(np.ones(1), np.ones(1), {}, lr=-1.0)
    with pytest.raises(ValueError, match="Nesterov"):
        sgd_step(np.ones(1), np.ones(1), {}, nesterov=True)
    with pytest.raises(TypeError, match="betas must be a pair"):
        adam_step(np.ones(1), np.ones(1), {}, betas=0.9)
    with pytest.raises(ValueError, match=r"betas\[1\] must lie in"):
        adam_step(np.ones(1), np.ones(1), {}, betas=(0.9, 1.0))
    with pytest.raises(TypeError, match="lr must be a number"):
        rmsprop_step(np.ones(1), np.ones(1), {}, lr="fast")
