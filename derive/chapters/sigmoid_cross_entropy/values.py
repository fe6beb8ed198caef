"""The numbers the sigmoid-with-cross-entropy page quotes, each computed when the page asks for it."""

from __future__ import annotations

import sympy as sp

from derive.chapters.activations.definitions import SIGMOID
from derive.chapters.sigmoid_cross_entropy import experiments as ex
from derive.core.registry import value


def _register_end_points():
    for kind in ("mse", "bce"):
        for start in ex.STARTS:
            name = f"sigmoid_{kind}_end_{int(start[0])}_{int(start[1])}"
            value(name, fmt="{:.4f}")(lambda kind=kind, start=start: ex.end_point(kind, start))


_register_end_points()


@value("sigmoid_learning_rate", fmt="{:g}", symbol=r"\eta")
def learning_rate() -> float:
    return ex.LEARNING_RATE


@value("sigmoid_steps", fmt="{:d}")
def steps() -> int:
    return ex.STEPS


@value("sigmoid_target", fmt="{:g}", symbol="y")
def target() -> float:
    return ex.TARGET


@value("sigmoid_mse_end_output_3_2", fmt="{:.3f}")
def mse_output_after_training() -> float:
    """σ(w + b) after the MSE run from (3, 2): still far from the target 0."""
    return ex.output_after_training("mse", ex.STARTS[0])


@value("sigmoid_bce_end_output_3_2", fmt="{:.3f}")
def bce_output_after_training() -> float:
    return ex.output_after_training("bce", ex.STARTS[0])


@value("sigmoid_start_logit_3_2", fmt="{:g}")
def start_logit() -> float:
    """The logit w + b at the start (3, 2)."""
    return sum(ex.STARTS[0])


@value("sigmoid_seed_claimed_logit", fmt="{:g}", symbol="x", note="the source's number, quoted")
def seed_claimed_logit() -> float:
    return ex.SEED_CLAIMED_LOGIT


@value("sigmoid_prime_at_start_3_2", fmt="{:.4f}")
def slope_at_start() -> float:
    """σ′ at that logit: the factor by which MSE's gradient is scaled down at the start."""
    h = sp.Symbol("h", real=True)
    return float(sp.diff(SIGMOID(h), h).subs(h, start_logit()))


@value("bce_gradient_probe_logit", fmt="{:g}", symbol="h")
def gradient_probe_logit() -> float:
    return ex.GRADIENT_PROBE[0]


@value("bce_gradient_probe_label", fmt="{:g}", symbol="y")
def gradient_probe_label() -> float:
    return ex.GRADIENT_PROBE[1]


@value("bce_loss_probe_logit", fmt="{:g}", symbol="h")
def loss_probe_logit() -> float:
    return ex.LOSS_PROBE[0]


@value("bce_loss_probe_label", fmt="{:g}", symbol="y")
def loss_probe_label() -> float:
    return ex.LOSS_PROBE[1]


@value("bce_naive_grad_40_y1", fmt="{:g}")
def bce_naive_gradient_at_40() -> float:
    """Textbook σ(h) − y at the gradient probe: σ(40) rounds to 1.0, so the gradient is exactly 0."""
    return float(ex.bce_textbook_and_stable(*ex.GRADIENT_PROBE)[0][1])


@value("bce_stable_grad_40_y1", fmt="{:.3e}")
def bce_stable_gradient_at_40() -> float:
    return float(ex.bce_textbook_and_stable(*ex.GRADIENT_PROBE)[1][1])


@value("bce_naive_loss_800_y0", fmt="{:g}")
def bce_naive_loss_at_800() -> float:
    """Textbook loss at the loss probe: σ(800) is 1.0, log(1 − 1) = −inf, so the loss is inf."""
    return float(ex.bce_textbook_and_stable(*ex.LOSS_PROBE)[0][0])


@value("bce_stable_loss_800_y0", fmt="{:g}")
def bce_stable_loss_at_800() -> float:
    return float(ex.bce_textbook_and_stable(*ex.LOSS_PROBE)[1][0])


@value("mse_gradient_peak_output", fmt="{:.3f}")
def mse_gradient_peak_output() -> float:
    return ex.mse_gradient_peak_output()
