"""The numbers the vanishing-gradients page quotes, each read from the one cached run of the experiment."""

from __future__ import annotations

import numpy as np

from derive.chapters.vanishing_gradients import experiments as ex
from derive.core.registry import value
from derive.numerics import deep_chain

# ---------------------------------------------------------------- the set-up


@value("vg_depth", fmt="{:d}")
def depth() -> int:
    return ex.DEPTH


@value("vg_width", fmt="{:d}")
def width() -> int:
    return ex.WIDTH


@value("vg_batch", fmt="{:d}")
def batch() -> int:
    return deep_chain.ChainConfig().batch


@value("vg_weight_std", fmt="{:.4f}", note="the source's randn / sqrt(n) at n = 1000")
def weight_std() -> float:
    return deep_chain.init_std("normal", ex.WIDTH, ex.WIDTH)


@value("vg_run_count", fmt="{:d}")
def run_count() -> int:
    return len(deep_chain.RUNS)


@value("vg_multiply_adds", fmt="{:.1e}")
def multiply_adds() -> float:
    return float(ex.multiply_adds())


@value("vg_run_seconds", fmt="{:.0f}", note="processor time of the first (uncached) run")
def run_seconds() -> float:
    return ex.run_seconds()


# ---------------------------------------------------------------- sigmoid: the measured vanishing


@value("vg_sigmoid_rms_layer1", fmt="{:.2e}")
def sigmoid_rms_first() -> float:
    return float(ex.run("sigmoid")["dW_rms"][0])


@value("vg_sigmoid_rms_layer30", fmt="{:.2e}")
def sigmoid_rms_last() -> float:
    return float(ex.run("sigmoid")["dW_rms"][-1])


@value("vg_sigmoid_first_to_last", fmt="{:.1e}")
def sigmoid_first_to_last() -> float:
    return ex.first_to_last("sigmoid")


@value("vg_sigmoid_mean_layer1", fmt="{:.2e}", note="the signed mean the source plots")
def sigmoid_mean_first() -> float:
    return float(ex.run("sigmoid")["dW_mean"][0])


@value("vg_mean_understates", fmt="{:.0f}", note="RMS over |signed mean| at layer 1")
def mean_understates() -> float:
    r = ex.run("sigmoid")
    return float(r["dW_rms"][0] / abs(r["dW_mean"][0]))


@value("vg_mean_sign_changes", fmt="{:d}", note="layers whose signed mean has the opposite sign to layer 30's")
def mean_sign_changes() -> int:
    mean = ex.run("sigmoid")["dW_mean"]
    return int(np.sum(np.sign(mean) != np.sign(mean[-1])))


@value("vg_linear_gain", fmt="{:.3f}")
def linear_gain() -> float:
    """Mean over the 30 linear layers of the sigmoid run: mean square of z over mean square of its input."""
    return float(np.mean(ex.run("sigmoid")["gain_forward"]))


@value("vg_mean_slope", fmt="{:.4f}", symbol=r"\overline{\sigma'}")
def mean_slope() -> float:
    """Mean σ′ over the units and inputs of layers 2..30 (layer 1 sees the raw [0, 1) input)."""
    return float(np.mean(ex.run("sigmoid")["slope_mean"][1:]))


@value("vg_predicted_shrink", fmt="{:.2e}")
def predicted_shrink() -> float:
    return ex.predicted_shrink("sigmoid")


@value("vg_measured_shrink", fmt="{:.2e}")
def measured_shrink() -> float:
    return ex.measured_shrink("sigmoid")


@value("vg_quarter_29", fmt="{:.2e}", note="the bound (1/4)^29 on the slopes' product between layer 30 and 1")
def quarter_29() -> float:
    return 0.25 ** (ex.DEPTH - 1)


# ---------------------------------------------------------------- the other runs


def _factor(name: str):
    @value(f"vg_factor_{name}", fmt="{:.3f}", note=f"per-layer change of the gradient RMS, run {name}")
    def factor() -> float:
        return ex.per_layer_factor(name)

    @value(f"vg_ratio_{name}", fmt="{:.2g}", note=f"weight-gradient RMS, layer 1 over layer 30, run {name}")
    def ratio() -> float:
        return ex.first_to_last(name)

    return factor, ratio


for _name in ("sigmoid", "tanh", "relu", "relu_he", "relu_he_projection", "sigmoid_bn", "relu_bn", "exploding"):
    _factor(_name)


@value("vg_relu_output_rms", fmt="{:.1e}", note="RMS of the last layer's output, ReLU with the source's init")
def relu_output_rms() -> float:
    return float(ex.run("relu")["act_rms"][-1])


@value("vg_relu_he_output_rms", fmt="{:.2f}")
def relu_he_output_rms() -> float:
    return float(ex.run("relu_he")["act_rms"][-1])


@value("vg_relu_bn_output_rms", fmt="{:.2f}")
def relu_bn_output_rms() -> float:
    return float(ex.run("relu_bn")["act_rms"][-1])


@value("vg_tanh_mean_slope", fmt="{:.3f}")
def tanh_mean_slope() -> float:
    return float(np.mean(ex.run("tanh")["slope_mean"][1:]))


# ---------------------------------------------------------------- exploding, and clipping


@value("vg_explode_scale", fmt="{:g}")
def explode_scale() -> float:
    return deep_chain.RUNS["exploding"].scale


@value("vg_explode_norm", fmt="{:.1e}", symbol=r"\lVert g \rVert")
def explode_norm() -> float:
    return float(ex.run("exploding")["total_norm"])


@value("vg_clip_threshold", fmt="{:g}", symbol=r"\tau")
def clip_threshold() -> float:
    return float(deep_chain.RUNS["exploding"].clip_norm)


@value("vg_clip_coef", fmt="{:.1e}", symbol="c")
def clip_coef() -> float:
    return float(ex.run("exploding")["clip_coef"])


@value("vg_clipped_norm", fmt="{:.6f}")
def clipped_norm() -> float:
    return float(ex.run("exploding")["clipped_total_norm"])


@value("vg_clip_example", fmt="{:g}")
def clip_example() -> tuple:
    return tuple(float(v) for v in ex.CLIP_EXAMPLE)


@value("vg_clip_example_value", fmt="{:g}")
def clip_example_value() -> tuple:
    return tuple(float(v) for v in ex.value_clipped_example())


@value("vg_clip_example_norm", fmt="{:.4f}")
def clip_example_norm() -> tuple:
    return tuple(float(v) for v in ex.norm_clipped_example())


@value("vg_clip_example_threshold", fmt="{:g}")
def clip_example_threshold() -> float:
    return ex.CLIP_THRESHOLD


@value("vg_value_clip_turn", fmt="{:.1f}")
def value_clip_turn() -> float:
    return ex.value_clip_turn()


@value("vg_norm_clip_turn", fmt="{:.1f}")
def norm_clip_turn() -> float:
    return ex.norm_clip_turn()


@value("vg_explode_output_rms", fmt="{:.1e}", note="RMS of the last layer's output in the exploding run")
def explode_output_rms() -> float:
    return float(ex.run("exploding")["act_rms"][-1])


@value("vg_slopes_between", fmt="{:d}", note="sigmoid slopes between the last layer's weights and the first's")
def slopes_between() -> int:
    return ex.DEPTH - 1


@value("vg_tanh_slope_at_0", fmt="{:g}")
def tanh_slope_at_zero() -> float:
    """tanh′(0), from the activations chapter's proved derivative 1 − tanh²."""
    from derive.chapters.activations.derivations import tanh_derivative, x

    return float(tanh_derivative.final.subs(x, 0))
