"""The answers to the activation page's exercises: proved derivations and the numbers computed from them.

Exercise 1 differentiates the sigmoid twice and asks where its slope changes fastest; exercise 2 derives
tanh′ from the rescaled sigmoid; exercise 3 reuses the saturation points of values.py.
"""

from __future__ import annotations

import functools

import sympy as sp

from derive.chapters.activations.definitions import DEFINITIONS, SIGMOID, sigma, x
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, value

SIGMOID_DOMAIN = {x: (-30.0, 30.0)}

# ---------------------------------------------------------------- exercise 1: the second derivative
s = sigma(x)

sigmoid_second_derivative = derivation(
    "act_ex_sigmoid_second_derivative",
    title_en="The sigmoid's second derivative, in terms of the sigmoid: [[final]]",
    title_zh="用 sigmoid 自身表示它的二阶导数：[[final]]",
    steps=[
        Step(sp.Derivative(s, (x, 2)), "the slope of the slope", "斜率的斜率"),
        Step(sp.Derivative(product(s, 1 - s), x), "[[relation:sigmoid_derivative]]", "[[relation:sigmoid_derivative]]"),
        Step(
            _sum(product(s, 1 - s, 1 - s), -product(s, s, 1 - s)),
            "product rule, with [[relation:sigmoid_derivative]] for each factor's slope",
            "乘积法则，每个因子的斜率都用 [[relation:sigmoid_derivative]]",
        ),
        Step(
            product(s, 1 - s, 1 - 2 * s),
            r"factor out $\sigma(x)\,(1 - \sigma(x))$",
            r"提出 $\sigma(x)\,(1 - \sigma(x))$",
        ),
    ],
    domain=SIGMOID_DOMAIN,
    definitions=DEFINITIONS,
    mutations=[
        flip_sign(),
        substitute(1 - 2 * s, 1 - s, what="1 − σ instead of 1 − 2σ"),
        substitute(-1, 1, step=2, what="the product rule's two terms added"),
    ],
)


@functools.cache
def _second_derivative():
    """σ″ as a plain SymPy expression of x, from the last step of the derivation."""
    return sp.simplify(sigmoid_second_derivative.final.doit().subs(sigma, SIGMOID))


@functools.cache
def _fastest_change_points() -> tuple[float, float]:
    """Where σ″ is extreme: the real roots of σ‴, solved by SymPy (σ itself is the unknown, then x)."""
    u = sp.Symbol("u", positive=True)  # σ(x), which runs over (0, 1)
    # σ‴ in terms of σ: differentiate σ(1 − σ)(1 − 2σ) by the chain rule, σ′ being σ(1 − σ)
    in_sigma = sp.expand(sp.diff(u * (1 - u) * (1 - 2 * u), u) * u * (1 - u))
    levels = [r for r in sp.solve(in_sigma, u) if r < 1]  # u = 1 is where σ′ itself would vanish
    points = sorted(float(sp.log(r / (1 - r))) for r in levels)  # x is the logit of σ
    return points[0], points[1]


@value("act_ex_sigmoid_inflection", fmt="{:g}", symbol="x")
def sigmoid_inflection() -> float:
    """Where σ″ vanishes: the real root of the derivation's last line (SymPy's solve)."""
    (root,) = sp.solve(_second_derivative(), x)
    return float(root) + 0.0  # -0.0 -> 0.0


@value("act_ex_sigmoid_fastest_change_at", fmt="{:.4f}")
def sigmoid_fastest_change_at() -> tuple[float, float]:
    """The two points where the sigmoid's slope changes fastest (σ″ largest in size), left one first."""
    return _fastest_change_points()


@value("act_ex_sigmoid_second_max", fmt="{:.4f}")
def sigmoid_second_max() -> float:
    """The largest value of σ″, reached at the left point (where σ is below ½ and 1 − 2σ positive)."""
    return float(_second_derivative().subs(x, _fastest_change_points()[0]))


# ---------------------------------------------------------------- exercise 2: tanh′ from the sigmoid
s2 = sigma(2 * x)

tanh_derivative_via_sigmoid = derivation(
    "act_ex_tanh_derivative_via_sigmoid",
    title_en="tanh′ from the rescaled sigmoid: [[relation]]",
    title_zh="由缩放平移后的 sigmoid 求 tanh′：[[relation]]",
    steps=[
        Step(sp.Derivative(sp.tanh(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(_sum(2 * s2, -1), x), "[[relation:tanh_from_sigmoid]]", "[[relation:tanh_from_sigmoid]]"),
        Step(
            product(4, s2, 1 - s2),
            r"chain rule: the outer 2 times the inner $2x$'s factor 2, and [[relation:sigmoid_derivative]] at $2x$",
            r"链式法则：外层的 2 乘以内层 $2x$ 带来的因子 2，再在 $2x$ 处用 [[relation:sigmoid_derivative]]",
        ),
        Step(
            product(4, s2, sigma(-2 * x)),
            r"[[relation:sigmoid_complement]] at $2x$",
            r"在 $2x$ 处用 [[relation:sigmoid_complement]]",
        ),
    ],
    domain={x: (-10.0, 10.0)},
    definitions=DEFINITIONS,
    mutations=[
        flip_sign(),
        substitute(4, 2, what="the inner factor 2 of the chain rule forgotten"),
        substitute(sigma(-2 * x), sigma(2 * x), what="σ(2x) instead of σ(−2x)"),
    ],
)


@value("act_ex_tanh_slope_at_0", fmt="{:g}")
def tanh_slope_at_zero() -> float:
    """tanh′(0) from the derivation's last line: 4 · σ(0) · σ(0)."""
    return float(tanh_derivative_via_sigmoid.final.doit().subs(sigma, SIGMOID).subs(x, 0))


@value("act_ex_tanh_to_sigmoid_slope_ratio", fmt="{:g}")
def tanh_to_sigmoid_slope_ratio() -> float:
    """tanh′(0) / σ′(0): how much steeper tanh is at its centre."""
    return tanh_slope_at_zero() / float(sp.diff(SIGMOID(x), x).subs(x, 0))
