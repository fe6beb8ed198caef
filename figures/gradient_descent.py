"""Figures for the gradient-descent chapter: contour lines, paths on quadratics, the learning rate's
factor, the Taylor approximations and the non-convex example. Every number drawn comes from derive."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.gradient_descent import experiments as gd
from derive.chapters.gradient_descent import source_code as seed
from derive.chapters.gradient_descent import values_x2sinx
from derive.chapters.gradient_descent.hypotheses import X2SINX
from derive.core.notation import latex
from figures.registry import figure


def _contour_colors(theme, count):
    """Contour colours from the middle of the theme's colormap: its pale end vanishes on the page."""
    cmap = matplotlib.colormaps[theme.contour]
    lo, hi = (0.35, 0.85) if theme.name == "light" else (0.15, 0.6)
    return [cmap(v) for v in np.linspace(lo, hi, count)]


def _quadratic_contours(ax, theme, cx, cy, extent, levels):
    grid = np.linspace(-extent, extent, 401)
    X, Y = np.meshgrid(grid, grid)
    ax.contour(
        X,
        Y,
        gd.quadratic_value(cx, cy, X, Y),
        levels=levels,
        colors=_contour_colors(theme, len(levels)),
        linewidths=0.9,
    )
    ax.set_aspect("equal")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def _on_level(cx, level, angles):
    ux, uy = np.cos(angles), np.sin(angles)
    scale = np.sqrt(level / gd.quadratic_value(cx, 1, ux, uy))
    return scale * ux, scale * uy


@figure("gd_contours")
def contours(theme):
    """Level curves of x² + y² and 5x² + y² at equally spaced heights, with −∇f on one of them."""
    # One panel above the other: side by side, the axis labels would be unreadable on a phone.
    fig, axes = plt.subplots(2, 1, figsize=(4.2, 7.8))
    levels = np.arange(0.5, 8.01, 0.5)
    for ax, cx, title in zip(axes, (1, 5), ("$x^2 + y^2$", "$5x^2 + y^2$"), strict=True):
        _quadratic_contours(ax, theme, cx, 1, 2.0, levels)
        # Points on the level curve f = 2, and the negative gradient there, unit length. f is a quadratic
        # form, so along a ray from the origin it grows like the squared distance: scaling a unit vector
        # u by sqrt(2 / f(u)) lands on the level 2.
        px, py = _on_level(cx, 2.0, np.linspace(0, 2 * np.pi, 9)[:-1] + np.pi / 8)
        gx, gy = (-g for g in gd.quadratic_gradient(cx, 1, px, py))
        norm = np.hypot(gx, gy)
        ax.plot(*_on_level(cx, 2.0, np.linspace(0, 2 * np.pi, 200)), color=theme.lines[1], linewidth=1.6)
        ax.quiver(
            px, py, gx / norm, gy / norm, color=theme.lines[1], angles="xy", scale_units="xy", scale=2.6, width=0.011
        )
        ax.set_title(title)
    fig.tight_layout()
    return fig


@figure("gd_taylor_orders")
def taylor_orders(theme):
    """The change of 20x² + y² after one step from (−60, 70): first-order prediction against the truth."""
    surface, start = seed.SCALING_SURFACES["ellipse"], seed.SCALING_START
    loss = gd.quadratic_value(*surface, *start)
    rates = np.linspace(0, 0.06, 301)
    first = gd.first_order_prediction(*surface, start, rates)
    exact = gd.one_step_change(*surface, start, rates)
    fig, ax = plt.subplots(figsize=(5.4, 3.4))
    ax.plot(rates, first / loss, label=r"$-\eta\,\|\nabla C\|^2$", linestyle="--")
    ax.plot(rates, exact / loss, label=r"$C(w - \eta \nabla C) - C(w)$")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(gd.critical_rate(*surface, start), color=theme.lines[2], linewidth=1.0, linestyle=":", label=r"$\eta_c$")
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
    steps = np.arange(seed.SCALING_STEPS + 1)
    surface = seed.SCALING_SURFACES["ellipse"]
    fig, ax = plt.subplots(figsize=(5.4, 3.4))
    for rate in seed.SCALING_RATES:
        path = gd.descend_quadratic(*surface, (1.0, 0.0), rate, seed.SCALING_STEPS)
        closed = [gd.closed_form_point(*surface, (1.0, 0.0), rate, k)[0] for k in steps]
        (line,) = ax.plot(steps, closed, linewidth=1.0, label=rf"$\eta = {rate:g}$")
        ax.plot(steps, path[:, 0], "o", color=line.get_color(), markersize=4)
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$n$")
    ax.set_ylabel(r"$x_n \,/\, x_0$")
    ax.legend(loc="upper left", fontsize=9, ncols=3)
    ax.set_ylim(-1.7, 2.0)
    return fig


def _paths(theme, rate, steps, starts, extent, levels):
    fig, ax = plt.subplots(figsize=(4.8, 4.8))
    _quadratic_contours(ax, theme, *seed.PATH_SURFACE, extent, levels)
    for start, path in zip(starts, seed.path_runs(rate, steps, starts), strict=True):
        ax.plot(
            path[:, 0], path[:, 1], marker="o", markersize=3, linewidth=1.2, label=f"$({start[0]:g}, {start[1]:g})$"
        )
    ax.legend(loc="lower right", fontsize=9)
    return fig


@figure("gd_paths_small_rate")
def paths_small_rate(theme):
    return _paths(theme, seed.SLOW_RATE, seed.SLOW_STEPS, seed.SLOW_STARTS, 110, np.linspace(1, 11, 11) ** 2 * 1000)


@figure("gd_paths_edge_rate")
def paths_edge_rate(theme):
    return _paths(theme, seed.EDGE_RATE, seed.EDGE_STEPS, seed.EDGE_STARTS, 560, np.linspace(1, 11, 11) ** 2 * 2500)


@figure("gd_feature_scaling")
def feature_scaling(theme):
    """x² + y² and 20x² + y² from (−60, 70), ten steps at each of the source's three rates."""
    fig, axes = plt.subplots(2, 1, figsize=(4.4, 8.2))
    titles = ("$x^2 + y^2$", "$20x^2 + y^2$")
    for ax, (surface, (cx, cy)), title in zip(axes, seed.SCALING_SURFACES.items(), titles, strict=True):
        _quadratic_contours(ax, theme, cx, cy, 100, np.linspace(1, 10, 10) ** 2 * 100)
        # On the circle the three paths lie on one line: shrinking markers keep each one visible.
        for rate, marker, size in zip(seed.SCALING_RATES, "os^", (7, 5, 3), strict=True):
            path = seed.scaling_run(surface, rate, np.float64)
            ax.plot(path[:, 0], path[:, 1], marker=marker, markersize=size, linewidth=1.0, label=rf"$\eta = {rate:g}$")
        ax.set_title(title)
    axes[0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


@figure("gd_x2sinx_descent")
def x2sinx_descent(theme):
    """f(x) = x² sin x, the descent from 2.5 at the source's learning rate, and the two critical points."""
    xs = np.linspace(-0.5, 7.0, 601)
    path = seed.x2sinx_run()
    f = gd.x2sinx_functions()[0]
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    ax.plot(xs, f(xs), label=f"${latex(X2SINX.relation)}$")
    ax.plot(path, f(path), "o", markersize=3.5, color=theme.lines[1], label=rf"$\eta = {seed.X2SINX_RATE:g}$")
    for point, marker in ((values_x2sinx.local_minimum(), "v"), (values_x2sinx.local_maximum(), "^")):
        ax.plot(point, f(point), marker, markersize=8, color=theme.lines[2], markerfacecolor="none")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="lower left", fontsize=9)
    return fig
