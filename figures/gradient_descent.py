"""Figures for the gradient-descent chapter: contour lines, paths on quadratics, the learning rate's
factor, the Taylor approximations and the non-convex example. Every number drawn comes from derive."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.gradient_descent import experiments as gd
from derive.chapters.gradient_descent import source_code as seed
from derive.chapters.gradient_descent import values_x2sinx
from derive.chapters.gradient_descent.hypotheses import X2SINX
from derive.core.notation import latex
from figures.level_curves import draw_quadratic_levels
from figures.registry import figure
from figures.style import WIDTH_IN, legend_below


def _quadratic_contours(ax, theme, cx, cy, extent, levels):
    draw_quadratic_levels(ax, theme, lambda x, y: gd.quadratic_value(cx, cy, x, y), levels)
    ax.set_aspect("equal")
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.locator_params(axis="x", nbins=3)  # tick labels like −500 need the room
    ax.locator_params(axis="y", nbins=5)


def _on_level(cx, level, angles):
    ux, uy = np.cos(angles), np.sin(angles)
    scale = np.sqrt(level / gd.quadratic_value(cx, 1, ux, uy))
    return scale * ux, scale * uy


@figure(
    "gd_contours",
    alt_en="Two square panels, one above the other, of nested level curves. Top, x² + y²: concentric circles, "
    "and on one of them eight arrows all pointing at the centre. Bottom, 5x² + y²: tall ellipses "
    "squeezed along x, and on one of them eight arrows pointing mostly sideways, across the narrow "
    "direction, not at the centre.",
    alt_zh="上下两幅方形子图，画着层层嵌套的等高线。上图 x² + y²：同心圆，"
    "其中一个圆上的八个箭头全都指向圆心。下图 5x² + y²：沿 x 方向被压扁的竖长椭圆，"
    "其中一个椭圆上的八个箭头大多横着指向窄的方向，而不是指向中心。",
)
def contours(theme):
    """Level curves of x² + y² and 5x² + y² at equally spaced heights, with −∇f on one of them."""
    # One panel above the other: side by side, the axis labels would be unreadable on a phone.
    fig, axes = plt.subplots(2, 1, figsize=(WIDTH_IN, 7.2))
    levels = np.arange(1.0, 8.01, 1.0)
    for ax, cx, title in zip(axes, (1, 5), ("$x^2 + y^2$", "$5x^2 + y^2$"), strict=True):
        _quadratic_contours(ax, theme, cx, 1, 2.0, levels)
        # Points on the level curve f = 2, and the negative gradient there, unit length. f is a quadratic
        # form, so along a ray from the origin it grows like the squared distance: scaling a unit vector
        # u by sqrt(2 / f(u)) lands on the level 2.
        px, py = _on_level(cx, 2.0, np.linspace(0, 2 * np.pi, 9)[:-1] + np.pi / 8)
        gx, gy = (-g for g in gd.quadratic_gradient(cx, 1, px, py))
        norm = np.hypot(gx, gy)
        ax.plot(*_on_level(cx, 2.0, np.linspace(0, 2 * np.pi, 121)), color=theme.lines[1], linewidth=2.0)
        ax.quiver(
            px, py, gx / norm, gy / norm, color=theme.lines[1], angles="xy", scale_units="xy", scale=2.6, width=0.014
        )
        ax.set_title(title)
        ax.set_xticks([-2, -1, 0, 1, 2])
        ax.set_yticks([-2, -1, 0, 1, 2])
    return fig


@figure(
    "gd_taylor_orders",
    alt_en="The change of the loss after one step, relative to the loss, against the learning rate η. The "
    "first-order prediction, dashed, is a straight line falling steadily; the true change, solid, "
    "follows it only at the far left, bends back up in a U, crosses zero at the dotted vertical line and "
    "keeps rising.",
    alt_zh="一步之后损失的变化量（除以当前损失）随学习率 η 的变化。虚线是一阶预测，一条持续下降的直线；"
    "实线是真实变化量，只在最左端与虚线重合，随后向上弯成 U 形，在点线竖线处穿过零，并继续上升。",
)
def taylor_orders(theme):
    """The change of 20x² + y² after one step from (−60, 70): first-order prediction against the truth."""
    surface, start = seed.SCALING_SURFACES["ellipse"], seed.SCALING_START
    loss = gd.quadratic_value(*surface, *start)
    rates = np.linspace(0, 0.06, 121)
    first = gd.first_order_prediction(*surface, start, rates)
    exact = gd.one_step_change(*surface, start, rates)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.1))
    ax.plot(rates, first / loss, label=r"$-\eta\,\|\nabla C\|^2$", linestyle="--")
    ax.plot(rates, exact / loss, label=r"$C(w - \eta \nabla C) - C(w)$")
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(gd.critical_rate(*surface, start), color=theme.lines[2], linewidth=1.6, linestyle=":", label=r"$\eta_c$")
    ax.set_xlabel(r"$\eta$")
    ax.set_ylabel(r"$\Delta C \,/\, C(w)$")
    ax.set_ylim(-4.8, 1.2)
    ax.set_xticks([0, 0.02, 0.04, 0.06])
    legend_below(ax, ncol=2)
    return fig


@figure(
    "gd_quadratic_factor",
    alt_en="x after n steps divided by its start, against n, for three learning rates: markers joined by lines. "
    "One sequence drops almost to zero within two steps and stays there; one alternates in sign while "
    "shrinking; the third alternates between nearly plus and minus one with swings that slowly grow.",
    alt_zh="走 n 步后的 x 除以初值，随 n 变化，三个学习率各一组标记点，用折线连起来。"
    "一组在两步之内几乎降到零并保持不变；一组正负交替、幅度逐渐缩小；第三组在接近正负一之间来回跳，"
    "摆幅缓慢增大。",
)
def quadratic_factor(theme):
    """x_n / x_0 on 20x² + y² for the three learning rates of the scaling experiment.

    Markers: the iteration; lines: the closed form (1 − 2aη)ⁿ, evaluated at the same n.
    """
    steps = np.arange(seed.SCALING_STEPS + 1)
    surface = seed.SCALING_SURFACES["ellipse"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.1))
    for rate, marker in zip(seed.SCALING_RATES, "os^", strict=True):
        path = gd.descend_quadratic(*surface, (1.0, 0.0), rate, seed.SCALING_STEPS)
        closed = [gd.closed_form_point(*surface, (1.0, 0.0), rate, k)[0] for k in steps]
        (line,) = ax.plot(steps, closed, linewidth=1.2, label=rf"$\eta = {rate:g}$")
        ax.plot(steps, path[:, 0], marker, color=line.get_color(), markersize=5)
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$n$")
    ax.set_ylabel(r"$x_n \,/\, x_0$")
    ax.set_ylim(-1.7, 2.0)
    ax.set_xticks(steps[::2])
    legend_below(ax, ncol=2)
    return fig


def _paths(theme, rate, steps, starts, extent, levels):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    _quadratic_contours(ax, theme, *seed.PATH_SURFACE, extent, levels)
    for start, path in zip(starts, seed.path_runs(rate, steps, starts), strict=True):
        ax.plot(
            path[:, 0], path[:, 1], marker="o", markersize=4, linewidth=1.4, label=f"$({start[0]:g}, {start[1]:g})$"
        )
    legend_below(ax, ncol=2, title="$(x_0,\\ y_0)$")
    return fig


@figure(
    "gd_paths_small_rate",
    alt_en="Tall, narrow ellipses and three paths of dots. The path from the left runs quickly across to the "
    "vertical middle line; the one from the upper left curves over to it; the one from the top creeps "
    "down along it. All end still far from the centre, their last dots close together.",
    alt_zh="又高又窄的椭圆和三条圆点路径。从左边出发的路径很快横穿到竖直的中线上；从左上方出发的路径弯向这条中线；"
    "从上方出发的路径沿着中线慢慢往下挪。三条路径结束时离中心都还很远，最后几个点挤在一起。",
)
def paths_small_rate(theme):
    return _paths(theme, seed.SLOW_RATE, seed.SLOW_STEPS, seed.SLOW_STARTS, 110, np.linspace(1, 11, 11) ** 2 * 1000)


@figure(
    "gd_paths_edge_rate",
    alt_en="Tall, narrow ellipses and two paths of dots. The path from the upper right jumps from side to side "
    "between the same two x positions at every step, a zig-zag of constant width that moves down towards "
    "the centre; the path from the bottom climbs straight up the middle line.",
    alt_zh="又高又窄的椭圆和两条圆点路径。从右上方出发的路径每一步都在同样的两个 x 位置之间左右跳动，"
    "形成宽度不变的锯齿，同时向中心下移；从下方出发的路径沿中线笔直向上。",
)
def paths_edge_rate(theme):
    return _paths(theme, seed.EDGE_RATE, seed.EDGE_STEPS, seed.EDGE_STARTS, 560, np.linspace(1, 11, 11) ** 2 * 2500)


@figure(
    "gd_feature_scaling",
    alt_en="Two square panels, one above the other, each with three paths of markers from the same start at the "
    "upper left. Top, on circles: the three paths lie along one straight line towards the centre, "
    "shorter or longer. Bottom, on tall narrow ellipses: the paths zig-zag left and right across the "
    "middle, and the widest one swings further out with every step.",
    alt_zh="上下两幅方形子图，每幅都有三条标记点路径，从左上方的同一个起点出发。上图画在圆上："
    "三条路径沿同一条直线奔向圆心，只是长短不同。下图画在又高又窄的椭圆上：路径在中线两侧左右折返，"
    "摆幅最大的那条每走一步都甩得更远。",
)
def feature_scaling(theme):
    """x² + y² and 20x² + y² from (−60, 70), ten steps at each of the source's three rates."""
    fig, axes = plt.subplots(2, 1, figsize=(WIDTH_IN, 7.8))
    titles = ("$x^2 + y^2$", "$20x^2 + y^2$")
    for ax, (surface, (cx, cy)), title in zip(axes, seed.SCALING_SURFACES.items(), titles, strict=True):
        _quadratic_contours(ax, theme, cx, cy, 100, np.linspace(1, 10, 10) ** 2 * 100)
        # On the circle the three paths lie on one line: shrinking markers keep each one visible.
        for rate, marker, size in zip(seed.SCALING_RATES, "os^", (8, 6, 4), strict=True):
            path = seed.scaling_run(surface, rate, np.float64)
            ax.plot(path[:, 0], path[:, 1], marker=marker, markersize=size, linewidth=1.2, label=rf"$\eta = {rate:g}$")
        ax.set_title(title)
        legend_below(axes[1], ncol=2)
    return fig


@figure(
    "gd_x2sinx_descent",
    alt_en="The curve of x² sin x: nearly flat near zero, a small hump, a deep valley, then a steep climb. Dots "
    "of the descent start just past the top of the hump, run down its slope into the valley and crowd "
    "together at the bottom; open triangles mark the top of the hump and the bottom of the valley.",
    alt_zh="x² sin x 的曲线：在零附近几乎是平的，然后是一个小山包、一个深谷，再陡峭地上升。"
    "梯度下降的圆点从刚过山包顶点处出发，沿坡面滑进山谷，在谷底挤成一团；"
    "空心三角形标出山包的顶点和山谷的底部。",
)
def x2sinx_descent(theme):
    """f(x) = x² sin x, the descent from 2.5 at the source's learning rate, and the two critical points."""
    xs = np.linspace(-0.5, 7.0, 301)
    path = seed.x2sinx_run()
    f = gd.x2sinx_functions()[0]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.2))
    ax.plot(xs, f(xs), label=f"${latex(X2SINX.relation)}$")
    ax.plot(path, f(path), "o", markersize=4.5, color=theme.lines[1], label=rf"$\eta = {seed.X2SINX_RATE:g}$")
    for point, marker in ((values_x2sinx.local_minimum(), "v"), (values_x2sinx.local_maximum(), "^")):
        ax.plot(
            point, f(point), marker, markersize=10, markeredgewidth=1.6, color=theme.lines[2], markerfacecolor="none"
        )
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    legend_below(ax, ncol=2)
    return fig
