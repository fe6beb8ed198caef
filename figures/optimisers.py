"""Figures for the optimisers chapter: momentum against plain descent on 10x² + y², the convergence region
of the momentum recurrence, the source's RMSprop demo, Himmelblau paths and basins, and the explorer's
static fallback (which also writes the explorer's data). Every number drawn comes from derive."""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from derive.chapters.optimisers import experiments as ex
from derive.core.files import write_file
from derive.numerics import himmelblau as hb
from derive.numerics.descent import descend
from derive.numerics.optimisers import adam_step
from figures.level_curves import draw_quadratic_levels
from figures.registry import figure
from figures.style import WIDTH_IN, contour_colors, legend_below

EXPLORER_DATA = (
    Path(__file__).resolve().parent.parent / "docs" / "assets" / "generated" / "explorer" / "optimisers.json"
)
GD_LABEL = r"$\mathbf{x} - \alpha \nabla f$"  # the update, as the page writes it: no word on the figure


def _quadratic(ax, theme, a, b, extent, levels):
    draw_quadratic_levels(ax, theme, lambda x, y: a * x**2 + b * y**2, levels, linewidth=0.8)
    ax.set_aspect("equal")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.locator_params(axis="x", nbins=3)  # tick labels like −500 need the room
    ax.locator_params(axis="y", nbins=5)


def _momentum_paths(theme, run, extent):
    plain, heavy = ex.momentum_paths(run)
    r = ex.SEED_RUNS[run]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    _quadratic(ax, theme, *ex.SURFACE, extent, np.linspace(1, 12, 12) ** 2 * extent**2 / 60)
    ax.plot(plain[:, 0], plain[:, 1], marker="o", markersize=4, linewidth=1.4, label=GD_LABEL)
    ax.plot(
        heavy[:, 0],
        heavy[:, 1],
        marker="s",
        markersize=4,
        linewidth=1.4,
        label=rf"$\mathbf{{x}} + \mathbf{{v}},\ \beta = {r.momentum:g}$",
    )
    ax.set_title(rf"$10x^2 + y^2$, $\alpha = {r.lr:g}$, $N = {r.steps}$")
    legend_below(ax)
    return fig


@figure(
    "opt_momentum_slow",
    alt_en="Tall, narrow ellipses and two paths of markers. The circles from the upper left move quickly across "
    "to the vertical middle line, then creep down it and end far from the centre. The squares from the "
    "lower left overshoot the middle line, swing back across it in a loop and end close to the centre.",
    alt_zh="又高又窄的椭圆和两条标记点路径。圆点从左上方出发，很快横穿到竖直的中线上，然后沿中线慢慢往下挪，"
    "结束时离中心很远。方块从左下方出发，冲过中线，又绕一个弯折回来，结束时离中心很近。",
)
def momentum_slow(theme):
    return _momentum_paths(theme, "slow", 100)


@figure(
    "opt_momentum_edge",
    alt_en="Tall, narrow ellipses and two paths. The circles from the upper right jump between the same two x "
    "positions at every step, moving down only slowly. The squares from the lower right swing from side "
    "to side too, but their swings shrink quickly as they close in on the centre.",
    alt_zh="又高又窄的椭圆和两条路径。圆点从右上方出发，每一步都在同样的两个 x 位置之间跳动，只是缓慢地往下移。"
    "方块从右下方出发，同样左右摆动，但摆幅迅速缩小，很快逼近中心。",
)
def momentum_edge(theme):
    return _momentum_paths(theme, "edge", 560)


@figure(
    "opt_momentum_region",
    alt_en="A plane of h, horizontal, against β, vertical. Labelled level curves of the spectral radius run "
    "horizontally across the middle, inside a U-shaped band bounded by two dotted curves that meet at "
    "the bottom. A thick solid curve with a dashed line along it leans to the right as the right edge of "
    "the region; the runs' circles and squares sit inside it, near the left.",
    alt_zh="以 h 为横轴、β 为纵轴的平面。带数值标注的谱半径等值线在中部水平穿过，"
    "位于两条点线围成的 U 形带内，两条点线在底部相交。一条粗实线与一条虚线重合，向右倾斜，"
    "构成区域的右边界；两组实验的圆点和方块落在区域内靠左的位置。",
)
def momentum_region(theme):
    """The spectral radius of the momentum recurrence over (h, β): level curves, its edge and complex band,
    and the runs. Level curves, not a colour map: a colour map's pale or dark end vanishes into the page."""
    hs = np.linspace(0.0, 4.4, 111)[1:]
    betas = np.linspace(0.0, 0.98, 50)
    radius = np.array([[ex.spectral_radius(h, b) for h in hs] for b in betas])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.4))
    levels = [0.5, 0.7, 0.9]
    cs = ax.contour(hs, betas, radius, levels=levels, colors=contour_colors(theme, len(levels)), linewidths=1.0)
    # the labels where the curves run level (inside the band, where the radius is √β), clear of the markers
    ax.clabel(cs, inline=True, fmt="%g", manual=[(1.2, level**2) for level in levels])
    ax.contour(hs, betas, radius, levels=[1.0], colors=[theme.text], linewidths=3.4)  # under the dashed edge
    edge = [ex.stability_edge_at(round(float(b), 6)) for b in betas]
    band = np.array([ex.complex_band_at(round(float(b), 6)) for b in betas])
    ax.plot(edge, betas, color=theme.lines[1], linestyle="--", linewidth=1.6, label=r"$h = 2(1 + \beta)$")
    ax.plot(band[:, 0], betas, color=theme.lines[2], linestyle=":", linewidth=1.8, label=r"$(1 \pm \sqrt{\beta})^2$")
    ax.plot(band[:, 1], betas, color=theme.lines[2], linestyle=":", linewidth=1.8)
    for run, marker in (("slow", "o"), ("edge", "s")):
        pts = np.array(ex.run_points(run))
        ax.plot(
            pts[:, 0],
            pts[:, 1],
            marker,
            color=theme.lines[3],
            markersize=8,
            markeredgecolor=theme.text,
            label=rf"$\alpha = {ex.SEED_RUNS[run].lr:g}$",
        )
    ax.set_xlim(0, 4.4)
    ax.set_ylim(0, 1)
    ax.set_xlabel(r"$h = \alpha\lambda$")
    ax.set_ylabel(r"$\beta$")
    legend_below(ax, ncol=2)
    return fig


@figure(
    "opt_rmsprop_demo",
    alt_en="Tall, narrow ellipses and two paths of ten steps. The circles from the upper left move across "
    "towards the middle line in ever shorter steps and stop short of it. The squares from the lower left "
    "advance along a straight diagonal, as far along x as along y at each step, and reach the centre.",
    alt_zh="又高又窄的椭圆和两条各走十步的路径。圆点从左上方出发，以越来越短的步子向中线移动，没到中线就停了。"
    "方块从左下方出发，沿一条笔直的对角线前进，每一步在 x 方向和 y 方向走得一样远，一直走到中心。",
)
def rmsprop_demo(theme):
    plain, rms = ex.rmsprop_demo()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    _quadratic(ax, theme, *ex.SURFACE, 100, np.linspace(1, 12, 12) ** 2 * 100**2 / 60)
    ax.plot(
        plain[:, 0],
        plain[:, 1],
        marker="o",
        markersize=4,
        linewidth=1.4,
        label=rf"{GD_LABEL[:-1]},\ \alpha = {ex.DEMO_GD_LR:g}$",
    )
    ax.plot(
        rms[:, 0], rms[:, 1], marker="s", markersize=4, linewidth=1.4, label=rf"RMSprop, $\alpha = {ex.RMSPROP_LR:g}$"
    )
    legend_below(ax)
    return fig


def _himmelblau_contours(ax, theme):
    grid = np.linspace(-6, 6, 161)
    X, Y = np.meshgrid(grid, grid)
    Z = hb.himmelblau(np.stack([X, Y], -1))
    levels = np.geomspace(0.5, 800, 12)
    ax.contour(X, Y, Z, levels=levels, colors=contour_colors(theme, len(levels)), linewidths=0.8)


def _stationary_points(ax, theme):
    for p in hb.himmelblau_stationary_points():
        marker = {"minimum": "*", "saddle": "x", "maximum": "^"}[p.kind]
        ax.plot(p.x, p.y, marker, color=theme.text, markersize=12 if marker == "*" else 8, markeredgewidth=1.6)


def _square_axes(ax, w=6.0):
    ax.set_aspect("equal")
    ax.set_xlim(-w, w)
    ax.set_ylim(-w, w)
    ax.set_xticks(range(-6, 7, 3))
    ax.set_yticks(range(-6, 7, 3))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


@figure(
    "opt_himmelblau_paths",
    alt_en="Level curves of Himmelblau's function over a square, closing around four stars, with crosses "
    "between them and a triangle near the middle. A thick solid path runs from the centre to the "
    "upper-right star; four dashed paths, from the centre and from three corners, each end at the star "
    "nearest to them.",
    alt_zh="Himmelblau 函数在一个正方形区域上的等高线，围着四个星号闭合，星号之间有叉号，"
    "中部附近有一个三角形。一条粗实线从中心走到右上方的星号；四条虚线分别从中心和三个角出发，"
    "各自停在离它最近的星号上。",
)
def himmelblau_paths(theme):
    """Gradient descent from (0, 0) (the seed's run) and Adam from four starts, 30000 steps, float32."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    _himmelblau_contours(ax, theme)
    _stationary_points(ax, theme)
    gd_path = hb.seed_gradient_descent(np.float32)[::100]  # 300 points of a smooth curve
    ax.plot(gd_path[:, 0], gd_path[:, 1], color=theme.lines[1], linewidth=2.6, label=GD_LABEL)
    step = functools.partial(adam_step, lr=hb.SEED_LR)
    for k, start in enumerate(hb.ADAM_STARTS):
        path, _ = descend(hb.himmelblau_gradient, start, step, hb.SEED_STEPS, np.float32, every=100)
        ax.plot(
            path[::2, 0],
            path[::2, 1],
            color=theme.lines[0],
            linewidth=1.6,
            linestyle="--",
            label="Adam" if k == 0 else None,
        )
        ax.plot(*start, "o", color=theme.lines[0], markersize=6)
    _square_axes(ax)
    legend_below(ax, ncol=2)
    return fig


def _runs_of_cells(labels, grid):
    """Each row of the grid cut into runs of one label: (label, x0, x1, y0, y1), the cells' outer edges."""
    half = (grid[1] - grid[0]) / 2
    for i, row in enumerate(labels):
        start = 0
        for j in range(1, len(row) + 1):
            if j == len(row) or row[j] != row[start]:
                yield row[start], grid[start] - half, grid[j - 1] + half, grid[i] - half, grid[i] + half
                start = j


def _boundaries(labels, grid) -> MplPath:
    """The edges between neighbouring cells of different basins, as one path."""
    half = (grid[1] - grid[0]) / 2
    vertices = []
    for i, j in zip(*np.nonzero(labels[:, 1:] != labels[:, :-1]), strict=True):  # left | right
        x = grid[j] + half
        vertices += [(x, grid[i] - half), (x, grid[i] + half)]
    for i, j in zip(*np.nonzero(labels[1:, :] != labels[:-1, :]), strict=True):  # below / above
        y = grid[i] + half
        vertices += [(grid[j] - half, y), (grid[j] + half, y)]
    codes = [MplPath.MOVETO, MplPath.LINETO] * (len(vertices) // 2)
    return MplPath(vertices, codes)


@figure(
    "opt_himmelblau_basins",
    alt_en="A square split into four tinted regions, roughly its quarters, by borders that run in small steps, "
    "each region holding one star. The borders pass through the crosses between the stars and meet near "
    "the middle, beside the triangle.",
    alt_zh="一个正方形被阶梯状的边界分成四块着色区域，大致是它的四个象限，每块区域里有一个星号。"
    "边界穿过星号之间的叉号，在中部的三角形旁边交汇。",
)
def himmelblau_basins(theme):
    """Which minimum gradient descent (lr 0.001, 30000 steps) reaches from each start of a coarse grid.

    The borders between basins carry the information (with the minimum inside each): they are drawn as
    lines in the text colour. The tints inside are decoration (gid "tint-..."), faint so that the borders
    and markers stay readable on them; a start that reached no minimum (label −1) is left untinted.
    """
    n, w = 41, 6.0
    labels = hb.basins_grid(n, "gd", half_width=w)
    grid = np.linspace(-w, w, n)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    by_label: dict[int, list] = {}
    for label, x0, x1, y0, y1 in _runs_of_cells(labels, grid):
        by_label.setdefault(int(label), []).append([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    for label, rectangles in sorted(by_label.items()):
        if label < 0:
            continue
        path = MplPath.make_compound_path(*(MplPath(r, closed=True) for r in rectangles))
        tint = PathPatch(path, facecolor=theme.lines[label], alpha=0.3, edgecolor="none", gid=f"tint-basin-{label}")
        ax.add_patch(tint)
    ax.add_patch(PathPatch(_boundaries(labels, grid), facecolor="none", edgecolor=theme.text, linewidth=1.4))
    _stationary_points(ax, theme)
    _square_axes(ax, w)
    ax.grid(False)
    return fig


@figure(
    "opt_explorer_static",
    alt_en="Tall, narrow ellipses and three paths of ten steps from the upper left. The smallest rate moves "
    "across to the middle line and then slides down it; the middle rate zig-zags across the middle line "
    "with shrinking swings; the largest zig-zags ever wider, out past the ellipses on both sides.",
    alt_zh="又高又窄的椭圆，以及从左上方出发、各走十步的三条路径。学习率最小的一条先横移到中线，再沿中线下滑；"
    "居中的一条在中线两侧来回折返，摆幅逐渐缩小；最大的一条折返得越来越宽，向两侧冲出了椭圆。",
)
def explorer_static(theme):
    """The explorer without JavaScript: the three rates on 20x² + y². Also writes the explorer's data."""
    write_file(EXPLORER_DATA, ex.explorer_json())
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    _quadratic(ax, theme, 20, 1, 100, np.linspace(1, 10, 10) ** 2 * 100)
    for rate, marker in zip((0.02, 0.04, 0.051), "os^", strict=True):
        path = ex.explorer_path("ellipse", rate)
        ax.plot(path[:, 0], path[:, 1], marker=marker, markersize=5, linewidth=1.2, label=rf"$\eta = {rate:g}$")
    legend_below(ax, ncol=2)
    return fig
