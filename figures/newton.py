"""Figures for the Newton's method page: correct digits per iteration, and Newton against gradient descent."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.newton import experiments as newton
from figures.registry import figure

DOUBLE_DIGITS = 53 * math.log10(2)  # a correctly rounded double is good to about this many digits
DIGITS_SHOWN = 40  # the axis stops here; exact arithmetic goes on doubling the digits (lines leave the top)
K_LABELS = {2.0: r"$K = 2$", 5e6: r"$K = 5 \cdot 10^{6}$", 5e-7: r"$K = 5 \cdot 10^{-7}$"}


@figure("newton_sqrt_digits")
def newton_sqrt_digits(theme):
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 4.0), sharey=True, gridspec_kw={"width_ratios": [2, 1]})
    for K in newton.DIGITS_K:
        from_one = np.minimum(newton.digits_from_one(K, 20), 10 * DIGITS_SHOWN)  # inf -> off the axis
        left.plot(np.arange(len(from_one)), from_one, marker="o", markersize=3.5, label=K_LABELS[K])
        robust = np.minimum(newton.digits_of_newton_sqrt(K), 10 * DIGITS_SHOWN)
        right.plot(np.arange(len(robust)), robust, marker="o", markersize=3.5)
    for ax, title in ((left, r"$x_0 = 1$"), (right, r"$x_0 = \frac{1 + m}{2}\, 2^{q}$")):
        ax.axhline(DOUBLE_DIGITS, color=theme.text, linewidth=0.8, linestyle=":")
        ax.axhline(0, color=theme.text, linewidth=0.6)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("$k$")
    left.text(20, DOUBLE_DIGITS + 0.8, r"$2^{-53}$", ha="right", va="bottom", fontsize=10)
    left.set_ylabel(r"$-\log_{10}\,|x_k / \sqrt{K} - 1|$")
    left.set_ylim(-4, DIGITS_SHOWN)
    left.set_xticks(range(0, 21, 5))
    right.set_xticks(range(0, 6))
    left.legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    return fig


def _paths(ax, theme, newton_path, gd_path, gd_label):
    ax.plot(
        newton_path[:, 0],
        newton_path[:, 1],
        marker="o",
        markersize=3.5,
        linewidth=1.4,
        color=theme.lines[0],
        label=r"$\mathbf{x} - H^{-1} \nabla f$",
    )
    ax.plot(
        gd_path[:, 0], gd_path[:, 1], marker="s", markersize=3.5, linewidth=1.4, color=theme.lines[1], label=gd_label
    )
    ax.plot(*newton_path[0], marker="*", markersize=12, color=theme.text, linestyle="none")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_aspect("equal")


def _gd_label(learning_rate: float) -> str:
    return rf"$\mathbf{{x}} - \eta \nabla f,\ \eta = {newton.tex_number(learning_rate)}$"


def _legend_below(ax):
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9.5)


@figure("newton_vs_gd_quartic")
def newton_vs_gd_quartic(theme):
    newton_path, gd_path = newton.quartic_paths()
    grid = np.linspace(-40, 40, 401)
    X, Y = np.meshgrid(grid, grid)
    # The contours of log10(1 + f) are those of f, with evenly spaced values (f's would crowd).
    F = np.log10(1 + newton.example_function("quartic")(X, Y))
    fig, ax = plt.subplots(figsize=(5.4, 4.6))
    ax.contour(X, Y, F, levels=np.linspace(2, 7, 16), cmap=theme.contour, vmin=-1, vmax=7, linewidths=0.8)
    _paths(ax, theme, newton_path, gd_path, _gd_label(newton.QUARTIC_LEARNING_RATE))
    ax.plot(0, 0, marker="+", markersize=10, color=theme.text, linestyle="none")
    ax.set_xlim(-16, 24)
    ax.set_ylim(-4, 34)
    _legend_below(ax)
    return fig


@figure("newton_vs_gd_cubic")
def newton_vs_gd_cubic(theme):
    newton_path, gd_path = newton.cubic_paths()
    grid = np.linspace(-55, 55, 441)
    X, Y = np.meshgrid(grid, grid)
    # The contours of cbrt(f) are those of f; their values are evenly spaced, f's would crowd.
    F = np.cbrt(newton.example_function("cubic")(X, Y))
    fig, ax = plt.subplots(figsize=(5.4, 4.6))
    ax.contour(X, Y, F, levels=np.linspace(-80, 80, 17), cmap=theme.contour, vmin=-200, vmax=100, linewidths=0.8)
    _paths(ax, theme, newton_path, gd_path, _gd_label(newton.CUBIC_LEARNING_RATE))
    ax.plot(0, 0, marker="x", markersize=9, markeredgewidth=2, color=theme.text, linestyle="none")
    ax.set_xlim(-50, 50)
    ax.set_ylim(-20, 55)
    _legend_below(ax)
    return fig
