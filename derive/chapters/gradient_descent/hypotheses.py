"""The relations the chapter states without proof: what its example functions are, the update rule,
the assumptions on the parameters, and the three conditions that define the regimes of a quadratic.

The derivations and experiments take their functions from here (`SADDLE.relation.rhs`, ...), and the
solver that finds the learning-rate regimes solves these very conditions, so a page that prints one of
them prints what the code uses.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.gradient_descent.symbols import a, b, eta, f, grad_C, norm_grad, r, step_w, x, y, z
from derive.core.notation import mul_as_written, product, sum_as_written
from derive.core.registry import hypothesis

SADDLE = hypothesis(
    "gd_saddle_surface",
    sp.Eq(z, y**2 - x**2),
    kind="definition",
    en="the saddle surface of the first example",
    zh="第一个例子中的马鞍面",
)

UPDATE_RULE = hypothesis(
    "gd_update_rule",
    sp.Eq(step_w, mul_as_written(-1, eta, grad_C)),
    kind="definition",
    en="the gradient-descent step: against the gradient, scaled by the learning rate",
    zh="梯度下降的一步：逆着梯度，乘以学习率",
)

STEEPEST_CHOICE = hypothesis(
    "gd_steepest_choice",
    sp.Eq(step_w, product(-r, grad_C / norm_grad)),
    kind="definition",
    en="a step of length r against the gradient",
    zh="逆着梯度、长度为 r 的一步",
)

POSITIVE_RATE = hypothesis(
    "gd_positive_rate",
    sp.Gt(eta, 0, evaluate=False),
    kind="assumption",
    en="the learning rate is positive",
    zh="学习率为正",
)

QUADRATIC = hypothesis(
    "gd_quadratic_surface",
    sp.Eq(f, a * x**2 + b * y**2),
    kind="definition",
    en="the quadratic on which the learning rate is studied",
    zh="用来研究学习率的二次函数",
)

POSITIVE_CURVATURES = hypothesis(
    "gd_positive_curvatures",
    sp.And(sp.Gt(a, 0, evaluate=False), sp.Gt(b, 0, evaluate=False)),
    kind="assumption",
    en="both curvatures of the quadratic are positive (it has a minimum)",
    zh="二次函数的两个曲率都为正（它有最小值）",
)

STEEP_X = hypothesis(
    "gd_steep_x",
    sp.Gt(a, b, evaluate=False),
    kind="assumption",
    en="x is the steep direction of the quadratic",
    zh="x 是二次函数的陡峭方向",
)

X2SINX = hypothesis(
    "gd_x2sinx_function",
    sp.Eq(sp.Function("f")(x), x**2 * sp.sin(x)),
    kind="definition",
    en="the non-convex example of the PyTorch tutorial notes (seed 004)",
    zh="《PyTorch入门实战教程笔记(十)》中的非凸例子",
)


class Magnitude(sp.Abs):
    """|x| printed as \\lvert x \\rvert: a bare "|" would split the cell of a Markdown table."""

    def _latex(self, printer, exp=None):
        tex = rf"\lvert {printer._print(self.args[0])} \rvert"
        return tex if exp is None else f"{tex}^{{{exp}}}"


# One step multiplies x by this factor (gd_quadratic_one_step proves it); the regimes are conditions on it.
_FACTOR = sum_as_written(1, -2 * a * eta)

CONVERGING = hypothesis(
    "gd_regime_converging",
    sp.StrictLessThan(Magnitude(_FACTOR, evaluate=False), 1),
    kind="definition",
    en="the regime in which the coordinate shrinks",
    zh="坐标逐步缩小的情形",
)

ZIGZAG = hypothesis(
    "gd_regime_zigzag",
    sp.StrictLessThan(_FACTOR, 0),
    kind="definition",
    en="the regime in which the coordinate changes sign at every step",
    zh="坐标每一步都变号的情形",
)

DIVERGING = hypothesis(
    "gd_regime_diverging",
    sp.StrictGreaterThan(Magnitude(_FACTOR, evaluate=False), 1),
    kind="definition",
    en="the regime in which the coordinate grows",
    zh="坐标不断增大的情形",
)
