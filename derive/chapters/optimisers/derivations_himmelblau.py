"""Himmelblau's function, derived: its gradient and Hessian, and (3, 2) proved a minimum (∇f vanishes
there and the Hessian is positive definite, with its smaller eigenvalue bounded away from zero).

The other eight stationary points have no closed form; derive.numerics.himmelblau solves them with
mpmath at 50 digits, and the page quotes those computed values.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import flip_sign, substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, fact

x, y = sp.symbols("x y", real=True)
himmelblau_expr = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
PLANE = {x: (-5.0, 5.0), y: (-5.0, 5.0)}

gradient = derivation(
    "opt_himmelblau_gradient",
    title_en=r"The gradient of Himmelblau's function $(x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
    title_zh=r"Himmelblau 函数 $(x^2 + y - 11)^2 + (x + y^2 - 7)^2$ 的梯度",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(himmelblau_expr, x), sp.Derivative(himmelblau_expr, y)]),
            "one partial derivative per variable",
            "每个自变量各求一个偏导数",
        ),
        Step(
            sp.Matrix(
                [
                    _sum(product(4, x, x**2 + y - 11), product(2, x + y**2 - 7)),
                    _sum(product(2, x**2 + y - 11), product(4, y, x + y**2 - 7)),
                ]
            ),
            r"chain rule on each square: the inner derivatives are $2x$ and $1$, or $1$ and $2y$",
            r"对每个平方用链式法则：内层导数分别是 $2x$ 与 $1$，或 $1$ 与 $2y$",
        ),
    ],
    domain=PLANE,
    mutations=[flip_sign(), substitute(4, 2, what="the inner derivative 2x taken as x")],
)

hessian = derivation(
    "opt_himmelblau_hessian",
    title_en="Its Hessian, the matrix of second derivatives",
    title_zh="它的黑塞矩阵，即二阶导数组成的矩阵",
    steps=[
        Step(
            sp.Matrix(
                [
                    [sp.Derivative(gradient.final[0], x), sp.Derivative(gradient.final[0], y)],
                    [sp.Derivative(gradient.final[1], x), sp.Derivative(gradient.final[1], y)],
                ]
            ),
            "differentiate each entry of the gradient once more",
            "对梯度的每个分量再求一次偏导",
        ),
        Step(
            sp.Matrix([[12 * x**2 + 4 * y - 42, 4 * x + 4 * y], [4 * x + 4 * y, 4 * x + 12 * y**2 - 26]]),
            "product and power rules, then collect terms",
            "乘积与幂函数求导法则，再合并同类项",
        ),
    ],
    domain=PLANE,
    mutations=[flip_sign(), substitute(-42, -22, what="the constant of the first entry wrong")],
)

AT_3_2 = {x: sp.Integer(3), y: sp.Integer(2)}

p, q = sp.symbols("p q", real=True)  # the offset from (3, 2)
SHIFTED = himmelblau_expr.xreplace({x: 3 + p, y: 2 + q})
QUADRATIC_PART = 37 * p**2 + 20 * p * q + 17 * q**2

around_3_2 = derivation(
    "opt_himmelblau_around_3_2",
    title_en=r"Around $(3, 2)$ the function has no constant and no linear term",
    title_zh=r"在 $(3, 2)$ 附近，函数既没有常数项也没有一次项",
    steps=[
        Step(SHIFTED, r"$f$ at the point $(3 + p, 2 + q)$", r"$f$ 在点 $(3 + p, 2 + q)$ 处的值"),
        Step(
            _sum(_sum(p**2, 6 * p, q) ** 2, _sum(p, q**2, 4 * q) ** 2),
            r"the brackets at $(3, 2)$ are $9 + 2 - 11$ and $3 + 4 - 7$, both zero: only the offsets remain",
            r"两个括号在 $(3, 2)$ 处分别是 $9 + 2 - 11$ 与 $3 + 4 - 7$，都为零：只剩下偏移量的项",
        ),
        Step(
            _sum(QUADRATIC_PART, 12 * p**3 + 2 * p**2 * q + 2 * p * q**2 + 8 * q**3 + p**4 + q**4),
            "expand: the lowest terms are quadratic, so f vanishes at (3, 2) and so does its gradient",
            "展开：最低次的项是二次项，所以 f 在 (3, 2) 处为零，梯度也为零",
        ),
    ],
    domain={p: (-2.0, 2.0), q: (-2.0, 2.0)},
    mutations=[flip_sign(), substitute(20, 10, what="a wrong cross term")],
)

quadratic_part = derivation(
    "opt_himmelblau_quadratic_part",
    title_en="Its quadratic part is positive for every non-zero offset: complete the square",
    title_zh="它的二次部分对任何非零偏移都为正：配方即可",
    steps=[
        Step(
            QUADRATIC_PART,
            r"the quadratic terms, half of $(p, q) H (p, q)^{\top}$ with the Hessian below",
            r"二次项，即 $(p, q) H (p, q)^{\top}$ 的一半，H 是下面的黑塞矩阵",
        ),
        Step(
            _sum(product(37, (p + sp.Rational(10, 37) * q) ** 2), product(sp.Rational(529, 37), q**2)),
            "complete the square in p: both coefficients are positive",
            "对 p 配方：两个系数都为正",
        ),
    ],
    domain={p: (-2.0, 2.0), q: (-2.0, 2.0)},
    mutations=[substitute(sp.Rational(529, 37), sp.Rational(629, 37), what="a wrong remainder")],
)

H_3_2 = sp.Matrix([[74, 20], [20, 34]])

hessian_at_3_2 = derivation(
    "opt_himmelblau_hessian_at_3_2",
    title_en=r"The Hessian at $(3, 2)$",
    title_zh=r"$(3, 2)$ 处的黑塞矩阵",
    steps=[
        Step(hessian.final, "the Hessian", "黑塞矩阵"),
        Step(H_3_2, r"at the point $(3, 2)$", r"代入点 $(3, 2)$"),
    ],
    domain=PLANE,
    definitions=AT_3_2,
    mutations=[substitute(34, 26, what="the last entry without its 12y² term")],
)

smaller_eigenvalue = derivation(
    "opt_himmelblau_min_eigenvalue",
    title_en=r"Its smaller eigenvalue is [[final]]",
    title_zh=r"它较小的特征值是 [[final]]",
    steps=[
        Step(
            _sum(sp.UnevaluatedExpr(54), -sp.sqrt(sp.UnevaluatedExpr(800))),
            r"symmetric 2×2: the diagonal's mean $(74 + 34)/2$ minus the root of $20^2$ (half their difference, "
            r"squared) plus $20^2$ (the off-diagonal entry, squared)",
            r"对称 2×2 矩阵：对角元的平均值 $(74 + 34)/2$，减去 $20^2$（对角元之差的一半的平方）加 $20^2$"
            r"（非对角元的平方）的平方根",
        ),
        Step(54 - 20 * sp.sqrt(2), r"$\sqrt{800}$ is $20\sqrt{2}$", r"$\sqrt{800}$ 就是 $20\sqrt{2}$"),
    ],
    mutations=[substitute(54, 50, what="the wrong mean of the diagonal")],
)

eigenvalue_is_positive = fact(
    "opt_himmelblau_min_eigenvalue_bound",
    sp.Integer(25),
    smaller_eigenvalue.final,
    relation="<=",
    en=r"$20\sqrt{2}$ is below $29$, since $29^2$ is $841$ and $(20\sqrt{2})^2$ is $800$",
    zh=r"$20\sqrt{2}$ 小于 $29$，因为 $29^2$ 是 $841$，而 $(20\sqrt{2})^2$ 是 $800$",
    mutations=[substitute(sp.Integer(25), sp.Integer(26), step=0, what="the bound 26, which fails")],
)
