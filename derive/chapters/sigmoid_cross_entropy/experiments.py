"""The experiment of seed 000, §1.14, and the BCE probes: pure functions over the derivations and numerics.

One neuron with input 1: output a = σ(w + b), target 0. Both parameters get the same gradient ∂J/∂h,
because ∂h/∂w = ∂h/∂b = 1. The gradients are the last steps of the derivations, with m = 1 and y = 0,
turned into NumPy code with σ bound to the stable sigmoid, and run by the project's one descent loop.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from derive.chapters.sigmoid_cross_entropy.derivations import (
    DEFINITIONS,
    J_bce,
    J_mse,
    a,
    bce_sigmoid_gradient,
    h,
    m,
    mse_sigmoid_gradient,
    sigma,
    y,
)
from derive.numerics.activations import sigmoid
from derive.numerics.descent import descend, gradient_descent_step

LEARNING_RATE = 0.15
STEPS = 200
TARGET = 0.0
STARTS = ((3.0, 2.0), (2.0, 2.0), (2.0, 0.0))
SEED_CLAIMED_LOGIT = 6  # the logit the source points at for the start (3, 2) (seed 000, §1.14)

# Where the textbook BCE and the stable one part ways: (logit, label) of the page's two probes.
GRADIENT_PROBE = (40.0, 1.0)  # σ(40) rounds to 1.0: the textbook gradient σ(h) − y is exactly 0
LOSS_PROBE = (800.0, 0.0)  # log(1 − σ(800)) = log 0: the textbook loss is inf


def gradient_function(d, target: float = TARGET):
    """dJ/dh as a NumPy function of h, from the last step of derivation d (m = 1)."""
    expr = d.final.doit().subs({a: sigma(h), y: target, m: 1})
    return sp.lambdify(h, expr, modules=[{"sigma": sigmoid}, "numpy"])


def loss_function(kind: str, target: float = TARGET):
    """The per-example loss as a NumPy function of h, from the same definitions as the derivations."""
    J = {"mse": J_mse, "bce": J_bce}[kind]
    expr = DEFINITIONS[J](h).subs({y: target, m: 1})
    return sp.lambdify(h, expr, modules=[{"sigma": sigmoid}, "numpy"])


def trajectory(kind: str, start: tuple[float, float], steps: int = STEPS, lr: float = LEARNING_RATE):
    """Gradient descent on (w, b); returns the (steps + 1, 2) array of points visited."""
    d = {"mse": mse_sigmoid_gradient, "bce": bce_sigmoid_gradient}[kind]
    dJ_dh = gradient_function(d)

    def gradient(wb):  # h = w + b, and h depends on w and on b with slope 1
        return np.full_like(wb, dJ_dh(wb.sum()))

    path, _ = descend(gradient, start, functools.partial(gradient_descent_step, lr=lr), steps)
    return path


@functools.lru_cache(maxsize=None)
def end_point(kind: str, start: tuple[float, float]) -> tuple[float, float]:
    """Where `trajectory` ends (cached: several values quote the same run)."""
    return tuple(float(v) for v in trajectory(kind, start)[-1])


def output_after_training(kind: str, start: tuple[float, float]) -> float:
    """σ(w + b) at the end of the run."""
    return float(sigmoid(sum(end_point(kind, start))))


def bce_textbook_and_stable(logit: float, label: float):
    """((loss, gradient) of the textbook code, (loss, gradient) of bce_with_logits) at one example."""
    from derive.numerics.losses import bce_naive, bce_with_logits

    with np.errstate(all="ignore"):
        naive = bce_naive(logit, label)
    return naive, bce_with_logits(logit, label)


def mse_gradient_peak_output(target: float = TARGET) -> float:
    """The output a at which the MSE gradient (last step of its derivation, m = 1) is largest in (0, 1).

    For target 0 it is 2a²(1 − a); beyond the peak, the more confidently wrong, the smaller the gradient.
    """
    slope = mse_sigmoid_gradient.final.doit().subs({y: target, m: 1})
    peaks = [r for r in sp.solve(sp.diff(slope, a), a) if 0 < r < 1]
    return float(peaks[0])
