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
from figures.style import WIDTH_IN, legend_below

MARGINS = np.linspace(-3, 4, 281)  # 0.025 apart: the hinge's kink at 1 falls on a sample


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


@figure(
    "hinge_vs_cross_entropy",
    alt_en="Four curves against the margin. The SVM loss is a straight ramp down to zero, flat from there on; "
    "the cross-entropy is a smooth curve just above it that approaches zero without reaching it. Their "
    "slopes, dashed, are a flat line at −1 that stops where the ramp ends, and a smooth S rising from −1 "
    "towards 0.",
    alt_zh="四条曲线随间隔变化。SVM 损失是一段降到零的直线斜坡，此后保持为零；"
    "交叉熵是紧挨在它上方的一条光滑曲线，不断逼近零却达不到。虚线是它们的斜率：一条停在 −1 的水平线，"
    "到斜坡结束处中断；另一条是从 −1 平滑升向 0 的 S 形曲线。",
)
def hinge_vs_cross_entropy(theme):
    hinge, ce, dhinge, dce = losses_and_slopes(MARGINS)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.2))
    c_hinge, c_ce = theme.lines[0], theme.lines[1]
    ax.plot(MARGINS, hinge, color=c_hinge, label=r"$L_{\mathrm{SVM}}$")
    ax.plot(MARGINS, ce, color=c_ce, label=r"$L_{\mathrm{CE}}$")
    # The hinge slope jumps at margin 1: draw its two pieces apart so the jump is not a vertical line.
    left = MARGINS < 1
    ax.plot(
        MARGINS[left],
        dhinge[left],
        color=c_hinge,
        linestyle="--",
        label=r"$\partial L_{\mathrm{SVM}} / \partial s_y$",
    )
    ax.plot(MARGINS[~left], dhinge[~left], color=c_hinge, linestyle="--")
    ax.plot(MARGINS, dce, color=c_ce, linestyle="--", label=r"$\partial L_{\mathrm{CE}} / \partial s_y$")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel(f"${latex(get_hypothesis('classification_margin').relation.rhs)}$")  # the page's margin
    ax.set_ylim(-1.3, 4.2)
    legend_below(ax, ncol=2)
    return fig


ONE_SCORE = np.linspace(-6, 6, 241)
FIXED_SCORES = (1.0, 0.0)  # s_2 and s_3 while s_1 moves


@figure(
    "softmax_one_score",
    alt_en="Three probability curves against the score s₁. The first rises along an S from near 0 to near 1; "
    "the other two fall from level starting values towards 0, the larger one crossing the first at the "
    "vertical line, where s₁ equals the larger of the fixed scores.",
    alt_zh="三条概率曲线随打分 s₁ 变化。第一条沿 S 形从接近 0 升到接近 1；另外两条从平稳的初值降向 0，"
    "其中较大的一条在竖线处与第一条相交，竖线所在位置正是 s₁ 等于较大的固定打分之处。",
)
def softmax_one_score(theme):
    S = np.column_stack([ONE_SCORE, np.full_like(ONE_SCORE, FIXED_SCORES[0]), np.full_like(ONE_SCORE, FIXED_SCORES[1])])
    P = softmax(S)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.0))
    for j, style in zip(range(3), ("-", "--", ":"), strict=True):
        ax.plot(ONE_SCORE, P[:, j], linestyle=style, label=rf"$p_{j + 1}$")
    ax.axvline(FIXED_SCORES[0], color=theme.text, linewidth=0.6)
    ax.set_xlabel(rf"$s_1$  ($s_2 = {FIXED_SCORES[0]:g}$, $s_3 = {FIXED_SCORES[1]:g}$)")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="center right")  # the right half between p₁ near 1 and the others near 0 is empty
    return fig
