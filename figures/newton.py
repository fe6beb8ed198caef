"""Figures for the Newton's method page: correct digits per iteration, and Newton against gradient descent."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.newton import experiments as newton
from figures.registry import figure
from figures.style import WIDTH_IN, contour_colors, legend_below

DOUBLE_DIGITS = 53 * math.log10(2)  # a correctly rounded double is good to about this many digits
DIGITS_SHOWN = 40  # the axis stops here; exact arithmetic goes on doubling the digits (lines leave the top)


@figure(
    "newton_sqrt_digits",
    alt_en="Two panels, one above the other, of correct digits against the iteration k, one line of dots for "
    "each of three values of K. Top: one line shoots up within a few steps, the other two crawl along "
    "zero for about a dozen steps before shooting up past the dotted level. Bottom: all three lines "
    "climb within three to five steps to the dotted level and stop there.",
    alt_zh="上下两幅子图，纵轴是正确数字位数，横轴是迭代次数 k，三个 K 值各一条圆点折线。上图："
    "一条线几步之内就陡然上升，另外两条在零附近爬行十来步，才冲过点线。下图："
    "三条线都在三到五步之内升到点线的高度，并停在那里。",
)
def newton_sqrt_digits(theme):
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH_IN, 6.2), sharey=True)
    for K in newton.DIGITS_K:
        from_one = np.minimum(newton.digits_from_one(K, 20), 10 * DIGITS_SHOWN)  # inf -> off the axis
        top.plot(np.arange(len(from_one)), from_one, marker="o", markersize=4, label=f"$K = {newton.tex_number(K)}$")
        robust = np.minimum(newton.digits_of_newton_sqrt(K), 10 * DIGITS_SHOWN)
        bottom.plot(np.arange(len(robust)), robust, marker="o", markersize=4)
    for ax, title in ((top, r"$x_0 = 1$"), (bottom, r"$x_0 = \frac{1 + m}{2}\, 2^{q}$")):
        ax.axhline(DOUBLE_DIGITS, color=theme.text, linewidth=1.0, linestyle=":")
        ax.axhline(0, color=theme.text, linewidth=0.6)
        ax.set_title(title)
        ax.set_xlabel("$k$")
    top.text(20, DOUBLE_DIGITS + 0.8, r"$2^{-53}$", ha="right", va="bottom")
    fig.supylabel(r"$-\log_{10}\,|x_k / \sqrt{K} - 1|$", fontsize=plt.rcParams["axes.labelsize"])
    top.set_ylim(-4, DIGITS_SHOWN)
    top.set_xticks(range(0, 21, 5))
    bottom.set_xticks(range(0, 6))
    legend_below(top, ncol=2)
    return fig


def _paths(ax, theme, newton_path, gd_path, gd_label):
    ax.plot(
        newton_path[:, 0],
        newton_path[:, 1],
        marker="o",
        markersize=4.5,
        linewidth=1.6,
        color=theme.lines[0],
        label=r"$\mathbf{x} - H^{-1} \nabla f$",
    )
    ax.plot(
        gd_path[:, 0], gd_path[:, 1], marker="s", markersize=4.5, linewidth=1.6, color=theme.lines[1], label=gd_label
    )
    ax.plot(*newton_path[0], marker="*", markersize=14, color=theme.text, linestyle="none")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_aspect("equal")


def _gd_label(learning_rate: float) -> str:
    return rf"$\mathbf{{x}} - \eta \nabla f,\ \eta = {newton.tex_number(learning_rate)}$"


@figure(
    "newton_vs_gd_quartic",
    alt_en="Level curves of a bowl with flattened sides and two paths from the star at the upper right. The "
    "circles run along a straight line into the centre, marked with a plus. The squares first jump far "
    "to the left, then creep down towards the centre in tiny steps and are still well short of it at the "
    "end.",
    alt_zh="一个侧壁较平的碗状函数的等高线，以及从右上方星号出发的两条路径。圆点沿一条直线走进标有加号的中心。"
    "方块先向左远远跳出，然后以极小的步子慢慢朝中心挪动，结束时离中心仍有一段距离。",
)
def newton_vs_gd_quartic(theme):
    newton_path, gd_path = newton.quartic_paths()
    grid = np.linspace(-16, 24, 201)  # only the window shown
    X, Y = np.meshgrid(grid, np.linspace(-4, 34, 191))
    # The contours of log10(1 + f) are those of f, with evenly spaced values (f's would crowd).
    F = np.log10(1 + newton.example_function("quartic")(X, Y))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    levels = np.linspace(2, 7, 11)
    ax.contour(X, Y, F, levels=levels, colors=contour_colors(theme, len(levels)), linewidths=0.9)
    _paths(ax, theme, newton_path, gd_path, _gd_label(newton.QUARTIC_LEARNING_RATE))
    ax.plot(0, 0, marker="+", markersize=12, markeredgewidth=2, color=theme.text, linestyle="none")
    ax.set_xlim(-16, 24)
    ax.set_ylim(-4, 34)
    legend_below(ax)
    return fig


@figure(
    "newton_vs_gd_cubic",
    alt_en="Level curves of a cubic surface that falls away to the lower left, and two paths from the star at "
    "the upper right. The circles head straight into the cross at the centre and stop there. The squares "
    "move left, slide down the middle line to just above the cross, then turn off to the left.",
    alt_zh="三次曲面的等高线，地势向左下方降低，以及从右上方星号出发的两条路径。圆点径直走进中心的叉号并停在那里；"
    "方块先向左走，沿中线滑到叉号的正上方，然后转向左方离去。",
)
def newton_vs_gd_cubic(theme):
    newton_path, gd_path = newton.cubic_paths()
    X, Y = np.meshgrid(np.linspace(-50, 50, 201), np.linspace(-20, 55, 151))  # only the window shown
    # The contours of cbrt(f) are those of f; their values are evenly spaced, f's would crowd.
    F = np.cbrt(newton.example_function("cubic")(X, Y))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    levels = np.linspace(-80, 80, 17)
    ax.contour(X, Y, F, levels=levels, colors=contour_colors(theme, len(levels)), linewidths=0.9)
    _paths(ax, theme, newton_path, gd_path, _gd_label(newton.CUBIC_LEARNING_RATE))
    ax.plot(0, 0, marker="x", markersize=11, markeredgewidth=2.4, color=theme.text, linestyle="none")
    ax.set_xlim(-50, 50)
    ax.set_ylim(-20, 55)
    legend_below(ax)
    return fig
