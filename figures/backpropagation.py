"""Figures for the back-propagation chapter: the training loss, the fitted curve, and the step-size trade-off
of the gradient check. Every number drawn comes from derive.chapters.backpropagation.experiments."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.backpropagation import experiments as ex
from figures.registry import figure


@figure("bp_loss_curve")
def loss_curve(theme):
    """The MAE of every SGD step (one batch of 16, noisy) and its running mean over 100 steps."""
    losses, _ = ex.training_run()
    smooth = ex.smoothed_losses(100)
    steps = np.arange(1, losses.size + 1)
    fig, ax = plt.subplots(figsize=(5.6, 3.3))
    ax.semilogy(
        steps[::10], losses[::10], color=theme.lines[0], alpha=0.3, linewidth=0.8, label="one batch (every 10th step)"
    )
    ax.semilogy(steps[99:], smooth, color=theme.lines[1], label="mean of 100 steps")
    ax.set_xlabel("SGD step")
    ax.set_ylabel("MAE")
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


@figure("bp_fitted_curve")
def fitted(theme):
    """The trained network against sin(x) on [−5, 5]."""
    x, pred, target = ex.fitted_curve()
    fig, ax = plt.subplots(figsize=(5.6, 3.3))
    ax.plot(x, target, color=theme.lines[0], label=r"$\sin x$")
    ax.plot(x, pred, color=theme.lines[1], linestyle="--", label="network")
    ax.axhline(0, color=theme.text, linewidth=0.5)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


@figure("bp_step_size")
def step_size(theme):
    """Central-difference error against ε: exp at 1 (truncation ∝ ε², rounding ∝ 1/ε) and the network."""
    curves = ex.step_size_curves()
    eps = curves["eps"]
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    floor = 1e-18  # an exact difference (0) cannot be drawn on a log axis: show it at the bottom edge
    ax.loglog(
        eps,
        np.maximum(curves["smooth"], floor),
        marker="o",
        markersize=3,
        color=theme.lines[0],
        label=r"$e^x$ at 1, relative error",
    )
    ax.loglog(
        eps,
        np.maximum(curves["network"], floor),
        marker="s",
        markersize=3,
        color=theme.lines[1],
        label="network, largest |a − n|",
    )
    u = np.finfo(float).eps
    ax.loglog(eps, eps**2 / 6, color=theme.text, linestyle=":", linewidth=1.0, label=r"truncation $\varepsilon^2/6$")
    ax.loglog(eps, u / eps, color=theme.text, linestyle="--", linewidth=1.0, label=r"rounding $u/\varepsilon$")
    ax.axvline(curves["optimal_eps_theory"], color=theme.lines[2], linewidth=1.0)
    ax.set_ylim(1e-17, 1e1)
    ax.set_xlabel(r"step $\varepsilon$")
    ax.set_ylabel("error")
    ax.legend(loc="upper center", fontsize=8, ncol=2)
    fig.tight_layout()
    return fig
