"""Figures for the optimisers chapter: momentum against plain descent on 10x² + y², the convergence region
of the momentum recurrence, the source's RMSprop demo, Himmelblau paths and basins, and the explorer's
static fallback (which also writes the explorer's data). Every number drawn comes from derive."""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.optimisers import experiments as ex
from derive.core.files import write_file
from derive.numerics import himmelblau as hb
from derive.numerics.descent import descend
from derive.numerics.optimisers import adam_step
from figures.registry import figure

EXPLORER_DATA = (
    Path(__file__).resolve().parent.parent / "docs" / "assets" / "generated" / "explorer" / "optimisers.json"
)


def _contour_colors(theme, count):
    cmap = matplotlib.colormaps[theme.contour]
    lo, hi = (0.35, 0.85) if theme.name == "light" else (0.15, 0.6)
    return [cmap(v) for v in np.linspace(lo, hi, count)]


def _quadratic(ax, theme, a, b, extent, levels):
    grid = np.linspace(-extent, extent, 301)
    X, Y = np.meshgrid(grid, grid)
    ax.contour(X, Y, a * X**2 + b * Y**2, levels=levels, colors=_contour_colors(theme, len(levels)), linewidths=0.8)
    ax.set_aspect("equal")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def _momentum_paths(theme, run, extent):
    plain, heavy = ex.momentum_paths(run)
    r = ex.SEED_RUNS[run]
    fig, ax = plt.subplots(figsize=(4.8, 4.8))
    _quadratic(ax, theme, *ex.SURFACE, extent, np.linspace(1, 12, 12) ** 2 * extent**2 / 60)
    ax.plot(plain[:, 0], plain[:, 1], marker="o", markersize=3, linewidth=1.1, label="GD")
    ax.plot(
        heavy[:, 0], heavy[:, 1], marker="s", markersize=3, linewidth=1.1, label=rf"momentum $\beta = {r.momentum:g}$"
    )
    ax.set_title(rf"$10x^2 + y^2$, $\alpha = {r.lr:g}$, $N = {r.steps}$")
    ax.legend(loc="lower left", fontsize=8)
    return fig


@figure("opt_momentum_slow")
def momentum_slow(theme):
    return _momentum_paths(theme, "slow", 100)


@figure("opt_momentum_edge")
def momentum_edge(theme):
    return _momentum_paths(theme, "edge", 560)


@figure("opt_momentum_region")
def momentum_region(theme):
    """The spectral radius of the momentum recurrence over (h, β), its edge and complex band, the runs."""
    hs = np.linspace(0.0, 4.4, 111)[1:]
    betas = np.linspace(0.0, 0.98, 50)
    radius = np.array([[ex.spectral_radius(h, b) for h in hs] for b in betas])
    fig, ax = plt.subplots(figsize=(5.6, 3.8))
    mesh = ax.pcolormesh(
        hs, betas, np.minimum(radius, 1.5), cmap=theme.contour, shading="nearest", vmin=0, vmax=1.5, rasterized=True
    )
    fig.colorbar(mesh, ax=ax, label=r"$\rho(M)$")
    ax.contour(hs, betas, radius, levels=[1.0], colors=[theme.text], linewidths=1.6)
    edge = [ex.stability_edge_at(round(float(b), 6)) for b in betas]
    band = np.array([ex.complex_band_at(round(float(b), 6)) for b in betas])
    ax.plot(edge, betas, color=theme.lines[1], linestyle="--", linewidth=1.2, label=r"$h = 2(1 + \beta)$")
    ax.plot(band[:, 0], betas, color=theme.lines[2], linestyle=":", linewidth=1.2, label=r"$(1 \pm \sqrt{\beta})^2$")
    ax.plot(band[:, 1], betas, color=theme.lines[2], linestyle=":", linewidth=1.2)
    for run, marker in (("slow", "o"), ("edge", "s")):
        pts = np.array(ex.run_points(run))
        ax.plot(
            pts[:, 0],
            pts[:, 1],
            marker,
            color=theme.lines[3],
            markersize=7,
            markeredgecolor=theme.text,
            label=f"{run}: " + ", ".join(f"{h:g}" for h in pts[:, 0]),
        )
    ax.grid(False)  # grid lines would stripe the colour map
    ax.set_xlim(0, 4.4)
    ax.set_ylim(0, 1)
    ax.set_xlabel(r"$h = \alpha\lambda$")
    ax.set_ylabel(r"$\beta$")
    ax.legend(loc="upper left", fontsize=7)
    return fig


@figure("opt_rmsprop_demo")
def rmsprop_demo(theme):
    plain, rms = ex.rmsprop_demo()
    fig, ax = plt.subplots(figsize=(4.8, 4.8))
    _quadratic(ax, theme, *ex.SURFACE, 100, np.linspace(1, 12, 12) ** 2 * 100**2 / 60)
    ax.plot(
        plain[:, 0], plain[:, 1], marker="o", markersize=3, linewidth=1.1, label=rf"GD $\alpha = {ex.DEMO_GD_LR:g}$"
    )
    ax.plot(
        rms[:, 0], rms[:, 1], marker="s", markersize=3, linewidth=1.1, label=rf"RMSprop $\alpha = {ex.RMSPROP_LR:g}$"
    )
    ax.legend(loc="lower left", fontsize=8)
    return fig


def _himmelblau_contours(ax, theme):
    grid = np.linspace(-6, 6, 241)
    X, Y = np.meshgrid(grid, grid)
    Z = hb.himmelblau(np.stack([X, Y], -1))
    levels = np.geomspace(0.5, 800, 14)
    ax.contour(X, Y, Z, levels=levels, colors=_contour_colors(theme, len(levels)), linewidths=0.7)
    for p in hb.himmelblau_stationary_points():
        marker = {"minimum": "*", "saddle": "x", "maximum": "^"}[p.kind]
        ax.plot(p.x, p.y, marker, color=theme.text, markersize=8 if marker == "*" else 6)
    ax.set_aspect("equal")
    ax.set_xlim(-6, 6)
    ax.set_ylim(-6, 6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


@figure("opt_himmelblau_paths")
def himmelblau_paths(theme):
    """Gradient descent from (0, 0) (the seed's run) and Adam from four starts, 30000 steps, float32."""
    fig, ax = plt.subplots(figsize=(5.0, 5.0))
    _himmelblau_contours(ax, theme)
    gd_path = hb.seed_gradient_descent(np.float32)[::50]
    ax.plot(gd_path[:, 0], gd_path[:, 1], color=theme.lines[1], linewidth=2.2, label="GD (0, 0)")
    step = functools.partial(adam_step, lr=hb.SEED_LR)
    for k, start in enumerate(hb.ADAM_STARTS):
        path, _ = descend(hb.himmelblau_gradient, start, step, hb.SEED_STEPS, np.float32, every=100)
        ax.plot(
            path[:, 0],
            path[:, 1],
            color=theme.lines[0],
            linewidth=1.2,
            linestyle="--",
            label="Adam" if k == 0 else None,
        )
        ax.plot(*start, "o", color=theme.lines[0], markersize=4)
    ax.legend(loc="lower left", fontsize=8)
    return fig


@figure("opt_himmelblau_basins")
def himmelblau_basins(theme):
    """Which minimum gradient descent (lr 0.001, 30000 steps) reaches from each start of a coarse grid."""
    n, w = 41, 6.0
    labels = hb.basins_grid(n, "gd", half_width=w)
    grid = np.linspace(-w, w, n)
    colours = matplotlib.colors.ListedColormap([theme.grid, *theme.lines])
    fig, ax = plt.subplots(figsize=(5.0, 5.0))
    ax.pcolormesh(
        grid, grid, labels + 1, cmap=colours, vmin=-0.5, vmax=4.5, shading="nearest", alpha=0.55, rasterized=True
    )
    _himmelblau_contours(ax, theme)
    ax.grid(False)
    return fig


@figure("opt_explorer_static")
def explorer_static(theme):
    """The explorer without JavaScript: the three rates on 20x² + y². Also writes the explorer's data."""
    write_file(EXPLORER_DATA, ex.explorer_json())
    fig, ax = plt.subplots(figsize=(4.8, 4.8))
    _quadratic(ax, theme, 20, 1, 100, np.linspace(1, 10, 10) ** 2 * 100)
    for rate, marker in zip((0.02, 0.04, 0.051), "os^", strict=True):
        path = ex.explorer_path("ellipse", rate)
        ax.plot(path[:, 0], path[:, 1], marker=marker, markersize=4, linewidth=1.0, label=rf"$\eta = {rate:g}$")
    ax.legend(loc="lower left", fontsize=8)
    return fig
