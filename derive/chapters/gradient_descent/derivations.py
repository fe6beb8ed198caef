"""Gradient descent, the first half: what a gradient is, why a step against it lowers the loss (first
and second order), why it is the steepest step, and why the gradient is perpendicular to contour lines.

The quadratic and the learning rate are in derivations_quadratic; the non-convex example in
derivations_x2sinx.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.gradient_descent.hypotheses import SADDLE
from derive.chapters.gradient_descent.symbols import (
    c,
    dw1,
    dw2,
    eta,
    eta_c,
    fx,
    fy,
    g1,
    g2,
    grad_dot_step,
    h11,
    h12,
    h22,
    norm_grad,
    norm_step,
    r,
    slope,
    t,
    x,
    y,
)
from derive.core.mutations import flip_sign, scale_step, substitute
from derive.core.notation import mul_as_written as _mul  # short names: these steps nest them deeply
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, fact

# ---------------------------------------------------------------- 1. what a gradient is
saddle = SADDLE.relation.rhs

saddle_gradient = derivation(
    "gd_saddle_gradient",
    title_en=r"The gradient of [[hypothesis:gd_saddle_surface]] is $(-2x, 2y)$",
    title_zh=r"[[hypothesis:gd_saddle_surface]] 的梯度是 $(-2x, 2y)$",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(saddle, x), sp.Derivative(saddle, y)]),
            "the gradient: one partial derivative per variable",
            "梯度：每个自变量各求一个偏导数",
        ),
        Step(
            sp.Matrix([-sp.Derivative(x**2, x), sp.Derivative(y**2, y)]),
            "each partial derivative holds the other variable fixed, so that term is a constant",
            "求偏导时另一个变量视为常数，含它的项导数为 0",
        ),
        Step(sp.Matrix([-2 * x, 2 * y]), "power rule", "幂函数求导法则"),
    ],
    domain={x: (-3.0, 3.0), y: (-3.0, 3.0)},
    mutations=[flip_sign(), substitute(-2 * x, 2 * x, what="the minus sign of ∂z/∂x lost")],
)

# ---------------------------------------------------------------- 2. why the update lowers the loss
grad_norm2 = g1**2 + g2**2  # ‖∇C‖²
norm_g = sp.sqrt(grad_norm2)
curvature_along_gradient = _sum(product(h11, g1**2), product(2, h12, g1, g2), product(h22, g2**2))  # ∇CᵀH∇C
GRADIENT_STEP = {dw1: _mul(-1, eta, g1), dw2: _mul(-1, eta, g2)}  # Δw = −η∇C
GRADIENT_DOMAIN = {g1: (-5.0, 5.0), g2: (-5.0, 5.0), eta: (0.001, 1.0)}
VECTOR_NAMES = {
    grad_dot_step: _sum(product(g1, dw1), product(g2, dw2)),
    norm_grad: norm_g,
    norm_step: sp.sqrt(dw1**2 + dw2**2),
}  # what the page's vector names stand for

norm_squared = fact(
    "gd_norm_squared",
    grad_norm2,
    norm_grad**2,
    en="the squared length of a vector is the sum of its squared components",
    zh="向量长度的平方等于各分量的平方和",
    domain={g1: (-3.0, 3.0), g2: (-3.0, 3.0)},
    definitions={norm_grad: norm_g},
    mutations=[substitute(norm_grad**2, norm_grad, what="the square of the norm dropped")],
)

first_order_change = derivation(
    "gd_first_order_change",
    title_en=r"To first order, a gradient step changes the loss by $-\eta\|\nabla C\|^2$",
    title_zh=r"一阶近似下，沿负梯度走一步，损失的变化量是 $-\eta\|\nabla C\|^2$",
    steps=[
        Step(
            _sum(product(g1, dw1), product(g2, dw2)),
            r"the first-order Taylor approximation of $\Delta C$: the gradient dotted with the step",
            r"$\Delta C$ 的一阶泰勒近似：梯度与步长向量的点积",
        ),
        Step(
            _sum(_mul(g1, _mul(-1, eta, g1)), _mul(g2, _mul(-1, eta, g2))),
            "the gradient step [[hypothesis:gd_update_rule]]",
            "代入梯度下降的更新量 [[hypothesis:gd_update_rule]]",
        ),
        Step(
            -eta * grad_norm2,
            "factor out $-\\eta$; the bracket is the squared length of the gradient, [[relation:gd_norm_squared]]",
            "提出 $-\\eta$，括号里正是梯度长度的平方：[[relation:gd_norm_squared]]",
        ),
    ],
    domain=GRADIENT_DOMAIN,
    definitions=GRADIENT_STEP,
    mutations=[flip_sign(), substitute(-1, 1, step=1, what="the step taken along +∇C (gradient ascent)")],
)

second_order_change = derivation(
    "gd_second_order_change",
    title_en=r"To second order, the curvature term grows like $\eta^2$ and eventually wins",
    title_zh=r"二阶近似下，曲率项随 $\eta^2$ 增长，$\eta$ 足够大时它会占上风",
    steps=[
        Step(
            _sum(
                product(g1, dw1),
                product(g2, dw2),
                product(sp.Rational(1, 2), _sum(product(h11, dw1**2), product(2, h12, dw1, dw2), product(h22, dw2**2))),
            ),
            r"second-order Taylor expansion: $\nabla C \cdot \Delta w + \frac{1}{2} \Delta w^{\top} H \Delta w$",
            r"二阶泰勒展开：$\nabla C \cdot \Delta w + \frac{1}{2} \Delta w^{\top} H \Delta w$",
        ),
        Step(
            _sum(-eta * grad_norm2, product(sp.Rational(1, 2), eta**2, curvature_along_gradient)),
            "the gradient step [[hypothesis:gd_update_rule]]",
            "代入 [[hypothesis:gd_update_rule]]",
        ),
        Step(
            product(-eta, grad_norm2, 1 - eta / eta_c),
            r"factor out the first-order change $-\eta\|\nabla C\|^2$",
            r"提出一阶变化量 $-\eta\|\nabla C\|^2$",
        ),
    ],
    domain={**GRADIENT_DOMAIN, h11: (1.0, 5.0), h22: (1.0, 5.0), h12: (-0.9, 0.9)},  # H positive definite
    definitions={**GRADIENT_STEP, eta_c: 2 * grad_norm2 / curvature_along_gradient.doit()},
    mutations=[flip_sign(), substitute(eta**2, eta, step=1, what="the second-order term linear in η")],
)

# ---------------------------------------------------------------- the steepest direction
STEP_DOMAIN = {g1: (-3.0, 3.0), g2: (-3.0, 3.0), dw1: (-3.0, 3.0), dw2: (-3.0, 3.0)}

cauchy_schwarz_vectors = fact(
    "gd_cauchy_schwarz_vectors",
    grad_dot_step**2,
    product(norm_grad**2, norm_step**2),
    relation="<=",
    en="Cauchy–Schwarz, in the components (gd_cauchy_schwarz)",
    zh="柯西–施瓦茨不等式，按分量证明见 gd_cauchy_schwarz",
    domain=STEP_DOMAIN,
    definitions=VECTOR_NAMES,
    mutations=[scale_step(sp.Rational(1, 4))],
)

steepest_descent_bound = derivation(
    "gd_cauchy_schwarz",
    title_en="Cauchy–Schwarz: [[relation:gd_cauchy_schwarz_vectors]]",
    title_zh="柯西–施瓦茨不等式：[[relation:gd_cauchy_schwarz_vectors]]",
    steps=[
        Step(
            _sum(product(g1, dw1), product(g2, dw2)) ** 2,
            r"the squared first-order change, for any step $\Delta w$",
            r"任意一步 $\Delta w$ 带来的一阶变化量的平方",
        ),
        Step(
            _sum(product(grad_norm2, dw1**2 + dw2**2), -(_sum(product(g1, dw2), -product(g2, dw1)) ** 2)),
            "Lagrange's identity (expand both sides to check)",
            "拉格朗日恒等式（两边展开即可验证）",
        ),
        Step(
            product(grad_norm2, dw1**2 + dw2**2),
            "drop a square, which is never negative",
            "去掉一个平方项，它不会是负数",
            relation="<=",
        ),
    ],
    domain=STEP_DOMAIN,
    mutations=[flip_sign(1), substitute(dw2**2, dw2, step=-1, what="a square dropped from the bound")],
)

# The square root of the bound. SymPy cannot prove a square root of an inequality, so this link is
# spot-checked only (the page says so).
steepest_rate_bound = fact(
    "gd_first_order_decrease_bound",
    -grad_dot_step,
    product(norm_grad, norm_step),
    relation="<=",
    en="the square root of Cauchy–Schwarz",
    zh="对柯西–施瓦茨不等式两边开平方",
    domain=STEP_DOMAIN,
    definitions=VECTOR_NAMES,
    numeric_only=True,
    mutations=[scale_step(sp.Rational(1, 4))],
)

TOWARDS_MINUS_GRADIENT = {dw1: -r * g1 / norm_g, dw2: -r * g2 / norm_g}
STEEPEST_DOMAIN = {g1: (0.1, 3.0), g2: (-3.0, -0.1), r: (0.1, 2.0)}  # a non-zero gradient

steepest_step_vectors = fact(
    "gd_steepest_step_vectors",
    grad_dot_step,
    product(-r, norm_grad),
    en="the first-order change of the step against the gradient (gd_steepest_step)",
    zh="逆着梯度的一步带来的一阶变化量（见 gd_steepest_step）",
    domain=STEEPEST_DOMAIN,
    definitions={**VECTOR_NAMES, **TOWARDS_MINUS_GRADIENT},
    mutations=[substitute(norm_grad, norm_grad**2, what="the gradient's length squared")],
)

steepest_descent_attains = derivation(
    "gd_steepest_step",
    title_en=r"The step of length $r$ along $-\nabla C$ reaches the bound: [[relation:gd_steepest_step_vectors]]",
    title_zh=r"沿 $-\nabla C$ 方向、长度为 $r$ 的一步恰好取到下界：[[relation:gd_steepest_step_vectors]]",
    steps=[
        Step(
            _sum(product(g1, dw1), product(g2, dw2)),
            r"the first-order change $\nabla C \cdot \Delta w$",
            r"一阶变化量 $\nabla C \cdot \Delta w$",
        ),
        Step(
            _sum(_mul(g1, -r * g1 / norm_g), _mul(g2, -r * g2 / norm_g)),
            "[[hypothesis:gd_steepest_choice]]: length $r$, against the gradient",
            "[[hypothesis:gd_steepest_choice]]：长度为 $r$，方向与梯度相反",
        ),
        Step(-r * norm_g, "[[relation:gd_norm_squared]]", "[[relation:gd_norm_squared]]"),
    ],
    domain=STEEPEST_DOMAIN,
    definitions=TOWARDS_MINUS_GRADIENT,
    mutations=[flip_sign(), substitute(-1, 1, step=1, what="the step taken along +∇C")],
)


# ---------------------------------------------------------------- 3. contour lines
def implicit_slope():
    """dy/dx on f(x, y) = C for an arbitrary (undefined) f, by SymPy's implicit differentiation.

    The result holds for every differentiable f with f_y ≠ 0. Its partial derivatives are then named
    f_x and f_y, so that the derivation below can be spot-checked at numbers.
    """
    f = sp.Function("f")
    dydx = sp.idiff(f(x, y), y, x).doit()
    return dydx.subs({sp.Derivative(f(x, y), x): fx, sp.Derivative(f(x, y), y): fy})


level_curve_tangent = derivation(
    "gd_level_curve_tangent",
    title_en=r"The tangent of a level curve of $f(x, y)$ points along $(-f_y, f_x)$",
    title_zh=r"$f(x, y)$ 的等高线的切线方向是 $(-f_y, f_x)$",
    steps=[
        Step(
            sp.Matrix([-fy, -fy * slope]),
            r"$-f_y$ times the tangent $(1, y')$ of the curve $y(x)$: still a tangent",
            r"曲线 $y(x)$ 的切向量 $(1, y')$ 乘以 $-f_y$，仍是切向量",
        ),
        Step(
            sp.Matrix([-fy, _mul(-fy, -fx / fy)]),
            r"implicit differentiation: along the curve $f$ does not change, so $f_x + f_y y'$ vanishes",
            r"隐函数求导：沿等高线 $f$ 的值不变，所以 $f_x + f_y y'$ 为零",
        ),
        Step(sp.Matrix([-fy, fx]), r"cancel $f_y$", r"约去 $f_y$"),
    ],
    domain={fx: (-3.0, 3.0), fy: (0.2, 3.0)},  # y′ exists where f_y ≠ 0
    definitions={slope: implicit_slope()},
    mutations=[flip_sign(), substitute(-fx / fy, fx / fy, step=1, what="y′ with the wrong sign")],
)

gradient_perpendicular = derivation(
    "gd_gradient_perpendicular",
    title_en=r"Pythagoras holds for $\nabla f$ and the tangent [[def:t]], so they are perpendicular",
    title_zh=r"$\nabla f$ 与切向量 [[def:t]] 满足勾股定理，所以二者垂直",
    steps=[
        Step(
            _sum((fx - fy) ** 2, (fy + fx) ** 2),
            r"$\|\nabla f + t\|^2$, adding the two vectors component by component",
            r"$\|\nabla f + t\|^2$，两个向量逐个分量相加",
        ),
        Step(
            _sum(fx**2 + fy**2, _mul(2, _sum(_mul(fx, -fy), _mul(fy, fx))), fy**2 + fx**2),
            r"expand: $\|\nabla f\|^2 + 2\, \nabla f \cdot t + \|t\|^2$",
            r"展开：$\|\nabla f\|^2 + 2\, \nabla f \cdot t + \|t\|^2$",
        ),
        Step(
            _sum(fx**2 + fy**2, fy**2 + fx**2),
            r"the cross term $\nabla f \cdot t$, that is $-f_x f_y + f_y f_x$, is zero",
            r"交叉项 $\nabla f \cdot t$，即 $-f_x f_y + f_y f_x$，为零",
        ),
    ],
    domain={fx: (-3.0, 3.0), fy: (-3.0, 3.0)},
    definitions={t: sp.Tuple(-fy, fx)},  # a display name only: the steps use its components
    mutations=[flip_sign(), substitute(-fy, fy, step=1, what="t = (f_y, f_x), which is not a tangent")],
)

ellipse_slope = derivation(
    "gd_ellipse_level_curve_slope",
    title_en=r"A check on the level curve of $5x^2 + y^2$ at height $c$: the slope of the level curve is $-f_x/f_y$",
    title_zh=r"在 $5x^2 + y^2$ 取值为 $c$ 的等高线上验证：等高线的斜率是 $-f_x/f_y$",
    steps=[
        Step(
            sp.Derivative(sp.sqrt(c - 5 * x**2), x),
            "the upper half of the curve, [[def:y]]",
            "等高线的上半支 [[def:y]]",
        ),
        Step(-5 * x / sp.sqrt(c - 5 * x**2), "chain rule", "链式法则"),
        Step(
            -fx / fy,
            r"with the partial derivatives [[def:f_x]] and [[def:f_y]] of $5x^2 + y^2$",
            r"代入 $5x^2 + y^2$ 的两个偏导数 [[def:f_x]] 和 [[def:f_y]]",
        ),
    ],
    domain={x: (-1.0, 1.0), c: (6.0, 10.0)},  # c − 5x² > 1: the square root is real and non-zero
    definitions={fx: 10 * x, fy: 2 * y, y: sp.sqrt(c - 5 * x**2)},
    mutations=[flip_sign(), substitute(fx, 5 * x, what="f_x = 5x (the power rule's 2 dropped)")],
)
