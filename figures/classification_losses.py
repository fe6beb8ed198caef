"""Figures for the classification-loss page: hinge and cross-entropy against the margin, and the
softmax probabilities as one score moves. Every curve is computed by derive.numerics.losses; the axis
label of the margin is printed from the page's definition (derive's hypothesis classification_margin)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.core.notation import latex
from derive.core.registry import get_hypothesis
from derive.numerics.losses import softmax, softmax_cross_entropy, svm_loss
from figures.registry import figure

MARGINS = np.linspace(-3, 4, 701)


def two_class_rows(margins):
    """Score rows (margin, 0) with true class 0: s_y − max_{j≠y} s_j is exactly the margin."""
    return np.column_stack([margins, np.zeros_like(margins)]), np.zeros(len(margins), dtype=int)


def losses_and_slopes(margins):
    """Per-row hinge and cross-entropy losses and their derivatives with respect to s_y."""
    S, y = two_class_rows(margins)
    N = len(margins)
    hinge, dhinge = svm_loss(S, y)  # means over the rows; the gradient carries the 1/N
    hinge_rows = np.array([svm_loss(S[i : i + 1], y[i : i + 1])[0] for i in range(N)])
    ce_rows = np.array([softmax_cross_entropy(S[i : i + 1], y[i : i + 1])[0] for i in range(N)])
    _, dce = softmax_cross_entropy(S, y)
    return hinge_rows, ce_rows, dhinge[:, 0] * N, dce[:, 0] * N


@figure("hinge_vs_cross_entropy")
def hinge_vs_cross_entropy(theme):
    hinge, ce, dhinge, dce = losses_and_slopes(MARGINS)
    fig, ax = plt.subplots(figsize=(5.6, 3.5))
    c_hinge, c_ce = theme.lines[0], theme.lines[1]
    ax.plot(MARGINS, hinge, color=c_hinge, label=r"$L_{\mathrm{hinge}}$")
    ax.plot(MARGINS, ce, color=c_ce, label=r"$L_{\mathrm{CE}}$")
    # The hinge slope jumps at margin 1: draw its two pieces apart so the jump is not a vertical line.
    left = MARGINS < 1
    ax.plot(
        MARGINS[left],
        dhinge[left],
        color=c_hinge,
        linestyle="--",
        label=r"$\partial L_{\mathrm{hinge}} / \partial s_y$",
    )
    ax.plot(MARGINS[~left], dhinge[~left], color=c_hinge, linestyle="--")
    ax.plot(MARGINS, dce, color=c_ce, linestyle="--", label=r"$\partial L_{\mathrm{CE}} / \partial s_y$")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel(f"${latex(get_hypothesis('classification_margin').relation.rhs)}$")  # the page's margin
    ax.set_ylim(-1.3, 4.2)
    ax.legend(loc="upper right", fontsize=9)
    return fig


ONE_SCORE = np.linspace(-6, 6, 601)
FIXED_SCORES = (1.0, 0.0)  # s_2 and s_3 while s_1 moves


@figure("softmax_one_score")
def softmax_one_score(theme):
    S = np.column_stack([ONE_SCORE, np.full_like(ONE_SCORE, FIXED_SCORES[0]), np.full_like(ONE_SCORE, FIXED_SCORES[1])])
    P = softmax(S)
    fig, ax = plt.subplots(figsize=(5.6, 3.3))
    for j, style in zip(range(3), ("-", "--", ":"), strict=True):
        ax.plot(ONE_SCORE, P[:, j], linestyle=style, label=rf"$p_{j + 1}$")
    ax.axvline(FIXED_SCORES[0], color=theme.text, linewidth=0.6)
    ax.set_xlabel(rf"$s_1$  ($s_2 = {FIXED_SCORES[0]:g}$, $s_3 = {FIXED_SCORES[1]:g}$)")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="center left", fontsize=10)
    return fig
