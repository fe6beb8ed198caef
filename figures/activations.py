"""Figures for the activation-function pages: each curve next to its derivative, and the §1.14 paths."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.activations.experiments import tanh_derivative_np
from derive.chapters.sigmoid_cross_entropy import experiments as sp_pair
from derive.numerics import activations as act
from figures.registry import figure

X = np.linspace(-6, 6, 601)


def _curve_pair(theme, f, df, f_label, df_label, ylim):
    fig, ax = plt.subplots(figsize=(5.2, 3.2))
    ax.plot(X, f(X), label=f_label)
    ax.plot(X, df(X), label=df_label, linestyle="--")
    ax.set_xlabel("$x$")
    ax.set_ylim(*ylim)
    ax.axhline(0, color=theme.text, linewidth=0.6)
    ax.axvline(0, color=theme.text, linewidth=0.6)
    ax.legend(loc="upper left")
    return fig


@figure("sigmoid_and_derivative")
def sigmoid_and_derivative(theme):
    return _curve_pair(theme, act.sigmoid, act.sigmoid_derivative_np, r"$\sigma(x)$", r"$\sigma'(x)$", (-0.1, 1.1))


@figure("tanh_and_derivative")
def tanh_and_derivative(theme):
    return _curve_pair(theme, act.tanh, tanh_derivative_np(), r"$\tanh(x)$", r"$\tanh'(x)$", (-1.15, 1.15))


@figure("relu_and_derivative")
def relu_and_derivative(theme):
    # The derivative is drawn as two pieces so the jump at 0 is not drawn as a vertical line.
    def left_piece(x):
        return np.where(x > 0, np.nan, act.relu_derivative_np(x))

    fig = _curve_pair(theme, act.relu, left_piece, r"$\mathrm{ReLU}(x)$", r"$\mathrm{ReLU}'(x)$", (-0.5, 3.2))
    ax = fig.axes[0]
    ax.plot(X, np.where(X > 0, act.relu_derivative_np(X), np.nan), linestyle="--", color=ax.lines[1].get_color())
    return fig


def _loss_paths(theme, kind):
    w = np.linspace(-10, 10, 201)
    W, B = np.meshgrid(w, w)
    loss = sp_pair.loss_function(kind)(W + B)
    fig, ax = plt.subplots(figsize=(5.0, 4.6))
    levels = np.linspace(0, 1, 11) if kind == "mse" else np.linspace(0, 10, 11)
    cs = ax.contour(W, B, loss, levels=levels, cmap=theme.contour, linewidths=1.0)
    ax.clabel(cs, inline=True, fontsize=8, fmt="%.1f")
    for start in sp_pair.STARTS:
        path = sp_pair.trajectory(kind, start)
        (line,) = ax.plot(
            path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1.2, label=f"({start[0]:g}, {start[1]:g})"
        )
        ax.plot(*path[-1], marker="o", markersize=7, color=line.get_color(), markerfacecolor="none")
    ax.set_xlabel("$w$")
    ax.set_ylabel("$b$")
    ax.set_aspect("equal")
    ax.set_xlim(-6, 6)
    ax.set_ylim(-6, 6)
    ax.legend(loc="lower left", title="start", fontsize=9)
    return fig


@figure("sigmoid_mse_paths")
def sigmoid_mse_paths(theme):
    return _loss_paths(theme, "mse")


@figure("sigmoid_bce_paths")
def sigmoid_bce_paths(theme):
    return _loss_paths(theme, "bce")
