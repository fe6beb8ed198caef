"""Figures for the automatic-differentiation page: computation graphs drawn from the engine's own records.

Every box is a Value of the recorded graph (its data, then its grad after backward()); every arrow is a
parent link, labelled with the local derivative the engine stored for it. Nothing is retyped: the layout,
the numbers and the labels are read off the graph. The graph runs top to bottom, inputs first, so that
it fits a phone's width: at most two nodes share a level in these graphs.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from derive.chapters.automatic_differentiation import experiments as ex
from derive.numerics.autograd import Value, topological_order
from figures.registry import figure
from figures.style import WIDTH_IN

OP_LABELS = {"add": "+", "mul": "×", "exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "σ", "relu": "ReLU"}

# Lengths in inches (the axes are drawn 1:1): two boxes side by side fill a phone-wide figure.
SLOT, LEVEL, BOX_W, BOX_H = 1.85, 1.45, 1.45, 0.92


def _num(v: float) -> str:
    return f"{v:.3g}"


def _label(node: Value, names: dict) -> str:
    if id(node) in names:
        return names[id(node)]
    if not node.parents:
        return _num(node.data)  # a constant
    if node.op == "pow":  # the exponent is not stored; it is slope · x / data for x^p
        (parent,), (slope,) = node.parents, node.local_grads
        return f"^{_num(slope * parent.data / node.data)}"
    return OP_LABELS.get(node.op, node.op)


def _layout(root: Value):
    """Level = longest path from the inputs (a leaf sits just above its first consumer). Within a level the
    nodes are ordered as their consumers' parents are, working back from the output, so arrows do not cross."""
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
    spread = {id(root): 0.0}
    for node in reversed(order):
        k = len(node.parents)
        for i, parent in enumerate(node.parents):
            spread.setdefault(id(parent), spread[id(node)] + ((k - 1) / 2 - i))
    levels: dict[int, list] = {}
    for node in order:
        levels.setdefault(depth[id(node)], []).append(node)
    pos = {}
    for level, nodes in levels.items():
        nodes.sort(key=lambda n: -spread[id(n)])
        for i, node in enumerate(nodes):
            pos[id(node)] = ((i - (len(nodes) - 1) / 2) * SLOT, -level * LEVEL)
    return order, pos


def _edge_label(ax, start, end, text, colour):
    """The local derivative beside its arrow, on the arrow's outer side (away from the figure's middle, where
    two arrows into or out of one box meet); an arrow that crosses the middle has it on its start's side.
    Beside a slanted arrow the label sits under the line where the line runs higher, above it elsewhere."""
    (x0, y0), (x1, y1) = start, end
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    side = float(np.sign(xm)) if abs(xm) > 1e-9 else float(np.sign(x0 - x1))
    ha = "left" if side > 0 else "right"
    if abs(x1 - x0) < 1e-9:
        ax.text(xm + 0.1 * side, ym, text, ha=ha, va="center", color=colour)
    elif side == np.sign(x0 - x1):  # towards the start, the higher end: the line is above the label
        ax.text(xm + 0.12 * side, ym - 0.04, text, ha=ha, va="top", color=colour)
    else:
        ax.text(xm + 0.12 * side, ym + 0.04, text, ha=ha, va="bottom", color=colour)


def draw_graph(theme, root: Value, names: dict):
    order, pos = _layout(root)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x_lim = (min(xs) - BOX_W / 2 - 0.05, max(xs) + BOX_W / 2 + 0.05)
    y_lim = (min(ys) - BOX_H / 2 - 0.05, max(ys) + BOX_H / 2 + 0.05)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, y_lim[1] - y_lim[0]), layout="none")  # the graph is the page
    fig.subplots_adjust(0, 0, 1, 1)
    ax.axis("off")
    ax.grid(False)
    data_colour, grad_colour = theme.lines[0], theme.lines[1]
    half_w, half_h = BOX_W / 2, BOX_H / 2
    for node in order:  # arrows first, so the boxes sit on top of them
        x1, y1 = pos[id(node)]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            x0, y0 = pos[id(parent)]
            start, end = (x0, y0 - half_h), (x1, y1 + half_h)
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": theme.text, "lw": 1.2, "shrinkA": 0, "shrinkB": 0},
            )
            _edge_label(ax, start, end, f"×{_num(local)}", grad_colour)
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
                linewidth=1.2,
            )
        )
        ax.text(x, y + 0.27, _label(node, names), ha="center", va="center")
        ax.text(x, y, _num(node.data), ha="center", va="center", color=data_colour)
        ax.text(x, y - 0.27, rf"$\mathtt{{grad}}$ {_num(node.grad)}", ha="center", va="center", color=grad_colour)
    ax.set_xlim(*x_lim)
    ax.set_ylim(*y_lim)
    ax.set_aspect("equal")
    return fig


@figure(
    "ad_graph_polynomial",
    alt_en="A computation graph drawn top to bottom as boxes joined by arrows. The input x at the top feeds two "
    "boxes, a square and a cube; they meet in a sum, which is added to a constant in the bottom box. "
    "Each box lists its name, its value in blue and its grad in orange; each arrow is labelled with a "
    "multiplier.",
    alt_zh="自上而下用箭头连接方框画成的计算图。最上方的输入 x 连向两个方框：平方与立方；二者在一个加法节点汇合，"
    "再与一个常数在最下方的方框里相加。每个方框依次写着名字、蓝色的值和橙色的 grad；"
    "每条箭头上标着一个乘数。",
)
def graph_polynomial(theme):
    root = ex.polynomial_graph()
    leaf = next(n for n in topological_order(root) if not n.parents and n.data == ex.ad.POLY_POINT)
    return draw_graph(theme, root, {id(leaf): "$x$"})


@figure(
    "ad_graph_two_links",
    alt_en="A computation graph drawn top to bottom in five levels of boxes: x₁ and w₁ meet in a product, that "
    "product and b₁ in the sum y₁, then y₁ and w₂ in a second product, and that product and b₂ in the "
    "sum y₂ at the bottom. Each box shows its value in blue and its grad in orange; each arrow, a "
    "multiplier.",
    alt_zh="自上而下分五层画成方框的计算图：x₁ 与 w₁ 相乘，乘积与 b₁ 相加得到 y₁；"
    "y₁ 再与 w₂ 相乘，这个乘积与 b₂ 相加，得到最下方的 y₂。每个方框里蓝色是值、"
    "橙色是 grad；每条箭头上标着一个乘数。",
)
def graph_two_links(theme):
    x1, ws, bs = ex.draw_links(np.random.default_rng(ex.SEED), 2)
    links = ex.chain(x1, ws, bs)
    y1, y2 = links.outputs
    y2.backward()
    (product1, b1), (product2, b2) = y1.parents, y2.parents  # y = (input × weight) + bias, as recorded
    (x1_leaf, _), (_, w2) = product1.parents, product2.parents
    names = {  # mathtext subscripts: Unicode's ₁ and ₂ are drawn far smaller than the text around them
        id(x1_leaf): "$x_1$",
        id(links.w1): "$w_1$",
        id(b1): "$b_1$",
        id(w2): "$w_2$",
        id(b2): "$b_2$",
        id(y1): "$y_1$ (+)",
        id(y2): "$y_2$ (+)",
    }
    return draw_graph(theme, y2, names)
