"""Figures for the vanishing-gradients page: per-layer gradient sizes from the one cached run of the chain."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.vanishing_gradients import experiments as ex
from derive.numerics.deep_chain import RUNS
from figures.registry import figure

LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "relu_he": "ReLU + He",
    "sigmoid_bn": "sigmoid + BN",
    "relu_bn": "ReLU + BN",
}
STYLES = ("-", "-", "-", "-", "--", "--")  # batch-norm runs dashed
MARKERS = ("o", "s", "^", "D", "o", "^")


def _log_axes(ylabel: str, size=(6.4, 4.0)):
    fig, ax = plt.subplots(figsize=size)
    ax.set_yscale("log")
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.set_xlim(0.5, ex.DEPTH + 0.5)
    return fig, ax


def rms_series() -> dict[str, np.ndarray]:
    """What the first figure plots: each run's weight-gradient RMS per layer."""
    return {name: ex.run(name)["dW_rms"] for name in ex.VANISHING_RUNS}


@figure("vg_gradient_rms_per_layer")
def gradient_rms_per_layer(theme):
    fig, ax = _log_axes("RMS of the weight gradient")
    for (name, rms), style, marker in zip(rms_series().items(), STYLES, MARKERS, strict=True):
        ax.plot(ex.layers(), rms, linestyle=style, marker=marker, markersize=3.5, linewidth=1.4, label=LABELS[name])
    ax.legend(loc="lower right", fontsize=9, ncol=2)
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


@figure("vg_mean_vs_rms")
def mean_vs_rms(theme):
    data = mean_and_rms()
    fig, ax = _log_axes("size of the weight gradient (sigmoid)")
    ax.plot(ex.layers(), data["rms"], marker="o", markersize=3.5, linewidth=1.4, label="RMS")
    ax.plot(
        ex.layers(),
        data["mean_positive"],
        linestyle="none",
        marker="x",
        markersize=6,
        label="signed mean (what the source plots), positive",
    )
    ax.plot(
        ex.layers(),
        data["mean_negative"],
        linestyle="none",
        marker="+",
        markersize=7,
        label="signed mean, negative (its size shown)",
    )
    ax.legend(loc="lower right", fontsize=9)
    return fig


def exploding_norms() -> dict[str, np.ndarray]:
    """What the third figure plots: per-layer Frobenius norms of the weight gradient, raw and norm-clipped."""
    r = ex.run("exploding")
    return {"raw": r["dW_fro"], "clipped": r["clipped_fro"]}


@figure("vg_exploding_clipping")
def exploding_clipping(theme):
    data = exploding_norms()
    config = RUNS["exploding"]
    fig, ax = _log_axes("norm of the weight gradient")
    ax.plot(
        ex.layers(), data["raw"], marker="o", markersize=3.5, linewidth=1.4, label=f"ReLU, He × {config.scale:g}: raw"
    )
    ax.plot(
        ex.layers(),
        data["clipped"],
        marker="s",
        markersize=3.5,
        linewidth=1.4,
        label=f"after clipping the whole gradient to norm {config.clip_norm:g}",
    )
    ax.legend(loc="center right", fontsize=9)
    return fig
