"""Figures for the gradient-descent chapter: contour lines, paths on quadratics, the learning rate's
factor, the Taylor approximations and the non-convex example. Every number drawn comes from derive."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.gradient_descent import derivations as gd
from figures.registry import figure


def _contour_colors(theme, count):
    """Contour colours from the middle of the theme's colormap: its pale end vanishes on the page."""
    cmap = matplotlib.colormaps[theme.contour]
    lo, hi = (0.35, 0.85) if theme.name == "light" else (0.15, 0.6)
    return [cmap(v) for v in np.linspace(lo, hi, count)]


def _quadratic_contours(ax, theme, cx, cy, extent, levels):
    grid = np.linspace(-extent, extent, 401)
    X, Y = np.meshgrid(grid, grid)
    ax.contour(X, Y, cx * X ** 2 + cy * Y ** 2, levels=levels, colors=_contour_colors(theme, len(levels)),
               linewidths=0.9)
    ax.set_aspect("equal")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


@figure("gd_contours")
def contours(theme):
    """Level curves of x² + y² and 5x² + y² at equally spaced heights, with −∇f on one of them."""
    # One panel above the other: side by side, the axis labels would be unreadable on a phone.
    fig, axes = plt.subplots(2, 1, figsize=(4.2, 7.8))
    levels = np.arange(0.5, 8.01, 0.5)
    for ax, cx, title in zip(axes, (1, 5), ("$x^2 + y^2$", "$5x^2 + y^2$"), strict=True):
        _quadratic_contours(ax, theme, cx, 1, 2.0, levels)
        # Points on the level curve f = 2, and the negative gradient (−2·cx·x, −2y) there, unit length.
        t = np.linspace(0, 2 * np.pi, 9)[:-1] + np.pi / 8
        px, py = np.sqrt(2 / cx) * np.cos(t), np.sqrt(2) * np.sin(t)
        gx, gy = -2 * cx * px, -2 * py
        norm = np.hypot(gx, gy)
        ring = np.linspace(0, 2 * np.pi, 200)
        ax.plot(np.sqrt(2 / cx) * np.cos(ring), np.sqrt(2) * np.sin(ring), color=theme.lines[1], linewidth=1.6)
        ax.quiver(px, py, gx / norm, gy / norm, color=theme.lines[1], angles="xy", scale_units="xy", scale=2.6,
                  width=0.011)
        ax.set_title(title)
    fig.tight_layout()
    return fig


@figure("gd_taylor_orders")
def taylor_orders(theme):
    """The change of 20x² + y² after one step from (−60, 70): first-order prediction against the truth."""
    start = np.array(gd.SCALING_START)
    gx, gy = 2 * 20 * start[0], 2 * 1 * start[1]
    loss = 20 * start[0] ** 2 + start[1] ** 2
    rates = np.linspace(0, 0.06, 301)
    first = -rates * (gx ** 2 + gy ** 2)
    exact = [20 * p[0] ** 2 + p[1] ** 2 - loss
             for p in (gd.descend_quadratic(20, 1, start, lr, 1)[-1] for lr in rates)]
    fig, ax = plt.subplots(figsize=(5.4, 3.4))
    ax.plot(rates, first / loss, label=r"$-\eta\,\|\nabla C\|^2$", linestyle="--")
    ax.plot(rates, np.array(exact) / loss, label=r"$C(w - \eta \nabla C) - C(w)$")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(gd.eta_c_example(), color=theme.lines[2], linewidth=1.0, linestyle=":",
               label=r"$\eta_c$")
    ax.set_xlabel(r"$\eta$")
    ax.set_ylabel(r"$\Delta C \,/\, C(w)$")
    ax.set_ylim(-4.8, 1.2)
    ax.legend(loc="lower left", fontsize=9)
    return fig


@figure("gd_quadratic_factor")
def quadratic_factor(theme):
    """x_n / x_0 on 20x² + y² for the three learning rates of the scaling experiment.

    Markers: the iteration; lines: the closed form (1 − 2aη)ⁿ, evaluated at the same n.
    """
    steps = np.arange(gd.SCALING_STEPS + 1)
    fig, ax = plt.subplots(figsize=(5.4, 3.4))
    for rate in gd.SCALING_RATES:
        path = gd.descend_quadratic(20, 1, (1.0, 0.0), rate, gd.SCALING_STEPS)
        closed = [gd.closed_form_point(20, 1, (1.0, 0.0), rate, k)[0] for k in steps]
        line, = ax.plot(steps, closed, linewidth=1.0, label=rf"$\eta = {rate:g}$")
        ax.plot(steps, path[:, 0], "o", color=line.get_color(), markersize=4)
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$n$")
    ax.set_ylabel(r"$x_n \,/\, x_0$")
    ax.legend(loc="upper left", fontsize=9, ncols=3)
    ax.set_ylim(-1.7, 2.0)
    return fig


def _paths(theme, cx, cy, rate, steps, starts, extent, levels):
    fig, ax = plt.subplots(figsize=(4.8, 4.8))
    _quadratic_contours(ax, theme, cx, cy, extent, levels)
    for start in starts:
        path = gd.descend_quadratic(cx, cy, start, rate, steps)
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linewidth=1.2,
                label=f"$({start[0]:g}, {start[1]:g})$")
    ax.legend(loc="lower right", fontsize=9)
    return fig


@figure("gd_paths_small_rate")
def paths_small_rate(theme):
    cx, cy = gd.PATH_SURFACE
    return _paths(theme, cx, cy, gd.SLOW_RATE, gd.SLOW_STEPS, gd.SLOW_STARTS, 110,
                  np.linspace(1, 11, 11) ** 2 * 1000)


@figure("gd_paths_edge_rate")
def paths_edge_rate(theme):
    cx, cy = gd.PATH_SURFACE
    return _paths(theme, cx, cy, gd.EDGE_RATE, gd.EDGE_STEPS, gd.EDGE_STARTS, 560,
                  np.linspace(1, 11, 11) ** 2 * 2500)


@figure("gd_feature_scaling")
def feature_scaling(theme):
    """x² + y² and 20x² + y² from (−60, 70), ten steps at each of the source's three rates."""
    fig, axes = plt.subplots(2, 1, figsize=(4.4, 8.2))
    titles = ("$x^2 + y^2$", "$20x^2 + y^2$")
    for ax, (cx, cy), title in zip(axes, gd.SCALING_SURFACES.values(), titles, strict=True):
        _quadratic_contours(ax, theme, cx, cy, 100, np.linspace(1, 10, 10) ** 2 * 100)
        # On the circle the three paths lie on one line: shrinking markers keep each one visible.
        for rate, marker, size in zip(gd.SCALING_RATES, "os^", (7, 5, 3), strict=True):
            path = gd.descend_quadratic(cx, cy, gd.SCALING_START, rate, gd.SCALING_STEPS)
            ax.plot(path[:, 0], path[:, 1], marker=marker, markersize=size, linewidth=1.0,
                    label=rf"$\eta = {rate:g}$")
        ax.set_title(title)
    axes[0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


@figure("gd_x2sinx_descent")
def x2sinx_descent(theme):
    """f(x) = x² sin x, the descent from 2.5 at the source's learning rate, and the two critical points."""
    xs = np.linspace(-0.5, 7.0, 601)
    path = gd.bumpy_descent()
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    ax.plot(xs, gd.f_bumpy(xs), label=r"$f(x) = x^2 \sin x$")
    ax.plot(path, gd.f_bumpy(path), "o", markersize=3.5, color=theme.lines[1],
            label=rf"$\eta = {gd.BUMPY_RATE:g}$")
    for point, marker in ((gd.local_minimum(), "v"), (gd.local_maximum(), "^")):
        ax.plot(point, gd.f_bumpy(point), marker, markersize=8, color=theme.lines[2], markerfacecolor="none")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="lower left", fontsize=9)
    return fig
