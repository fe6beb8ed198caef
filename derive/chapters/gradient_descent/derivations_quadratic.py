"""The learning rate on the quadratic f = a·x² + b·y², and why curvature sets the speed.

One step multiplies x by 1 − 2aη, so every question about the learning rate is a question about that one
factor. The factor is read off the one-step derivation, the n-step closed form comes from SymPy's
rsolve, the regimes from SymPy's inequality solver applied to the declared conditions (hypotheses).
"""

from __future__ import annotations

import functools

import sympy as sp

from derive.chapters.gradient_descent.hypotheses import CONVERGING, DIVERGING, QUADRATIC, ZIGZAG
from derive.chapters.gradient_descent.symbols import a, b, eta, eta_best, eta_real, fp, fpp, h, n, x, x0, y
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, fact

quadratic = QUADRATIC.relation.rhs
QUADRATIC_DOMAIN = {x: (-5.0, 5.0), y: (-5.0, 5.0), a: (0.1, 30.0), b: (0.1, 30.0)}

quadratic_gradient = derivation(
    "gd_quadratic_gradient",
    title_en=r"The gradient of [[hypothesis:gd_quadratic_surface]] is $(2ax, 2by)$",
    title_zh=r"[[hypothesis:gd_quadratic_surface]] 的梯度是 $(2ax, 2by)$",
    steps=[
        Step(sp.Matrix([sp.Derivative(quadratic, x), sp.Derivative(quadratic, y)]), "the gradient", "梯度"),
        Step(
            sp.Matrix([product(2, a, x), product(2, b, y)]),
            "power rule; the other term is a constant",
            "幂函数求导法则；另一项是常数",
        ),
    ],
    domain=QUADRATIC_DOMAIN,
    mutations=[
        flip_sign(),
        Mutation("the power rule's 2 dropped", lambda d: d.with_step(-1, sp.Matrix([a * x, b * y]))),
    ],
)

partial_x = fact(
    "gd_quadratic_partial_x",
    sp.Derivative(quadratic, x),
    product(2, a, x),
    en="power rule; the other term is a constant",
    zh="幂函数求导法则；另一项是常数",
    domain=QUADRATIC_DOMAIN,
    mutations=[substitute(2, 1, what="the power rule's 2 dropped")],
)

contraction = 1 - 2 * a * eta  # the factor of one step, as the page writes it

one_step = derivation(
    "gd_quadratic_one_step",
    title_en=r"One step on $ax^2 + by^2$ multiplies $x$ by $1 - 2a\eta$",
    title_zh=r"在 $ax^2 + by^2$ 上走一步，$x$ 被乘以 $1 - 2a\eta$",
    steps=[
        Step(x - eta * sp.Derivative(quadratic, x), r"the update of the $x$-coordinate", r"$x$ 坐标的更新"),
        Step(x - product(2, a, eta, x), "[[relation:gd_quadratic_partial_x]]", "[[relation:gd_quadratic_partial_x]]"),
        Step(product(contraction, x), r"factor out $x$", r"提出 $x$"),
    ],
    domain={**QUADRATIC_DOMAIN, eta: (0.001, 0.2)},
    mutations=[flip_sign(), substitute(contraction, 1 - a * eta, what="the factor 2 dropped")],
)


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
    title_en=r"After $n$ steps on $ax^2 + by^2$: [[relation]]",
    title_zh=r"在 $ax^2 + by^2$ 上走 $n$ 步之后：[[relation]]",
    steps=[
        Step(iterate(n), r"the $x$-coordinate after $n$ steps", r"走 $n$ 步之后的 $x$ 坐标"),
        Step(
            product(contraction, iterate(n - 1)),
            r"the last step multiplied by $1 - 2a\eta$",
            r"最后一步乘了 $1 - 2a\eta$",
        ),
        Step(product(contraction**2, iterate(n - 2)), "and so did the step before it", "前一步同样如此"),
        Step(
            product(contraction**n, x0), r"$n$ factors lead back to the start $x_0$", r"$n$ 个因子一直追溯到起点 $x_0$"
        ),
    ],
    domain={n: list(range(2, 13)), a: (0.1, 30.0), eta: (0.001, 0.2), x0: (-100.0, 100.0)},
    definitions={iterate: sp.Lambda(n, closed_form())},  # what SymPy's rsolve found
    mutations=[flip_sign(), substitute(contraction**n, contraction ** (n - 1), what="one factor too few")],
)


# ---------------------------------------------------------------- the regimes, solved for every real rate
def _rates_where(regime):
    """The learning rates where a declared regime condition (a hypothesis on 1 − 2aη) holds."""
    lhs = regime.relation.lhs  # as declared: |1 − 2aη| or 1 − 2aη
    factor = lhs.args[0] if isinstance(lhs, sp.Abs) else lhs
    if sp.simplify(factor.doit() - contraction_factor()) != 0:  # the condition must be about the proved factor
        raise ValueError(f"{regime.name} is not a condition on the factor of gd_quadratic_one_step")
    # replace(): the page's Magnitude (an Abs that prints as \lvert...\rvert) back to a plain Abs for the solver
    condition = regime.relation.replace(sp.Abs, sp.Abs).doit().subs(eta, eta_real)
    return sp.solve_univariate_inequality(condition, eta_real, relational=False)


@functools.cache
def converging_rates():
    """|1 − 2aη| < 1: the coordinate shrinks geometrically."""
    return _rates_where(CONVERGING)


@functools.cache
def zigzag_rates():
    """1 − 2aη < 0: the coordinate changes sign at every step."""
    return _rates_where(ZIGZAG)


@functools.cache
def diverging_rates():
    """|1 − 2aη| > 1: the coordinate grows geometrically."""
    return _rates_where(DIVERGING)


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


# ---------------------------------------------------------------- speed and curvature
second_order_1d = derivation(
    "gd_second_order_1d",
    title_en=r"In one dimension: a step lowers $f$ only for rates below $2/f''$",
    title_zh=r"一元情形：只有学习率小于 $2/f''$ 时，这一步才会让 $f$ 下降",
    steps=[
        Step(
            _sum(product(fp, h), product(sp.Rational(1, 2), fpp, h**2)),
            r"second-order Taylor expansion of $f(x + h) - f(x)$",
            r"$f(x + h) - f(x)$ 的二阶泰勒展开",
        ),
        Step(
            _sum(-eta * fp**2, product(sp.Rational(1, 2), eta**2, fpp, fp**2)),
            "the gradient step [[def:h]]",
            "代入梯度下降的步长 [[def:h]]",
        ),
        Step(product(-eta, fp**2, 1 - eta * fpp / 2), r"factor out $-\eta f'^2$", r"提出 $-\eta f'^2$"),
    ],
    domain={fp: (-5.0, 5.0), fpp: (0.1, 50.0), eta: (0.001, 1.0)},
    definitions={h: _mul(-1, eta, fp)},
    mutations=[flip_sign(), substitute(sp.Rational(-1, 2), -1, what="the ½ of the Taylor term dropped")],
)

quadratic_curvature = fact(
    "gd_quadratic_curvature",
    sp.Derivative(a * x**2, (x, 2)),
    2 * a,
    en="power rule, twice",
    zh="两次使用幂函数求导法则",
    domain={x: (-5.0, 5.0), a: (0.1, 30.0)},
    mutations=[substitute(2 * a, a, what="the power rule's 2 dropped")],
)


@functools.cache
def balanced_rate():
    """The rate at which both directions of ax² + by² (a > b) shrink equally fast: 1 − 2bη = −(1 − 2aη).

    A larger rate makes the steep direction's factor worse, a smaller one the flat direction's.
    """
    flat, steep = contraction_factor().subs(a, b), contraction_factor()
    return sp.solve(sp.Eq(flat, -steep), eta)[0]


BALANCE_DOMAIN = {a: (1.0, 50.0), b: (0.1, 1.0)}

balanced_rate_fact = fact(
    "gd_balanced_rate",
    eta_best,
    1 / (a + b),
    en="the rate at which the two factors are opposite, solved by SymPy",
    zh="两个方向的因子互为相反数时的学习率，由 SymPy 解出",
    domain=BALANCE_DOMAIN,
    definitions={eta_best: balanced_rate()},
    mutations=[substitute(a + b, a - b, what="1/(a − b)")],
)

best_factor = derivation(
    "gd_best_fixed_rate",
    title_en=r"At the best fixed rate the flat direction still keeps $\frac{a - b}{a + b}$ of its distance per step",
    title_zh=r"即使用最好的固定学习率，平缓方向每步也只缩小到原来的 $\frac{a - b}{a + b}$",
    steps=[
        Step(
            1 - product(2, b, eta_best),
            r"the flat direction's factor at the balanced rate $\eta^*$",
            r"平缓方向在平衡学习率 $\eta^*$ 下的收缩因子",
        ),
        Step(1 - 2 * b / (a + b), "[[relation:gd_balanced_rate]]", "[[relation:gd_balanced_rate]]"),
        Step((a - b) / (a + b), "common denominator", "通分"),
    ],
    domain=BALANCE_DOMAIN,
    definitions={eta_best: balanced_rate()},
    mutations=[flip_sign(), substitute(a - b, a + b, what="(a + b)/(a + b)")],
)
