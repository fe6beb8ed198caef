"""The back-propagation post's gradient check, replayed to show what it does and does not prove.

source_draw: the post's check batch and network, rebuilt from np.random.seed(0) in the order its cells draw.
source_check_numbers: its check (ε = 1e-4, two points) redone: max abs difference, relative error, rounding level.
unrestored_check_effect: the perturb-and-never-restore loop styles against a loop that restores.
missing_one_over_m_factor: how far the MAE gradient is off without its 1/m (the factor is the batch size).
one_point_check_is_not_proof: wrong gradients that pass a check at one point and fail at another.
sign_at_a_tie: what int64(pred > y) − int64(pred < y) gives at pred = y, and why that is a subgradient.

The faulty loops are written here in our own code, only to measure their effect.
"""

from __future__ import annotations

import numpy as np

from derive.numerics.gradcheck import max_abs_difference, max_relative_error
from derive.numerics.mlp import (
    SOURCE_BATCH,
    SOURCE_CHECK_EPS,
    backward,
    check_gradients,
    forward,
    init_params,
    linear_backward,
    loss_of_vector,
    mae_backward,
    params_to_vector,
    vector_to_params,
)


def source_draw(seed: int = 0):
    """(params, x, y) of the post's check, redrawn with the legacy np.random stream in its cell order."""
    # Our reconstruction: seed, a network for the shape demo, one uniform (1, 2) input, a network for the
    # backward demo, then the checked network and x, y ~ N(0, 1) of shape (1, 2).  The post's exact digits
    # (it printed 3.41e-11) are not reproduced by this order, so the notebook ran its cells in some other way.
    rs = np.random.RandomState(seed)

    def network():
        return {
            name: rs.randn(*shape)
            for name, shape in (
                ("w1", (1, 16)),
                ("b1", (16, 1)),
                ("w2", (16, 32)),
                ("b2", (32, 1)),
                ("w3", (32, 1)),
                ("b3", (1, 1)),
            )
        }

    network()
    rs.random_sample((1, 2))
    network()
    params = network()
    return params, rs.randn(1, 2), rs.randn(1, 2)


def source_check_numbers(seed: int = 0) -> dict[str, float]:
    """The post's check redone on source_draw: max |a − n|, max relative error, and the rounding level."""
    params, x, y = source_draw(seed)
    report = check_gradients(params, x, y, SOURCE_CHECK_EPS)
    loss = loss_of_vector(params_to_vector(params), x, y)
    return {
        "max_abs_difference": report.max_abs_difference,
        "max_relative_error": report.max_relative_error,
        "loss": loss,
        "ulp_of_loss_over_2eps": float(np.spacing(loss)) / (2 * SOURCE_CHECK_EPS),
        "passed": float(report.passed),
    }


# --- (a) a gradient check that moves the model and leaves it moved ------------------------------------------


class _StatefulModel:
    # The post's check loads each perturbed vector *into the model* and evaluates the model, so the loop
    # changes the object being checked.  This stand-in holds a parameter vector and evaluates the loss.
    def __init__(self, vector, x, y):
        self.vector, self.x, self.y = vector.copy(), x, y

    def loss(self) -> float:
        return loss_of_vector(self.vector, self.x, self.y)


def _check_loop(model: _StatefulModel, eps: float, style: str) -> np.ndarray:
    start = model.vector.copy()
    estimate = np.zeros_like(start)
    for i in range(start.size):
        if style == "in_place":  # perturb the live vector and never put θ_i back: moves every parameter by −ε
            model.vector[i] += eps
            f_plus = model.loss()
            model.vector[i] -= 2 * eps
            f_minus = model.loss()
        else:  # the post's style: fresh copies of the start vector, each loaded into the model in turn
            model.vector = start.copy()
            model.vector[i] += eps
            f_plus = model.loss()
            model.vector = start.copy()
            model.vector[i] -= eps
            f_minus = model.loss()
            if style == "restored":
                model.vector = start.copy()
        estimate[i] = (f_plus - f_minus) / (2 * eps)
    return estimate


def unrestored_check_effect(seed: int = 0, eps: float = SOURCE_CHECK_EPS) -> dict[str, dict[str, float]]:
    """For each loop style: how far its estimates and the model it leaves behind are from a restoring loop's."""
    params, x, y = source_draw(seed)
    start = params_to_vector(params)
    reference = _StatefulModel(start, x, y)
    correct = _check_loop(reference, eps, "restored")
    rng = np.random.default_rng(seed)
    x_test = rng.uniform(-5, 5, (1, SOURCE_BATCH))  # a fresh batch: does the moved model predict differently?
    results = {}
    for style in ("copy_not_restored", "in_place"):
        model = _StatefulModel(start, x, y)
        estimate = _check_loop(model, eps, style)
        moved = model.vector - start
        pred_before = forward(params, x_test)[0]
        pred_after = forward(vector_to_params(model.vector), x_test)[0]
        results[style] = {
            "estimate_max_abs_error": max_abs_difference(estimate, correct),
            "estimate_max_relative_error": max_relative_error(estimate, correct),
            "parameters_moved": int(np.count_nonzero(moved)),
            "largest_move": float(np.abs(moved).max()),
            "loss_change_on_check_batch": model.loss() - reference.loss(),
            "prediction_change_on_fresh_batch": float(np.abs(pred_after - pred_before).max()),
        }
    # Undoing a perturbation by arithmetic (θ + ε − 2ε + ε) is not the same as restoring the saved value:
    after_arithmetic = ((start + eps) - 2 * eps) + eps
    results["restore_by_arithmetic"] = {
        "parameters_not_bit_identical": int(np.count_nonzero(after_arithmetic != start)),
        "largest_move": float(np.abs(after_arithmetic - start).max()),
    }
    return results


# --- (b) the MAE derivative without its 1/m ----------------------------------------------------------------


def _mae_backward_without_mean(pred, y):
    return np.sign(pred - y)  # the post's formula 2.1 as written: ±1, forgetting that l averages over m


def missing_one_over_m_factor(batch: int = SOURCE_BATCH, seed: int = 0) -> dict[str, float]:
    """The ratio (gradient without 1/m) / (true gradient) over every nonzero entry: min and max, = batch size."""
    rng = np.random.default_rng(seed)
    params = init_params(rng)
    x = rng.uniform(-5, 5, (1, batch))
    y = np.sin(x)
    cache = forward(params, x)[1]
    right = params_to_vector(backward(params, cache, y))
    wrong = params_to_vector(backward(params, cache, y, loss_bw=_mae_backward_without_mean))
    nonzero = right != 0
    ratio = wrong[nonzero] / right[nonzero]
    return {"batch": float(batch), "ratio_min": float(ratio.min()), "ratio_max": float(ratio.max())}


# --- (c) one passing check is not a proof --------------------------------------------------------------------


def _mae_backward_without_abs(pred, y):
    # l = mean|y − ŷ| differentiated as if it were mean(y − ŷ): right only where every ŷ < y
    return -np.ones_like(pred) / pred.size


def _linear_backward_bias_mean(W, x, dh):
    dW, _, dx = linear_backward(W, x, dh)
    return dW, dh.mean(axis=1, keepdims=True), dx  # mean over the batch instead of the sum: right only for m = 1


def one_point_check_is_not_proof(seed: int = 0) -> dict[str, dict[str, dict]]:
    """Two wrong backward passes checked where they happen to agree with the truth and where they do not."""
    params, x, y = source_draw(seed)  # the untrained net predicts about −18 at both points, below both targets
    pred = forward(params, x)[0]
    y_mixed = pred + np.array([[1.0, -1.0]])  # same net and inputs, one target above and one below

    def wrong_abs(p, c, t):
        return backward(p, c, t, loss_bw=_mae_backward_without_abs)

    def wrong_bias(p, c, t):
        return backward(p, c, t, linear_bw=_linear_backward_bias_mean)

    def outcome(check):
        return {"max_relative_error": check.max_relative_error, "passed": check.passed}

    return {
        "mae_without_abs": {
            "at_source_point": outcome(check_gradients(params, x, y, backward_fn=wrong_abs)),
            "at_mixed_targets": outcome(check_gradients(params, x, y_mixed, backward_fn=wrong_abs)),
        },
        "bias_mean_not_sum": {
            "at_batch_1": outcome(check_gradients(params, x[:, :1], y[:, :1], backward_fn=wrong_bias)),
            "at_batch_2": outcome(check_gradients(params, x, y, backward_fn=wrong_bias)),
        },
    }


# --- (d) the sign at a tie ------------------------------------------------------------------------------------


def sign_at_a_tie() -> dict[str, float]:
    """int64(pred > y) − int64(pred < y) at pred = y (it is 0), the one-sided slopes of |t|, and a subgradient test."""
    pred = y = np.array([[0.5]])
    value = int((np.int64(pred > y) - np.int64(pred < y)).item())  # both comparisons False: 0 − 0
    h = 1e-3
    right_slope, left_slope = (abs(h) - 0.0) / h, (abs(-h) - 0.0) / (-h)  # +1 and −1: no derivative at 0
    t = np.linspace(-2.0, 2.0, 401)

    # g is a subgradient of the convex |t| at 0 iff |t| ≥ 0 + g·t for every t, i.e. iff −1 ≤ g ≤ 1
    def is_subgradient(g):
        return bool(np.all(np.abs(t) >= g * t))

    return {
        "value_at_tie": float(value),
        "left_slope": left_slope,
        "right_slope": right_slope,
        "zero_is_subgradient": float(is_subgradient(value)),
        "one_point_five_is_subgradient": float(is_subgradient(1.5)),
        "central_difference_at_tie": (abs(h) - abs(-h)) / (2 * h),
        "mae_backward_at_tie": float(mae_backward(pred, y).item()),
    }


__all__ = [
    "missing_one_over_m_factor",
    "one_point_check_is_not_proof",
    "sign_at_a_tie",
    "source_check_numbers",
    "source_draw",
    "unrestored_check_effect",
]
