"""The answers to the Newton page's exercises: proved derivations and the numbers computed from them.

Exercise 1 turns the root step on 1/x − K, which divides without a division and squares its relative
error; exercise 2 applies the extremum step to the degenerate minimum of x^n, where Newton's method
slows to a fixed factor per step (the factor of the page's quartic example).
"""

from __future__ import annotations

import functools
import math

import mpmath
import sympy as sp

from derive.chapters.newton.derivations import K, f, x
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, value

ROOT_DOMAIN = {x: (0.05, 5.0), K: (0.05, 10.0)}

# ---------------------------------------------------------------- exercise 1: the reciprocal without division
reciprocal_function = 1 / x - K  # its root is 1/K


def _fraction(numerator, denominator):
    """numerator / denominator as written: SymPy would otherwise cancel or merge the two."""
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


RAW_STEP = _sum(x, _fraction(_sum(1 / x, -K), x**-2))  # x − f/f′, its two minus signs cancelled

reciprocal_step = derivation(
    "newton_ex_reciprocal_step",
    title_en="Newton's step for the root of [[def:f]] is [[final]]: no division",
    title_zh="求 [[def:f]] 的根的牛顿迭代是 [[final]]：不含除法",
    steps=[
        Step(x - f(x) / sp.Derivative(f(x), x), "the Newton step", "牛顿迭代的一步"),
        Step(
            RAW_STEP,
            r"[[def:f]], whose slope is $-1/x^2$: the two minus signs cancel",
            r"[[def:f]]，它的斜率是 $-1/x^2$：两个负号抵消",
        ),
        Step(
            x + _mul(x**2, reciprocal_function),
            r"dividing by $1/x^2$ multiplies by $x^2$",
            r"除以 $1/x^2$ 就是乘以 $x^2$",
        ),
        Step(product(x, 2 - K * x), r"multiply out and factor $x$", r"展开后提出 $x$"),
    ],
    domain=ROOT_DOMAIN,
    definitions={f: sp.Lambda(x, reciprocal_function)},
    mutations=[
        flip_sign(),
        substitute(2 - K * x, 1 - K * x, what="1 − Kx instead of 2 − Kx"),
        substitute(x**-2, x**2, step=1, what="multiplied by the slope's size instead of divided by it"),
    ],
)

e_k = sp.Symbol("e_k", real=True)  # the error x_k − 1/K of the current iterate

reciprocal_error = derivation(
    "newton_ex_reciprocal_error",
    title_en=r"The reciprocal's error is squared at every step and multiplied by $-K$",
    title_zh=r"倒数迭代的误差每一步都被平方，再乘以 $-K$",
    steps=[
        Step(
            _sum(product(x, 2 - K * x), -1 / K), r"the next iterate minus the root $1/K$", r"下一个迭代值减去根 $1/K$"
        ),
        Step(
            -_fraction(_sum(K * x, -1) ** 2, K),
            r"common denominator $K$: the numerator is a perfect square",
            r"通分，公分母为 $K$：分子是完全平方",
        ),
        Step(
            _mul(-1, K, e_k**2),
            r"take $K^2$ out of the square; [[def:e_k]] is the error of $x$",
            r"从平方中提出 $K^2$；[[def:e_k]] 是 $x$ 的误差",
        ),
    ],
    domain=ROOT_DOMAIN,
    definitions={e_k: x - 1 / K},
    mutations=[
        flip_sign(),
        substitute(e_k**2, e_k**3, what="error cubed instead of squared"),
        substitute(K, 1, what="the factor K dropped"),
    ],
)

# The page's example: the reciprocal of 3 from the start 0.5 (a relative error of one half).
RECIPROCAL_K = 3
RECIPROCAL_START = 0.5
RECIPROCAL_STEPS = 6


@value("newton_ex_reciprocal_K", fmt="{:d}", symbol="K")
def reciprocal_K() -> int:
    return RECIPROCAL_K


@value("newton_ex_reciprocal_start", fmt="{:g}", symbol="x_0")
def reciprocal_start() -> float:
    return RECIPROCAL_START


@functools.cache
def _reciprocal_iterates() -> tuple:
    """x_0 … x_6 for 1/3 in exact arithmetic (60 digits), by the derivation's last line."""
    step = sp.lambdify((x, K), reciprocal_step.final.doit(), "mpmath")
    with mpmath.workdps(60):
        xs = [mpmath.mpf(RECIPROCAL_START)]
        for _ in range(RECIPROCAL_STEPS):
            xs.append(step(xs[-1], RECIPROCAL_K))
        return tuple(xs)


@value("newton_ex_reciprocal_digits", fmt="{:.1f}")
def reciprocal_digits() -> tuple[float, ...]:
    """Correct digits of each iterate for 1/3 from 0.5, the start first: they double at every step."""
    with mpmath.workdps(60):
        exact = mpmath.mpf(1) / RECIPROCAL_K
        return tuple(float(-mpmath.log10(abs(v / exact - 1))) for v in _reciprocal_iterates())


@value("newton_ex_reciprocal_starts", fmt="{}")
def reciprocal_starts() -> str:
    """The starts from which the iteration converges for K = 3: where the relative error |Kx − 1| is below 1.

    From the error derivation, K·e_{k+1} is −(K·e_k)², so the iteration converges exactly when |K·e_0| < 1.
    """
    x_real = sp.Symbol("x", real=True)
    condition = sp.Abs(RECIPROCAL_K * x_real - 1) < 1
    return sp.latex(sp.solve_univariate_inequality(condition, x_real, relational=False))


# ---------------------------------------------------------------- exercise 2: a degenerate minimum
n = sp.Symbol("n", integer=True, positive=True)
power = x**n

power_step = derivation(
    "newton_ex_power_step",
    title_en=r"Newton's extremum step on $x^n$ multiplies $x$ by $\frac{n - 2}{n - 1}$",
    title_zh=r"在 $x^n$ 上，牛顿法求极值的一步把 $x$ 乘以 $\frac{n - 2}{n - 1}$",
    steps=[
        Step(
            x - sp.Derivative(power, x) / sp.Derivative(power, (x, 2)),
            r"the extremum step $x - f'/f''$ on $x^n$",
            r"在 $x^n$ 上求极值的一步 $x - f'/f''$",
        ),
        Step(
            x - _fraction(_mul(n, x ** _sum(n, -1)), _mul(n, _sum(n, -1), x ** _sum(n, -2))),
            "the power rule, once and twice",
            "幂函数求导法则，用一次和两次",
        ),
        Step(x - _fraction(x, _sum(n, -1)), r"cancel $n$ and $x^{n-2}$", r"约去 $n$ 和 $x^{n-2}$"),
        Step(product(_fraction(_sum(n, -2), _sum(n, -1)), x), "common denominator", "通分"),
    ],
    domain={x: (0.05, 5.0), n: [2, 3, 4, 5, 6, 8]},
    mutations=[
        flip_sign(),
        substitute(_sum(n, -2), _sum(n, -1), what="(n − 1)/(n − 1): a step that does not move"),
        substitute(x ** _sum(n, -2), x ** _sum(n, -1), step=1, what="the second derivative's exponent off by one"),
    ],
)


def _power_factor(degree: int) -> sp.Rational:
    """The factor of the derivation's last line for one degree, exactly."""
    return sp.nsimplify(sp.simplify(power_step.final.doit().subs(n, degree) / x))


@value("newton_ex_quartic_factor", fmt="{}")
def quartic_factor() -> str:
    return str(_power_factor(4))


@value("newton_ex_quadratic_factor", fmt="{}")
def quadratic_factor() -> str:
    return str(_power_factor(2))


MILLIONTH = 1e-6


@value("newton_ex_quartic_steps_millionth", fmt="{:d}")
def quartic_steps_to_a_millionth() -> int:
    """Steps from 1 until |x| is below a millionth on x⁴: each step keeps 2/3 of x."""
    return math.ceil(math.log(MILLIONTH) / math.log(float(_power_factor(4))))
