"""Figures for the automatic-differentiation page: computation graphs drawn from the engine's own records.

Every box is a Value of the recorded graph (its data above, its grad after backward() below); every arrow is
a parent link, labelled with the local derivative the engine stored for it. Nothing is retyped: the layout,
the numbers and the labels are read off the graph.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

from derive.chapters.automatic_differentiation import experiments as ex
from derive.numerics.autograd import Value, topological_order
from figures.registry import figure

OP_LABELS = {"add": "+", "mul": "×", "exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "σ", "relu": "ReLU"}


def _num(v: float) -> str:
    return f"{v:.4g}"


def _label(node: Value, names: dict) -> str:
    if id(node) in names:
        return names[id(node)]
    if not node.parents:
        return _num(node.data)  # a constant
    if node.op == "pow":  # the exponent is not stored; it is slope · x / data for x^p
        (parent,), (slope,) = node.parents, node.local_grads
        return f"^{_num(slope * parent.data / node.data)}"
    return OP_LABELS.get(node.op, node.op)


COLUMN, ROW, BOX_W, BOX_H = 2.6, 1.15, 1.4, 0.9


def _layout(root: Value):
    """Column = longest path from the inputs (a leaf sits just left of its first consumer); rows: each node's
    parents are spread around it, working back from the output, so the graph reads left to right."""
    order = topological_order(root)
    depth = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    consumers: dict[int, list] = {}
    for node in order:
        for parent in node.parents:
            consumers.setdefault(id(parent), []).append(node)
    for node in order:
        if not node.parents and id(node) in consumers:
            depth[id(node)] = min(depth[id(c)] for c in consumers[id(node)]) - 1
    row = {id(root): 0.0}
    for node in reversed(order):
        k = len(node.parents)
        for i, parent in enumerate(node.parents):
            row.setdefault(id(parent), row[id(node)] + ((k - 1) / 2 - i) * ROW)
    return order, {id(n): (depth[id(n)] * COLUMN, row[id(n)]) for n in order}


def draw_graph(theme, root: Value, names: dict, size=(7.0, 3.4)):
    order, pos = _layout(root)
    fig, ax = plt.subplots(figsize=size)
    ax.axis("off")
    ax.grid(False)
    data_colour, grad_colour = theme.lines[0], theme.lines[1]
    half_w, half_h = BOX_W / 2, BOX_H / 2
    for node in order:  # arrows first, so the boxes sit on top of them
        x1, y1 = pos[id(node)]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            x0, y0 = pos[id(parent)]
            ax.annotate(
                "",
                xy=(x1 - half_w, y1),
                xytext=(x0 + half_w, y0),
                arrowprops={"arrowstyle": "-|>", "color": theme.text, "lw": 1.0, "shrinkA": 0, "shrinkB": 0},
            )
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2 + 0.06,
                f"×{_num(local)}",
                ha="center",
                va="bottom",
                fontsize=8,
                color=grad_colour,
            )
    for node in order:
        x, y = pos[id(node)]
        ax.add_patch(
            FancyBboxPatch(
                (x - half_w, y - half_h),
                BOX_W,
                BOX_H,
                boxstyle="round,pad=0.02",
                facecolor="none",
                edgecolor=theme.text,
                linewidth=1.0,
            )
        )
        ax.text(x, y + 0.22, _label(node, names), ha="center", va="center", fontsize=10)
        ax.text(x, y - 0.05, _num(node.data), ha="center", va="center", fontsize=8, color=data_colour)
        ax.text(x, y - 0.28, f"grad {_num(node.grad)}", ha="center", va="center", fontsize=8, color=grad_colour)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - half_w - 0.1, max(xs) + half_w + 0.1)
    ax.set_ylim(min(ys) - half_h - 0.1, max(ys) + half_h + 0.1)
    ax.set_aspect("equal")
    return fig


@figure("ad_graph_polynomial")
def graph_polynomial(theme):
    root = ex.polynomial_graph()
    leaf = next(n for n in topological_order(root) if not n.parents and n.data == ex.ad.POLY_POINT)
    return draw_graph(theme, root, {id(leaf): "x"}, size=(6.4, 2.6))


@figure("ad_graph_two_links")
def graph_two_links(theme):
    import numpy as np

    x1, ws, bs = ex.draw_links(np.random.default_rng(ex.SEED), 2)
    links = ex.chain(x1, ws, bs)
    y1, y2 = links.outputs
    y2.backward()
    (product1, b1), (product2, b2) = y1.parents, y2.parents  # y = (input × weight) + bias, as recorded
    (x1_leaf, _), (_, w2) = product1.parents, product2.parents
    names = {
        id(x1_leaf): "x₁",
        id(links.w1): "w₁",
        id(b1): "b₁",
        id(w2): "w₂",
        id(b2): "b₂",
        id(y1): "y₁ (+)",
        id(y2): "y₂ (+)",
    }
    return draw_graph(theme, y2, names, size=(7.6, 3.4))
