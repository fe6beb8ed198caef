"""Figures for the activation-function pages: each curve next to its derivative, and the §1.14 paths."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.activations.experiments import tanh_derivative_np
from derive.chapters.sigmoid_cross_entropy import experiments as sp_pair
from derive.numerics import activations as act
from figures.registry import figure
from figures.style import WIDTH_IN, contour_colors, legend_below

X = np.linspace(-6, 6, 241)  # the curves are smooth: 241 points draw them as well as 601


def _curve_pair(theme, f, df, f_label, df_label, ylim):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.9))
    ax.plot(X, f(X), label=f_label)
    ax.plot(X, df(X), label=df_label, linestyle="--")
    ax.set_xlabel("$x$")
    ax.set_ylim(*ylim)
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(0, color=theme.text, linewidth=0.6)
    ax.legend(loc="upper left")
    return fig


@figure(
    "sigmoid_and_derivative",
    alt_en="Two curves over x from −6 to 6. The sigmoid is an S rising from 0 to 1, crossing one half at the "
    "origin; its derivative, dashed, is a low symmetric bump peaking at the origin and almost flat on "
    "zero beyond ±4.",
    alt_zh="x 从 −6 到 6 的两条曲线。sigmoid 是一条从 0 升到 1 的 S 形曲线，"
    "在原点处经过二分之一；虚线是它的导数，一个低矮、左右对称的鼓包，峰值在原点，"
    "|x| 超过 4 以后几乎贴着零。",
)
def sigmoid_and_derivative(theme):
    return _curve_pair(theme, act.sigmoid, act.sigmoid_derivative_np, r"$\sigma(x)$", r"$\sigma'(x)$", (-0.1, 1.1))


@figure(
    "tanh_and_derivative",
    alt_en="Two curves over x from −6 to 6. Tanh is an S through the origin from −1 to 1, steeper than the "
    "sigmoid; its derivative, dashed, is a narrow bump that reaches 1 at the origin and is nearly zero "
    "beyond ±3.",
    alt_zh="x 从 −6 到 6 的两条曲线。tanh 是一条穿过原点、从 −1 升到 1 的 S 形曲线，"
    "比 sigmoid 更陡；虚线是它的导数，一个窄窄的鼓包，在原点处达到 1，"
    "|x| 超过 3 以后几乎为零。",
)
def tanh_and_derivative(theme):
    return _curve_pair(theme, act.tanh, tanh_derivative_np(), r"$\tanh(x)$", r"$\tanh'(x)$", (-1.15, 1.15))


@figure(
    "relu_and_derivative",
    alt_en="Two graphs over x from −6 to 6. ReLU lies flat on zero for negative x and rises as a straight line "
    "of slope one for positive x; its derivative, dashed, is a step: zero on the left, one on the right.",
    alt_zh="x 从 −6 到 6 的两幅图像。ReLU 在 x 为负时贴着零，x 为正时是一条斜率为 1 的直线；"
    "虚线是它的导数，一个阶跃：左边为 0，右边为 1。",
)
def relu_and_derivative(theme):
    # The derivative is drawn as two pieces so the jump at 0 is not drawn as a vertical line.
    def left_piece(x):
        return np.where(x > 0, np.nan, act.relu_derivative_np(x))

    fig = _curve_pair(theme, act.relu, left_piece, r"$\mathrm{ReLU}(x)$", r"$\mathrm{ReLU}'(x)$", (-0.5, 3.2))
    ax = fig.axes[0]
    ax.plot(X, np.where(X > 0, act.relu_derivative_np(X), np.nan), linestyle="--", color=ax.lines[1].get_color())
    return fig


def _label_positions(loss, levels):
    """Where to write each level's value: on its line w + b = h (the loss depends on h = w + b only), off the
    diagonal w = b along which the paths run, alternately nearer and farther so crowded lines keep apart."""
    hs = np.linspace(-12, 12, 2401)
    values = loss(hs)
    order = np.argsort(values)
    positions = []
    for k, level in enumerate(levels):
        h = float(np.interp(level, values[order], hs[order]))
        off = min(1.8 + 1.8 * (k % 2), 5.2 - abs(h) / 2)  # stay inside the ±6 window
        positions.append((h / 2 - off, h / 2 + off))
    return positions


def _loss_paths(theme, kind):
    w = np.linspace(-6, 6, 61)  # only the window shown; the level curves are straight lines
    W, B = np.meshgrid(w, w)
    loss = sp_pair.loss_function(kind)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
    levels = np.linspace(0, 1, 11) if kind == "mse" else np.linspace(0, 10, 11)
    colours = contour_colors(theme, len(levels))
    labelled = np.zeros(len(levels), dtype=bool)
    labelled[1::4] = True  # every fourth level: room for the labels where the lines crowd
    # two sets, because clabel's manual placement looks for the nearest curve of the set it labels
    ax.contour(W, B, loss(W + B), levels=levels[~labelled], colors=np.array(colours)[~labelled], linewidths=0.9)
    cs = ax.contour(W, B, loss(W + B), levels=levels[labelled], colors=np.array(colours)[labelled], linewidths=0.9)
    ax.clabel(cs, inline=True, fmt="%g", manual=_label_positions(loss, levels[labelled]))
    for start in sp_pair.STARTS:
        path = sp_pair.trajectory(kind, start)
        (line,) = ax.plot(path[:, 0], path[:, 1], linewidth=2.4, label=f"({start[0]:g}, {start[1]:g})")
        ax.plot(
            *path[-1], marker="o", markersize=9, markeredgewidth=1.6, color=line.get_color(), markerfacecolor="none"
        )
    ax.set_xlabel("$w$")
    ax.set_ylabel("$b$")
    ax.set_aspect("equal")
    ax.set_xlim(-6, 6)
    ax.set_ylim(-6, 6)
    ax.set_xticks(range(-6, 7, 3))
    ax.set_yticks(range(-6, 7, 3))
    legend_below(ax, ncol=3, title="$(w_0,\\ b_0)$", columnspacing=0.8)
    return fig


@figure(
    "sigmoid_mse_paths",
    alt_en="A square map of the (w, b) plane crossed by parallel diagonal level lines of the loss, bunched in a "
    "band through the middle. Three short straight paths run down and to the left from their starts; the "
    "one that starts highest up the band stops after the shortest distance, at its open circle.",
    alt_zh="(w, b) 平面上的方形图，损失的等高线是一组平行的斜线，集中在穿过中部的一条带里。"
    "三条短短的直线路径从各自的起点向左下方走；起点在带中位置最高的那条走得最短，就停在它的空心圆处。",
)
def sigmoid_mse_paths(theme):
    return _loss_paths(theme, "mse")


@figure(
    "sigmoid_bce_paths",
    alt_en="The same square map of the (w, b) plane with evenly spaced diagonal level lines filling the upper "
    "right. Three straight parallel paths run from their starts down to the lower left, all covering a "
    "similar, long distance before their open circles.",
    alt_zh="同一幅 (w, b) 平面的方形图，等间距的斜向等高线铺满右上方。"
    "三条相互平行的直线路径从起点向左下方延伸，走过的距离都差不多长，才到达各自的空心圆。",
)
def sigmoid_bce_paths(theme):
    return _loss_paths(theme, "bce")
