"""Figures for the back-propagation chapter: the training loss, the fitted curve, and the step-size trade-off
of the gradient check. Every number drawn comes from derive.chapters.backpropagation.experiments."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.backpropagation import experiments as ex
from figures.registry import figure
from figures.style import WIDTH_IN, legend_below

SMOOTHING = 100  # steps in the running mean


@figure(
    "bp_loss_curve",
    alt_en="The MAE on a log scale against the step t. A thin, jagged line of single-batch losses scatters over "
    "about a factor of ten; a thick smooth line through it drops steeply in the first few hundred steps "
    "and then declines slowly and steadily to the end.",
    alt_zh="纵轴为对数坐标的 MAE，横轴为步数 t。一条细而参差的线是单个批次的损失，上下散布约十倍；"
    "穿过其中的一条粗而平滑的线在最初几百步里急剧下降，之后一直缓慢而平稳地下降到最后。",
)
def loss_curve(theme):
    """The MAE of every tenth SGD step (one batch of 16, noisy) and the running mean over 100 steps."""
    losses, _ = ex.training_run()
    smooth = ex.smoothed_losses(SMOOTHING)
    steps = np.arange(1, losses.size + 1)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.0))
    ax.semilogy(steps[::10], losses[::10], color=theme.lines[0], linewidth=0.6)
    # the running mean is smooth: one point in 20 draws it as well as all of them
    ax.semilogy(steps[SMOOTHING - 1 :: 20], smooth[::20], color=theme.lines[1], linewidth=2.4)
    ax.set_xlabel("$t$")
    ax.set_ylabel("MAE")
    return fig


@figure(
    "bp_fitted_curve",
    alt_en="Two curves over x from −5 to 5: the sine wave, solid, and the network's output, dashed. In the "
    "middle the dashed curve follows the sine closely, slightly jagged near its lowest point; towards "
    "both ends it drifts away, too high on the left and too low on the right.",
    alt_zh="x 从 −5 到 5 的两条曲线：实线是正弦波，虚线是网络的输出。在中间一段虚线紧贴着正弦波，"
    "只在最低点附近略有锯齿；越靠近两端偏差越大，左端偏高，右端偏低。",
)
def fitted(theme):
    """The trained network against sin(x) on [−5, 5]."""
    x, pred, target = ex.fitted_curve()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.9))
    ax.plot(x, target, color=theme.lines[0], label=r"$\sin x$")
    ax.plot(x, pred, color=theme.lines[1], linestyle="--", label="MLP")
    ax.axhline(0, color=theme.text, linewidth=0.5)
    ax.set_xlabel("$x$")
    legend_below(ax, ncol=2)
    return fig


@figure(
    "bp_step_size",
    alt_en="A log–log plot of error against the step ε with a vertical line near its middle. Dashed and dotted "
    "guide lines form a V: one falls from the left, one rises to the right. The circles for eˣ follow "
    "the V, lowest near the vertical line; the network's squares fall all the way from the left, then "
    "jump up sharply at the largest steps.",
    alt_zh="误差对步长 ε 的双对数图，中部附近有一条竖线。虚线和点线两条参考线组成一个 V 字：一条从左侧下降，"
    "一条向右侧上升。eˣ 的圆点沿着 V 字走，在竖线附近最低；网络的方块从左一路下降，"
    "到最大的几个步长时陡然跳高。",
)
def step_size(theme):
    """Central-difference error against ε: exp at 1 (truncation ∝ ε², rounding ∝ 1/ε) and the network."""
    curves = ex.step_size_curves()
    eps = curves["eps"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.3))
    floor = 1e-18  # an exact difference (0) cannot be drawn on a log axis: show it at the bottom edge
    ax.loglog(eps, np.maximum(curves["smooth"], floor), marker="o", markersize=4, color=theme.lines[0], label="$e^x$")
    ax.loglog(eps, np.maximum(curves["network"], floor), marker="s", markersize=4, color=theme.lines[1], label="MLP")
    u = np.finfo(float).eps
    ax.loglog(eps, eps**2 / 6, color=theme.text, linestyle=":", linewidth=1.4, label=r"$\varepsilon^2/6$")
    ax.loglog(eps, u / eps, color=theme.text, linestyle="--", linewidth=1.2, label=r"$u/\varepsilon$")
    ax.axvline(curves["optimal_eps_theory"], color=theme.lines[2], linewidth=1.2)
    ax.set_ylim(1e-17, 1e1)
    ax.set_yticks([1e-16, 1e-12, 1e-8, 1e-4, 1])
    ax.set_xlabel(r"$\varepsilon$")
    legend_below(ax, ncol=4, columnspacing=0.8, handlelength=1.2)
    return fig
