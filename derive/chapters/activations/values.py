"""The numbers the activation page quotes, each computed when the page asks for it."""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.chapters.activations import experiments as ex
from derive.chapters.activations.definitions import SIGMOID, x
from derive.core.registry import value
from derive.numerics.activations import sigmoid_derivative_np


@value("sigmoid_prime_max", fmt="{:.2f}")
def sigmoid_prime_max() -> float:
    """σ′ at its peak: the bound 1/4 is attained there, since σ(0) = 1/2 makes the square vanish."""
    return float(ex.sigmoid_prime_exact(ex.sigmoid_prime_argmax()))


@value("sigmoid_prime_argmax", fmt="{:g}", symbol="x")
def sigmoid_prime_argmax() -> float:
    return ex.sigmoid_prime_argmax() + 0.0  # -0.0 -> 0.0


@value("sigmoid_prime_at_6", fmt="{:.4f}")
def sigmoid_prime_at_six() -> float:
    """σ′(6): how flat the sigmoid already is at a logit of 6."""
    return float(ex.sigmoid_prime_exact(6).evalf())


@value("sigmoid_chain_layers", fmt="{:d}")
def sigmoid_chain_layers() -> int:
    return ex.CHAIN_LAYERS


@value("sigmoid_30_layer_bound", fmt="{:.1e}")
def sigmoid_chain_bound() -> float:
    """The largest factor a stack of sigmoids can contribute to a gradient: (max σ′)^layers."""
    return sigmoid_prime_max() ** ex.CHAIN_LAYERS


@value("sigmoid_naive_probe", fmt="{:g}", symbol="x")
def sigmoid_naive_probe() -> float:
    return ex.NAIVE_PROBE


@value("sigmoid_naive_prime_at_minus_800", fmt="{}")
def naive_sigmoid_prime() -> str:
    """What lambdify of SymPy's raw derivative returns at the probe: inf/inf = nan."""
    return str(ex.naive_sigmoid_prime(ex.NAIVE_PROBE))


@value("sigmoid_stable_prime_at_minus_800", fmt="{:.3e}")
def stable_sigmoid_prime() -> float:
    return float(sigmoid_derivative_np(ex.NAIVE_PROBE))


@value("sigmoid_true_prime_at_minus_800", fmt="{}")
def true_sigmoid_prime() -> str:
    """σ′ at the probe, exactly: about 3.7e-348, below the smallest double, so 0.0 is the right float."""
    return str(ex.sigmoid_prime_exact(int(ex.NAIVE_PROBE)).evalf(2))


@value("sigmoid_saturated_probe", fmt="{:g}", symbol="x")
def sigmoid_saturated_probe() -> float:
    return ex.SATURATED_PROBE


@value("sigmoid_prime_at_40", fmt="{:.1e}")
def sigmoid_prime_at_forty() -> float:
    """σ′ at the saturated probe through σ(x)σ(−x); the naive σ(1 − σ) gives 0.0 there."""
    return float(sigmoid_derivative_np(ex.SATURATED_PROBE))


@value("sigmoid_at_0", fmt="{:g}")
def sigmoid_at_zero() -> float:
    return float(ex.SIGMOID(0))


@value("sigmoid_saturates_float64", fmt="{:.2f}")
def sigmoid_saturates_float64() -> float:
    """Beyond about 36.7, 1 + e^-x rounds to 1 in double precision: σ(x) is computed as exactly 1."""
    return ex.saturation_point(np.float64)


@value("sigmoid_saturates_float32", fmt="{:.2f}")
def sigmoid_saturates_float32() -> float:
    return ex.saturation_point(np.float32)


@value("exp_overflow_threshold", fmt="{:.2f}")
def exp_overflow_threshold() -> float:
    """The largest t with e^t finite in double precision: ln(largest double) ≈ 709.78."""
    return float(np.log(np.finfo(float).max))


@value("relu_kink", fmt="{:g}", symbol="x")
def relu_kink() -> float:
    """Where ReLU's two pieces meet."""
    return ex.relu_kink()


@value("relu_left_slope", fmt="{:g}")
def relu_left_slope() -> float:
    return ex.one_sided_relu_slopes()[0]


@value("relu_right_slope", fmt="{:g}")
def relu_right_slope() -> float:
    return ex.one_sided_relu_slopes()[1]


@value("sigmoid_limit_minus_inf", fmt="{:g}")
def sigmoid_limit_minus_inf() -> float:
    """The sigmoid's limit far to the left, by SymPy: 0, the lower end of its range (not −1)."""
    return float(sp.limit(SIGMOID(x), x, -sp.oo))


@value("sigmoid_limit_plus_inf", fmt="{:g}")
def sigmoid_limit_plus_inf() -> float:
    """The sigmoid's limit far to the right, by SymPy: 1, the upper end of its range."""
    return float(sp.limit(SIGMOID(x), x, sp.oo))
