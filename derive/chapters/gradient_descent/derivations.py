"""Gradient descent: what a gradient is, why a step against it lowers the loss, contour lines, the
learning rate on a quadratic (closed form and thresholds), feature scaling, a non-convex example and
why curvature sets the speed.

The quadratic f = a·x² + b·y² carries most of the chapter: one step multiplies x by 1 − 2aη, so every
question about the learning rate is a question about that one factor. The factor is read off the
one-step derivation, the n-step closed form comes from SymPy's rsolve, the thresholds from SymPy's
inequality solver, and the experiments are checked against that closed form.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from derive.core.registry import Mutation, Step, derivation, value
from derive.core.notation import product
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import mul_as_written as _mul  # short names: these steps nest them deeply
from derive.core.notation import sum_as_written as _sum

x, y = sp.symbols("x y", real=True)
eta = sp.Symbol("eta", positive=True)  # the learning rate
a, b = sp.symbols("a b", positive=True)  # the curvatures of f = a x² + b y²




# ---------------------------------------------------------------- 1. what a gradient is
saddle = y ** 2 - x ** 2

saddle_gradient = derivation(
    "gd_saddle_gradient",
    title_en=r"The gradient of $z = y^2 - x^2$ is $(-2x, 2y)$",
    title_zh=r"$z = y^2 - x^2$ 的梯度是 $(-2x, 2y)$",
    steps=[
        Step(sp.Matrix([sp.Derivative(saddle, x), sp.Derivative(saddle, y)]),
             "the gradient: one partial derivative per variable", "梯度：每个自变量各求一个偏导数"),
        Step(sp.Matrix([-sp.Derivative(x ** 2, x), sp.Derivative(y ** 2, y)]),
             "each partial derivative holds the other variable fixed, so that term is a constant",
             "求偏导时另一个变量视为常数，含它的项导数为 0"),
        Step(sp.Matrix([-2 * x, 2 * y]), "power rule", "幂函数求导法则"),
    ],
    domain={x: (-3.0, 3.0), y: (-3.0, 3.0)},
    mutations=[flip_sign(), substitute(-2 * x, 2 * x, what="the minus sign of ∂z/∂x lost")],
)


def _saddle_gradient_at(px, py) -> tuple[int, int]:
    """The last step of the derivation at a point, exactly (the results are integers)."""
    return tuple(int(v) for v in saddle_gradient.final.subs({x: px, y: py}))


@value("gd_saddle_gradient_at_0_0", fmt="{:d}")
def saddle_gradient_at_origin():
    return _saddle_gradient_at(0, 0)


@value("gd_saddle_gradient_at_1_1", fmt="{:d}")
def saddle_gradient_at_one_one():
    return _saddle_gradient_at(1, 1)


# ---------------------------------------------------------------- 2. why the update lowers the loss
# Two parameters are enough to show the algebra; nothing in it depends on the dimension.
g1, g2 = sp.symbols("g_1 g_2", real=True)  # the components of the gradient ∇C at the current point
dw1, dw2 = sp.symbols(r"\Delta{w}_1 \Delta{w}_2", real=True)  # the components of the step Δw
h11, h12, h22 = sp.symbols("H_11 H_12 H_22", real=True)  # the Hessian of C (second derivatives)
eta_c = sp.Symbol(r"\eta_c", positive=True)
r = sp.Symbol("r", positive=True)  # the length of a step
grad_norm2 = g1 ** 2 + g2 ** 2  # ‖∇C‖²
curvature_along_gradient = _sum(product(h11, g1 ** 2), product(2, h12, g1, g2), product(h22, g2 ** 2))  # ∇CᵀH∇C
GRADIENT_STEP = {dw1: _mul(-1, eta, g1), dw2: _mul(-1, eta, g2)}  # Δw = −η∇C
GRADIENT_DOMAIN = {g1: (-5.0, 5.0), g2: (-5.0, 5.0), eta: (0.001, 1.0)}

first_order_change = derivation(
    "gd_first_order_change",
    title_en=r"To first order, a gradient step changes the loss by $-\eta\|\nabla C\|^2$",
    title_zh=r"一阶近似下，沿负梯度走一步，损失的变化量是 $-\eta\|\nabla C\|^2$",
    steps=[
        Step(_sum(product(g1, dw1), product(g2, dw2)),
             r"first-order Taylor expansion: $\Delta C \approx \nabla C \cdot \Delta w$",
             r"一阶泰勒展开：$\Delta C \approx \nabla C \cdot \Delta w$"),
        Step(_sum(_mul(g1, _mul(-1, eta, g1)), _mul(g2, _mul(-1, eta, g2))),
             r"the gradient step $\Delta w = -\eta \nabla C$",
             r"代入梯度下降的更新量 $\Delta w = -\eta \nabla C$"),
        Step(-eta * grad_norm2, r"factor out $-\eta$; the bracket is $\|\nabla C\|^2$",
             r"提出 $-\eta$，括号里正是 $\|\nabla C\|^2$"),
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
        Step(_sum(product(g1, dw1), product(g2, dw2),
                  product(sp.Rational(1, 2), _sum(product(h11, dw1 ** 2), product(2, h12, dw1, dw2),
                                                  product(h22, dw2 ** 2)))),
             r"second-order Taylor expansion: $\nabla C \cdot \Delta w + \frac{1}{2} \Delta w^{\top} H \Delta w$",
             r"二阶泰勒展开：$\nabla C \cdot \Delta w + \frac{1}{2} \Delta w^{\top} H \Delta w$"),
        Step(_sum(-eta * grad_norm2, product(sp.Rational(1, 2), eta ** 2, curvature_along_gradient)),
             r"the gradient step $\Delta w = -\eta \nabla C$", r"代入 $\Delta w = -\eta \nabla C$"),
        Step(product(-eta, grad_norm2, 1 - eta / eta_c), r"factor out the first-order change $-\eta\|\nabla C\|^2$",
             r"提出一阶变化量 $-\eta\|\nabla C\|^2$"),
    ],
    domain={**GRADIENT_DOMAIN, h11: (1.0, 5.0), h22: (1.0, 5.0), h12: (-0.9, 0.9)},  # H positive definite
    definitions={**GRADIENT_STEP, eta_c: 2 * grad_norm2 / curvature_along_gradient.doit()},
    mutations=[flip_sign(), substitute(eta ** 2, eta, step=1, what="the second-order term linear in η")],
)



steepest_descent_bound = derivation(
    "gd_cauchy_schwarz",
    title_en=r"Cauchy–Schwarz: $(\nabla C \cdot \Delta w)^2 \le \|\nabla C\|^2 \|\Delta w\|^2$",
    title_zh=r"柯西–施瓦茨不等式：$(\nabla C \cdot \Delta w)^2 \le \|\nabla C\|^2 \|\Delta w\|^2$",
    steps=[
        Step(_sum(product(g1, dw1), product(g2, dw2)) ** 2, r"the squared first-order change, for any step $\Delta w$",
             r"任意一步 $\Delta w$ 带来的一阶变化量的平方"),
        Step(_sum(product(grad_norm2, dw1 ** 2 + dw2 ** 2), -_sum(product(g1, dw2), -product(g2, dw1)) ** 2),
             "Lagrange's identity (expand both sides to check)", "拉格朗日恒等式（两边展开即可验证）"),
        Step(product(grad_norm2, dw1 ** 2 + dw2 ** 2), "drop a square, which is never negative",
             "去掉一个平方项，它不会是负数", relation="<="),
    ],
    domain={g1: (-3.0, 3.0), g2: (-3.0, 3.0), dw1: (-3.0, 3.0), dw2: (-3.0, 3.0)},
    mutations=[flip_sign(1), substitute(dw2 ** 2, dw2, step=-1, what="a square dropped from the bound")],
)

norm_g = sp.sqrt(grad_norm2)
TOWARDS_MINUS_GRADIENT = {dw1: -r * g1 / norm_g, dw2: -r * g2 / norm_g}

steepest_descent_attains = derivation(
    "gd_steepest_step",
    title_en=r"The step of length $r$ along $-\nabla C$ reaches the bound: $\nabla C \cdot \Delta w = -r\|\nabla C\|$",
    title_zh=r"沿 $-\nabla C$ 方向、长度为 $r$ 的一步恰好取到下界：$\nabla C \cdot \Delta w = -r\|\nabla C\|$",
    steps=[
        Step(_sum(product(g1, dw1), product(g2, dw2)), r"the first-order change $\nabla C \cdot \Delta w$",
             r"一阶变化量 $\nabla C \cdot \Delta w$"),
        Step(_sum(_mul(g1, -r * g1 / norm_g), _mul(g2, -r * g2 / norm_g)),
             r"$\Delta w = -r \nabla C / \|\nabla C\|$: length $r$, against the gradient",
             r"$\Delta w = -r \nabla C / \|\nabla C\|$：长度为 $r$，方向与梯度相反"),
        Step(-r * norm_g, r"$g_1^2 + g_2^2 = \|\nabla C\|^2$", r"$g_1^2 + g_2^2 = \|\nabla C\|^2$"),
    ],
    domain={g1: (0.1, 3.0), g2: (-3.0, -0.1), r: (0.1, 2.0)},  # a non-zero gradient
    definitions=TOWARDS_MINUS_GRADIENT,
    mutations=[flip_sign(), substitute(-1, 1, step=1, what="the step taken along +∇C")],
)


# ---------------------------------------------------------------- 3. contour lines
fx, fy = sp.symbols("f_x f_y", real=True)  # ∂f/∂x and ∂f/∂y at a point of the level curve
slope = sp.Symbol("y'", real=True)  # dy/dx along the level curve f(x, y) = C


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
    title_en=r"The tangent of a level curve $f(x, y) = C$ points along $(-f_y, f_x)$",
    title_zh=r"等高线 $f(x, y) = C$ 的切线方向是 $(-f_y, f_x)$",
    steps=[
        Step(sp.Matrix([-fy, -fy * slope]),
             r"$-f_y$ times the tangent $(1, y')$ of the curve $y(x)$: still a tangent",
             r"曲线 $y(x)$ 的切向量 $(1, y')$ 乘以 $-f_y$，仍是切向量"),
        Step(sp.Matrix([-fy, _mul(-fy, -fx / fy)]),
             r"implicit differentiation: $f_x + f_y y' = 0$ along the curve",
             r"隐函数求导：沿等高线有 $f_x + f_y y' = 0$"),
        Step(sp.Matrix([-fy, fx]), r"cancel $f_y$", r"约去 $f_y$"),
    ],
    domain={fx: (-3.0, 3.0), fy: (0.2, 3.0)},  # y′ exists where f_y ≠ 0
    definitions={slope: implicit_slope()},
    mutations=[flip_sign(), substitute(-fx / fy, fx / fy, step=1, what="y′ with the wrong sign")],
)

gradient_perpendicular = derivation(
    "gd_gradient_perpendicular",
    title_en=r"Pythagoras holds for $\nabla f$ and $t = (-f_y, f_x)$, so they are perpendicular",
    title_zh=r"$\nabla f$ 与 $t = (-f_y, f_x)$ 满足勾股定理，所以二者垂直",
    steps=[
        Step(_sum((fx - fy) ** 2, (fy + fx) ** 2),
             r"$\|\nabla f + t\|^2$, with $\nabla f + t = (f_x - f_y,\ f_y + f_x)$",
             r"$\|\nabla f + t\|^2$，其中 $\nabla f + t = (f_x - f_y,\ f_y + f_x)$"),
        Step(_sum(fx ** 2 + fy ** 2, _mul(2, _sum(_mul(fx, -fy), _mul(fy, fx))), fy ** 2 + fx ** 2),
             r"expand: $\|\nabla f\|^2 + 2\, \nabla f \cdot t + \|t\|^2$",
             r"展开：$\|\nabla f\|^2 + 2\, \nabla f \cdot t + \|t\|^2$"),
        Step(_sum(fx ** 2 + fy ** 2, fy ** 2 + fx ** 2),
             r"the cross term $\nabla f \cdot t = -f_x f_y + f_y f_x$ is zero",
             r"交叉项 $\nabla f \cdot t = -f_x f_y + f_y f_x$ 等于 0"),
    ],
    domain={fx: (-3.0, 3.0), fy: (-3.0, 3.0)},
    mutations=[flip_sign(), substitute(-fy, fy, step=1, what="t = (f_y, f_x), which is not a tangent")],
)

c = sp.Symbol("c", positive=True)  # the level of the curve 5x² + y² = c

ellipse_slope = derivation(
    "gd_ellipse_level_curve_slope",
    title_en=r"A check on $5x^2 + y^2 = c$: the slope of the level curve is $-f_x/f_y$",
    title_zh=r"在 $5x^2 + y^2 = c$ 上验证：等高线的斜率是 $-f_x/f_y$",
    steps=[
        Step(sp.Derivative(sp.sqrt(c - 5 * x ** 2), x), r"the upper half of the curve is $y = \sqrt{c - 5x^2}$",
             r"等高线的上半支是 $y = \sqrt{c - 5x^2}$"),
        Step(-5 * x / sp.sqrt(c - 5 * x ** 2), "chain rule", "链式法则"),
        Step(-fx / fy, r"with the partial derivatives of $f = 5x^2 + y^2$", r"代入 $f = 5x^2 + y^2$ 的两个偏导数"),
    ],
    domain={x: (-1.0, 1.0), c: (6.0, 10.0)},  # c − 5x² > 1: the square root is real and non-zero
    definitions={fx: 10 * x, fy: 2 * y, y: sp.sqrt(c - 5 * x ** 2)},
    mutations=[flip_sign(), substitute(fx, 5 * x, what="f_x = 5x (the power rule's 2 dropped)")],
)


# ---------------------------------------------------------------- 4. the learning rate on a quadratic
quadratic = a * x ** 2 + b * y ** 2

quadratic_gradient = derivation(
    "gd_quadratic_gradient",
    title_en=r"The gradient of $f = ax^2 + by^2$ is $(2ax, 2by)$",
    title_zh=r"$f = ax^2 + by^2$ 的梯度是 $(2ax, 2by)$",
    steps=[
        Step(sp.Matrix([sp.Derivative(quadratic, x), sp.Derivative(quadratic, y)]), "the gradient", "梯度"),
        Step(sp.Matrix([product(2, a, x), product(2, b, y)]), "power rule; the other term is a constant",
             "幂函数求导法则；另一项是常数"),
    ],
    domain={x: (-5.0, 5.0), y: (-5.0, 5.0), a: (0.1, 30.0), b: (0.1, 30.0)},
    mutations=[flip_sign(), Mutation("the power rule's 2 dropped",
                                     lambda d: d.with_step(-1, sp.Matrix([a * x, b * y])))],
)

contraction = 1 - 2 * a * eta  # the factor of one step, as the page writes it

one_step = derivation(
    "gd_quadratic_one_step",
    title_en=r"One step on $ax^2 + by^2$ multiplies $x$ by $1 - 2a\eta$",
    title_zh=r"在 $ax^2 + by^2$ 上走一步，$x$ 被乘以 $1 - 2a\eta$",
    steps=[
        Step(x - eta * sp.Derivative(quadratic, x), r"the update of the $x$-coordinate",
             r"$x$ 坐标的更新"),
        Step(x - product(2, a, eta, x), r"$\partial f / \partial x = 2ax$", r"$\partial f / \partial x = 2ax$"),
        Step(product(contraction, x), r"factor out $x$", r"提出 $x$"),
    ],
    domain={x: (-5.0, 5.0), y: (-5.0, 5.0), a: (0.1, 30.0), b: (0.1, 30.0), eta: (0.001, 0.2)},
    mutations=[flip_sign(), substitute(contraction, 1 - a * eta, what="the factor 2 dropped")],
)

n = sp.Symbol("n", integer=True, nonnegative=True)
x0 = sp.Symbol("x_0", real=True)


class iterate(sp.Function):
    """x_k, the x-coordinate after k steps: a display name; the derivation's definitions say what it is."""

    nargs = 1

    def _latex(self, printer, exp=None):
        tex = f"x_{{{sp.latex(self.args[0])}}}"  # the default order: n - 1, not -1 + n
        return tex if exp is None else f"{tex}^{{{exp}}}"


@functools.cache
def contraction_factor():
    """1 − 2aη, read off the last step of the one-step derivation (x_{k+1} = factor · x_k)."""
    return sp.simplify(one_step.final.doit() / x)


@functools.cache
def closed_form():
    """x_n solved from the recurrence x_{k+1} = (1 − 2aη) x_k, x_0 given, by SymPy's rsolve."""
    k, X = sp.Symbol("k", integer=True), sp.Function("X")
    solution = sp.rsolve(X(k + 1) - contraction_factor() * X(k), X(k), {X(0): x0})
    return solution.subs(k, n)


n_steps = derivation(
    "gd_quadratic_n_steps",
    title_en=r"After $n$ steps on $ax^2 + by^2$: $x_n = (1 - 2a\eta)^n x_0$",
    title_zh=r"在 $ax^2 + by^2$ 上走 $n$ 步之后：$x_n = (1 - 2a\eta)^n x_0$",
    steps=[
        Step(iterate(n), r"the $x$-coordinate after $n$ steps", r"走 $n$ 步之后的 $x$ 坐标"),
        Step(product(contraction, iterate(n - 1)), r"the last step multiplied by $1 - 2a\eta$",
             r"最后一步乘了 $1 - 2a\eta$"),
        Step(product(contraction ** 2, iterate(n - 2)), "and so did the step before it", "前一步同样如此"),
        Step(product(contraction ** n, x0), r"$n$ factors lead back to the start $x_0$",
             r"$n$ 个因子一直追溯到起点 $x_0$"),
    ],
    domain={n: list(range(2, 13)), a: (0.1, 30.0), eta: (0.001, 0.2), x0: (-100.0, 100.0)},
    definitions={iterate: sp.Lambda(n, closed_form())},  # what SymPy's rsolve found
    mutations=[flip_sign(), substitute(contraction ** n, contraction ** (n - 1), what="one factor too few")],
)

# The thresholds, solved by SymPy from the factor for every real learning rate.
eta_real = sp.Symbol("eta", real=True)


def _rates_where(condition):
    factor = contraction_factor().subs(eta, eta_real)
    return sp.solve_univariate_inequality(condition(factor), eta_real, relational=False)


@functools.cache
def converging_rates():
    """|1 − 2aη| < 1: the coordinate shrinks geometrically."""
    return _rates_where(lambda q: sp.Abs(q) < 1)


@functools.cache
def zigzag_rates():
    """1 − 2aη < 0: the coordinate changes sign at every step."""
    return _rates_where(lambda q: q < 0)


@functools.cache
def diverging_rates():
    """|1 − 2aη| > 1: the coordinate grows geometrically."""
    return _rates_where(lambda q: sp.Abs(q) > 1)


@value("gd_converging_rates", fmt="{}")
def converging_rates_tex() -> str:
    return sp.latex(converging_rates())


@value("gd_zigzag_rates", fmt="{}")
def zigzag_rates_tex() -> str:
    return sp.latex(zigzag_rates())


@value("gd_diverging_rates", fmt="{}")
def diverging_rates_tex() -> str:
    return sp.latex(diverging_rates())


def largest_stable_rate(curvature) -> float:
    """The supremum of the converging rates for a given a."""
    return float(converging_rates().sup.subs(a, curvature))


def zigzag_onset(curvature) -> float:
    return float(zigzag_rates().inf.subs(a, curvature))


def exact(number):
    """A decimal parameter as the exact fraction it is written as: 0.051 -> 51/1000."""
    return sp.Rational(str(number))


def factor_at(curvature, rate) -> float:
    """1 − 2aη at exact arguments, so that 0.1 · 20 gives exactly 2."""
    return float(contraction_factor().subs({a: exact(curvature), eta: exact(rate)}))


@value("gd_limit_20", fmt="{:g}")
def limit_for_20():
    """For 20x² + y² (a = 20)."""
    return largest_stable_rate(20)


@value("gd_zigzag_20", fmt="{:g}")
def zigzag_for_20():
    return zigzag_onset(20)


@value("gd_limit_10", fmt="{:g}")
def limit_for_10():
    """For 10x² + y² (a = 10), the surface of the path figures."""
    return largest_stable_rate(10)


@value("gd_zigzag_10", fmt="{:g}")
def zigzag_for_10():
    return zigzag_onset(10)


@value("gd_factor_10_at_0_1", fmt="{:g}")
def factor_for_10_at_edge():
    """1 − 2·10·0.1: exactly −1, so x flips sign and keeps its size."""
    return factor_at(10, 0.1)


@value("gd_factor_1_at_0_1", fmt="{:g}")
def factor_for_y_at_edge():
    """The y-coordinate's factor (b = 1) at the same rate."""
    return factor_at(1, 0.1)


# ---------------------------------------------------------------- the experiments on quadratics
_gradient = sp.lambdify((x, y, a, b), tuple(quadratic_gradient.final.doit()))


def descend_quadratic(curvature_x, curvature_y, start, lr, steps, dtype=np.float64):
    """Gradient descent on curvature_x·x² + curvature_y·y².

    Returns the (steps + 1, 2) array of points visited. The gradient is the last step of
    gd_quadratic_gradient, turned into code. dtype=np.float32 repeats the arithmetic of
    PyTorch's default tensors, in which the source post ran its experiment.
    """
    lr = dtype(lr)
    path = np.empty((steps + 1, 2), dtype=dtype)
    path[0] = start
    for k in range(steps):
        px, py = path[k]
        gx, gy = _gradient(px, py, curvature_x, curvature_y)
        path[k + 1] = (px - lr * dtype(gx), py - lr * dtype(gy))
    return path


def closed_form_point(curvature_x, curvature_y, start, lr, steps) -> tuple[float, float]:
    """The same end point from x_n = (1 − 2aη)ⁿ x_0 for each coordinate, in exact rationals."""
    xn = sp.lambdify((a, eta, x0, n), closed_form(), modules="sympy")
    return (float(xn(exact(curvature_x), exact(lr), exact(start[0]), steps)),
            float(xn(exact(curvature_y), exact(lr), exact(start[1]), steps)))


# Seed 000 §1.4: the circle x² + y² against the ellipse 20x² + y², from (−60, 70), 10 steps.
SCALING_START = (-60.0, 70.0)
SCALING_STEPS = 10
SCALING_RATES = (0.02, 0.04, 0.051)
SCALING_SURFACES = {"circle": (1, 1), "ellipse": (20, 1)}


def scaling_end(surface: str, rate: float, dtype=np.float32) -> tuple[float, float]:
    """The end point after 10 steps; float32 by default, as the source ran it (see the page's note)."""
    path = descend_quadratic(*SCALING_SURFACES[surface], SCALING_START, rate, SCALING_STEPS, dtype)
    return tuple(float(v) for v in path[-1])


def _rate_name(rate: float) -> str:
    return f"{rate:g}".replace(".", "_")


def _seed_like_format(v: float) -> str:
    """Four decimals, or four significant digits for tiny numbers: how the source printed them."""
    return "{:.4e}" if abs(v) < 1e-3 else "{:.4f}"


def _register_scaling_end_points():
    for surface in SCALING_SURFACES:
        for rate in SCALING_RATES:
            for axis, coord in (("x", 0), ("y", 1)):
                fmt = _seed_like_format(scaling_end(surface, rate)[coord])
                value(f"gd_scaling_{surface}_{axis}_{_rate_name(rate)}", fmt=fmt)(
                    lambda surface=surface, rate=rate, coord=coord: scaling_end(surface, rate)[coord])


_register_scaling_end_points()


@value("gd_eta_c_example", fmt="{:.4f}")
def eta_c_example() -> float:
    """η_c for 20x² + y² at (−60, 70): past this rate one step raises the loss (the quadratic's
    second-order expansion is exact)."""
    px, py = SCALING_START
    grad = quadratic_gradient.final.doit().subs({x: px, y: py, a: 20, b: 1})
    hessian = sp.hessian(quadratic, (x, y)).subs({a: 20, b: 1})
    at = {g1: grad[0], g2: grad[1], h11: hessian[0, 0], h12: hessian[0, 1], h22: hessian[1, 1]}
    return float(second_order_change.definitions[eta_c].subs(at))


@value("gd_scaling_circle_x_0_02_float64", fmt="{:.4f}")
def circle_x_in_float64() -> float:
    return scaling_end("circle", 0.02, np.float64)[0]


@value("gd_scaling_ellipse_x_0_051_float64", fmt="{:.4f}")
def ellipse_x_in_float64() -> float:
    return scaling_end("ellipse", 0.051, np.float64)[0]


@value("gd_scaling_circle_x_0_02_exact", fmt="{:.6f}")
def circle_x_exact() -> float:
    return closed_form_point(*SCALING_SURFACES["circle"], SCALING_START, 0.02, SCALING_STEPS)[0]


@value("gd_scaling_ellipse_x_0_051_exact", fmt="{:.6f}")
def ellipse_x_exact() -> float:
    return closed_form_point(*SCALING_SURFACES["ellipse"], SCALING_START, 0.051, SCALING_STEPS)[0]


def gap_to_closed_form(dtype) -> float:
    """The largest relative difference between the iteration in dtype and the exact closed form."""
    gaps = []
    for surface, curvatures in SCALING_SURFACES.items():
        for rate in SCALING_RATES:
            exact = closed_form_point(*curvatures, SCALING_START, rate, SCALING_STEPS)
            gaps += [abs(u - v) / abs(v) for u, v in zip(scaling_end(surface, rate, dtype), exact, strict=True)]
    return max(gaps)


@value("gd_scaling_gap_float32", fmt="{:.0e}")
def float32_gap() -> float:
    return gap_to_closed_form(np.float32)


@value("gd_scaling_gap_float64", fmt="{:.0e}")
def float64_gap() -> float:
    return gap_to_closed_form(np.float64)


def _register_factors():
    for rate in SCALING_RATES:
        for surface, (curvature, _) in SCALING_SURFACES.items():
            value(f"gd_factor_{surface}_x_{_rate_name(rate)}", fmt="{:g}")(
                lambda curvature=curvature, rate=rate: factor_at(curvature, rate))


_register_factors()


@value("gd_scaling_distance_circle_0_02", fmt="{:.2f}")
def circle_distance() -> float:
    """Distance to the minimum after 10 steps at η = 0.02 on x² + y²."""
    return float(np.hypot(*scaling_end("circle", 0.02)))


@value("gd_scaling_distance_ellipse_0_02", fmt="{:.2f}")
def ellipse_distance() -> float:
    return float(np.hypot(*scaling_end("ellipse", 0.02)))


@value("gd_circle_one_step_rate", fmt="{:g}")
def circle_one_step_rate() -> float:
    """On x² + y² the rate with factor 0 (1 − 2η = 0) reaches the minimum in one step."""
    return float(sp.solve(contraction_factor().subs(a, 1), eta)[0])


@value("gd_limit_1", fmt="{:g}")
def limit_for_1():
    """The largest stable rate for x² + y² (a = 1)."""
    return largest_stable_rate(1)


@value("gd_ellipse_y_factor_at_limit", fmt="{:g}")
def ellipse_y_factor_at_limit() -> float:
    """The y-factor of 20x² + y² at its largest stable rate: the flat direction barely moves."""
    return factor_at(1, largest_stable_rate(20))


# Seed 000 §1.3: paths on 10x² + y², drawn in the figures.
PATH_SURFACE = (10, 1)
SLOW_RATE, SLOW_STEPS, SLOW_STARTS = 0.01, 20, ((0.0, 100.0), (-70.0, 70.0), (-100.0, 0.0))
EDGE_RATE, EDGE_STEPS, EDGE_STARTS = 0.1, 10, ((100.0, 500.0), (0.0, -500.0))


@value("gd_factor_10_at_0_01", fmt="{:g}")
def slow_x_factor() -> float:
    return factor_at(PATH_SURFACE[0], SLOW_RATE)


@value("gd_factor_1_at_0_01", fmt="{:g}")
def slow_y_factor() -> float:
    return factor_at(PATH_SURFACE[1], SLOW_RATE)


# ---------------------------------------------------------------- 5. a non-convex function (seed 004)
bumpy = x ** 2 * sp.sin(x)

bumpy_derivative = derivation(
    "gd_x2sinx_derivative",
    title_en=r"The derivative of $x^2 \sin x$ is $2x \sin x + x^2 \cos x$",
    title_zh=r"$x^2 \sin x$ 的导数是 $2x \sin x + x^2 \cos x$",
    steps=[
        Step(sp.Derivative(bumpy, x), r"the slope of $f(x) = x^2 \sin x$", r"$f(x) = x^2 \sin x$ 的斜率"),
        Step(_sum(product(sp.sin(x), sp.Derivative(x ** 2, x)), product(x ** 2, sp.Derivative(sp.sin(x), x))),
             r"product rule: $(uv)' = u'v + uv'$", r"乘积的求导法则：$(uv)' = u'v + uv'$"),
        Step(_sum(product(2, x, sp.sin(x)), product(x ** 2, sp.cos(x))), r"$(x^2)' = 2x$, $(\sin x)' = \cos x$",
             r"$(x^2)' = 2x$，$(\sin x)' = \cos x$"),
    ],
    domain={x: (-8.0, 8.0)},
    mutations=[flip_sign(), substitute(sp.cos(x), -sp.cos(x), what="(sin x)′ = −cos x")],
)

bumpy_second_derivative = derivation(
    "gd_x2sinx_second_derivative",
    title_en=r"Its second derivative is $(2 - x^2) \sin x + 4x \cos x$",
    title_zh=r"它的二阶导数是 $(2 - x^2) \sin x + 4x \cos x$",
    steps=[
        Step(sp.Derivative(bumpy_derivative.final, x), r"differentiate $f'$ once more", r"对 $f'$ 再求一次导"),
        Step(_sum(2 * sp.sin(x), product(2, x, sp.cos(x)), product(2, x, sp.cos(x)), -x ** 2 * sp.sin(x)),
             "product rule on both terms", "两项分别用乘积的求导法则"),
        Step(_sum(product(2 - x ** 2, sp.sin(x)), product(4, x, sp.cos(x))), "collect terms", "合并同类项"),
    ],
    domain={x: (-8.0, 8.0)},
    mutations=[flip_sign(), substitute(4, 2, what="one of the two 2x cos x terms lost")],
)

BUMPY_START = 2.5
BUMPY_RATE = 0.005  # the source's learning rate
BUMPY_STEPS = 150
BUMPY_TOLERANCE = 1e-6
SEED_GRADIENT = -10  # what seed 004 says f′(2.5) is

f_bumpy = sp.lambdify(x, bumpy, "numpy")
df_bumpy = sp.lambdify(x, bumpy_derivative.final.doit(), "numpy")
d2f_bumpy = sp.lambdify(x, bumpy_second_derivative.final.doit(), "numpy")


def bumpy_descent(start=BUMPY_START, lr=BUMPY_RATE, steps=BUMPY_STEPS) -> np.ndarray:
    """Gradient descent on x² sin x with the derivative of gd_x2sinx_derivative: the points visited."""
    path = np.empty(steps + 1)
    path[0] = start
    for k in range(steps):
        path[k + 1] = path[k] - lr * df_bumpy(path[k])
    return path


def critical_point_near(guess) -> sp.Float:
    """A root of f′ to 30 digits, by SymPy's nsolve (mpmath's root finder), from guess."""
    return sp.nsolve(bumpy_derivative.final.doit(), x, guess, prec=30)


@value("gd_x2sinx_slope_at_start", fmt="{:.4f}")
def slope_at_start() -> float:
    return float(bumpy_derivative.final.doit().subs(x, exact(BUMPY_START)).evalf(30))


@value("gd_x2sinx_seed_update", fmt="{:g}")
def seed_update() -> float:
    """The source's own numbers, redone: 2.5 − 0.005 · (−10)."""
    return BUMPY_START - BUMPY_RATE * SEED_GRADIENT


@value("gd_x2sinx_first_step", fmt="{:.4f}")
def first_step() -> float:
    return float(bumpy_descent(steps=1)[-1])


@value("gd_x2sinx_full_step", fmt="{:.4f}")
def full_step() -> float:
    """2.5 − f′(2.5): the step without a learning rate (η = 1) that the source warns against."""
    return BUMPY_START - slope_at_start()


@value("gd_x2sinx_local_min", fmt="{:.4f}")
def local_minimum() -> float:
    return float(critical_point_near(5))


@value("gd_x2sinx_local_max", fmt="{:.4f}")
def local_maximum() -> float:
    """The critical point just left of 2.5: a maximum, which is why the slope at 2.5 points downhill to the right."""
    return float(critical_point_near(2))


def _second_derivative_at(point) -> float:
    return float(bumpy_second_derivative.final.doit().subs(x, point).evalf(30))


@value("gd_x2sinx_curvature_at_min", fmt="{:.2f}")
def curvature_at_minimum() -> float:
    return _second_derivative_at(critical_point_near(5))


@value("gd_x2sinx_curvature_at_max", fmt="{:.2f}")
def curvature_at_maximum() -> float:
    return _second_derivative_at(critical_point_near(2))


@value("gd_x2sinx_value_at_min", fmt="{:.4f}")
def value_at_minimum() -> float:
    return float(bumpy.subs(x, critical_point_near(5)).evalf(30))


@value("gd_x2sinx_after_10", fmt="{:.4f}")
def after_ten_steps() -> float:
    return float(bumpy_descent(steps=10)[-1])


@value("gd_x2sinx_end", fmt="{:.6f}")
def descent_end() -> float:
    return float(bumpy_descent()[-1])


@value("gd_x2sinx_steps_to_tolerance", fmt="{:d}")
def steps_to_tolerance() -> int:
    """The first step from which the iterate stays within 1e-6 of the minimum."""
    far = np.nonzero(np.abs(bumpy_descent() - local_minimum()) > BUMPY_TOLERANCE)[0]
    return int(far[-1] + 1)


@value("gd_x2sinx_rate_limit", fmt="{:.4f}")
def rate_limit_at_minimum() -> float:
    """Near the minimum f is close to a quadratic with a = f″/2, so rates above 1/a = 2/f″ diverge."""
    return largest_stable_rate(sp.Float(curvature_at_minimum(), 30) / 2)


# ---------------------------------------------------------------- 6. speed and curvature
fp, fpp, h = sp.symbols("f' f'' h", real=True)  # f′(x), f″(x) at the current point, and the step

second_order_1d = derivation(
    "gd_second_order_1d",
    title_en=r"In one dimension: a step lowers $f$ only while $\eta < 2/f''$",
    title_zh=r"一元情形：只有当 $\eta < 2/f''$ 时，这一步才会让 $f$ 下降",
    steps=[
        Step(_sum(product(fp, h), product(sp.Rational(1, 2), fpp, h ** 2)),
             r"second-order Taylor expansion of $f(x + h) - f(x)$", r"$f(x + h) - f(x)$ 的二阶泰勒展开"),
        Step(_sum(-eta * fp ** 2, product(sp.Rational(1, 2), eta ** 2, fpp, fp ** 2)),
             r"the gradient step $h = -\eta f'$", r"代入梯度下降的步长 $h = -\eta f'$"),
        Step(product(-eta, fp ** 2, 1 - eta * fpp / 2), r"factor out $-\eta f'^2$", r"提出 $-\eta f'^2$"),
    ],
    domain={fp: (-5.0, 5.0), fpp: (0.1, 50.0), eta: (0.001, 1.0)},
    definitions={h: _mul(-1, eta, fp)},
    mutations=[flip_sign(), substitute(sp.Rational(-1, 2), -1, what="the ½ of the Taylor term dropped")],
)

eta_best = sp.Symbol(r"\eta^*", positive=True)


@functools.cache
def balanced_rate():
    """The rate at which both directions of ax² + by² (a > b) shrink equally fast: 1 − 2bη = −(1 − 2aη).

    A larger rate makes the steep direction's factor worse, a smaller one the flat direction's.
    """
    flat, steep = contraction_factor().subs(a, b), contraction_factor()
    return sp.solve(sp.Eq(flat, -steep), eta)[0]


best_factor = derivation(
    "gd_best_fixed_rate",
    title_en=r"At the best fixed rate the flat direction still keeps $\frac{a - b}{a + b}$ of its distance per step",
    title_zh=r"即使用最好的固定学习率，平缓方向每步也只缩小到原来的 $\frac{a - b}{a + b}$",
    steps=[
        Step(1 - product(2, b, eta_best), r"the flat direction's factor at the balanced rate $\eta^*$",
             r"平缓方向在平衡学习率 $\eta^*$ 下的收缩因子"),
        Step(1 - 2 * b / (a + b), r"$\eta^* = 1/(a + b)$", r"$\eta^* = 1/(a + b)$"),
        Step((a - b) / (a + b), "common denominator", "通分"),
    ],
    domain={a: (1.0, 50.0), b: (0.1, 1.0)},
    definitions={eta_best: balanced_rate()},
    mutations=[flip_sign(), substitute(a - b, a + b, what="(a + b)/(a + b)")],
)


@value("gd_best_rate_20", fmt="{:.4f}")
def best_rate_for_20() -> float:
    return float(balanced_rate().subs({a: 20, b: 1}))


@value("gd_best_factor_20", fmt="{:.4f}")
def best_factor_for_20() -> float:
    return float(best_factor.final.subs({a: 20, b: 1}))


@value("gd_best_steps_20", fmt="{:d}")
def steps_for_a_millionth() -> int:
    """Steps until the distance to the minimum is below a millionth of the start, on 20x² + y²."""
    return math.ceil(math.log(1e-6) / math.log(best_factor_for_20()))


@value("gd_best_factor_circle", fmt="{:g}")
def best_factor_for_circle() -> float:
    """On x² + y² (a = b) the balanced rate removes the whole distance in one step."""
    return float(best_factor.final.subs({a: 1, b: 1}))
