"""Figures for the vanishing-gradients page: per-layer gradient sizes from the one cached run of the chain.

The axes carry symbols only (ℓ is the layer, 1 next to the input; W_ℓ its weights); the captions say it
in words, in each page's language."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import LogLocator

from derive.chapters.vanishing_gradients import experiments as ex
from figures.registry import figure
from figures.style import WIDTH_IN, legend_below

LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "relu_he": "ReLU + He",
    "sigmoid_bn": "sigmoid + BN",
    "relu_bn": "ReLU + BN",
}
STYLES = ("-", "-", "-", "-", "--", "--")  # batch-norm runs dashed, in the colour of their activation
COLOURS = (0, 1, 2, 3, 0, 2)  # indices into the theme's series colours
MARKERS = ("o", "s", "^", "D", "o", "^")
GRADIENT = r"\partial L / \partial W_\ell"


def _log_axes(ylabel: str, size=(WIDTH_IN, 3.2)):
    fig, ax = plt.subplots(figsize=size)
    ax.set_yscale("log")
    ax.set_xlabel(r"$\ell$")
    ax.set_ylabel(ylabel)
    ax.set_xlim(0.5, ex.DEPTH + 0.5)
    ax.yaxis.set_major_locator(LogLocator(numticks=6))  # a label every few decades, not every ten
    return fig, ax


def rms_series() -> dict[str, np.ndarray]:
    """What the first figure plots: each run's weight-gradient RMS per layer."""
    return {name: ex.run(name)["dW_rms"] for name in ex.VANISHING_RUNS}


@figure(
    "vg_gradient_rms_per_layer",
    alt_en="Six lines of markers on a log scale against the layer ℓ, from the input on the left to the output "
    "on the right. The sigmoid line climbs steeply across many powers of ten; the other five stay nearly "
    "level at different heights, ReLU far lower than the rest, ReLU with batch norm falling gently to "
    "the right.",
    alt_zh="以层号 ℓ 为横轴（左端靠近输入，右端靠近输出）、对数纵轴上的六条标记点折线。"
    "sigmoid 的线陡峭上升，跨越许多个数量级；另外五条在不同高度上几乎保持水平，"
    "其中 ReLU 远低于其他各条，ReLU + BN 向右缓缓下降。",
)
def gradient_rms_per_layer(theme):
    fig, ax = _log_axes(rf"$\mathrm{{RMS}}({GRADIENT})$", size=(WIDTH_IN, 3.6))
    series = zip(rms_series().items(), STYLES, MARKERS, COLOURS, strict=True)
    for (name, rms), style, marker, colour in series:
        ax.plot(
            ex.layers(),
            rms,
            linestyle=style,
            marker=marker,
            markersize=4,
            linewidth=1.4,
            color=theme.lines[colour],
            label=LABELS[name],
        )
    legend_below(ax, ncol=2)
    return fig


def mean_and_rms() -> dict[str, np.ndarray]:
    """What the second figure plots for the sigmoid run: |signed mean|, split by sign, and the RMS."""
    r = ex.run("sigmoid")
    mean = r["dW_mean"]
    return {
        "rms": r["dW_rms"],
        "mean_positive": np.where(mean > 0, mean, np.nan),
        "mean_negative": np.where(mean < 0, -mean, np.nan),
    }


@figure(
    "vg_mean_vs_rms",
    alt_en="On a log scale against the layer ℓ: a smooth line of dots rising steadily across many powers of ten "
    "from left to right, and scattered crosses and plus signs that follow it from below, up to about a "
    "hundred times lower, and come closest to it at the right end.",
    alt_zh="以层号 ℓ 为横轴的对数坐标图：一条圆点连成的平滑折线从左到右稳定上升，跨越许多个数量级；"
    "散落的叉号和加号在它下方跟随，最多低约一百倍，在右端离它最近。",
)
def mean_vs_rms(theme):
    data = mean_and_rms()
    fig, ax = _log_axes("", size=(WIDTH_IN, 4.3))
    ax.set_title("sigmoid")
    ax.plot(ex.layers(), data["rms"], marker="o", markersize=4, linewidth=1.4, label=rf"$\mathrm{{RMS}}({GRADIENT})$")
    ax.plot(
        ex.layers(),
        data["mean_positive"],
        linestyle="none",
        marker="x",
        markersize=7,
        markeredgewidth=1.6,
        label=rf"$\overline{{{GRADIENT}}}$",
    )
    ax.plot(
        ex.layers(),
        data["mean_negative"],
        linestyle="none",
        marker="+",
        markersize=9,
        markeredgewidth=1.6,
        label=rf"$-\overline{{{GRADIENT}}}$",
    )
    legend_below(ax, ncol=1)
    return fig


def exploding_norms() -> dict[str, np.ndarray]:
    """What the third figure plots: per-layer Frobenius norms of the weight gradient, raw and norm-clipped."""
    r = ex.run("exploding")
    return {"raw": r["dW_fro"], "clipped": r["clipped_fro"]}


@figure(
    "vg_exploding_clipping",
    alt_en="Two lines of markers on a log scale against the layer ℓ, both almost level and dipping a little at "
    "the right end: the raw norms high up, and the clipped norms with exactly the same shape, shifted "
    "down by a constant distance on the log scale.",
    alt_zh="以层号 ℓ 为横轴、对数纵轴上的两条标记点折线，都几乎水平，只在右端略有下降：上面一条是原始范数，"
    "下面一条是裁剪后的范数，形状完全相同，只是在对数坐标上整体向下平移了一段固定距离。",
)
def exploding_clipping(theme):
    data = exploding_norms()
    fig, ax = _log_axes("")
    ax.plot(ex.layers(), data["raw"], marker="o", markersize=4, linewidth=1.4, label=rf"$\|{GRADIENT}\|$")
    ax.plot(ex.layers(), data["clipped"], marker="s", markersize=4, linewidth=1.4, label=rf"$c\,\|{GRADIENT}\|$")
    legend_below(ax, ncol=2)
    return fig
