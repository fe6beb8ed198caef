"""A non-convex example, f(x) = x² sin x: its first and second derivatives, and the rules they use."""

from __future__ import annotations

import sympy as sp

from derive.chapters.gradient_descent.hypotheses import X2SINX
from derive.chapters.gradient_descent.symbols import x
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, fact

bumpy = X2SINX.relation.rhs

power_rule = fact(
    "gd_power_rule_x2",
    sp.Derivative(x**2, x),
    2 * x,
    en="power rule",
    zh="幂函数求导法则",
    domain={x: (-8.0, 8.0)},
    mutations=[substitute(2 * x, x, what="the 2 dropped")],
)

sine_rule = fact(
    "gd_sine_derivative",
    sp.Derivative(sp.sin(x), x),
    sp.cos(x),
    en="the derivative of the sine",
    zh="正弦函数的导数",
    domain={x: (-8.0, 8.0)},
    mutations=[substitute(sp.cos(x), sp.sin(x), what="the sine left undifferentiated")],
)

bumpy_derivative = derivation(
    "gd_x2sinx_derivative",
    title_en=r"The derivative of $x^2 \sin x$ is $2x \sin x + x^2 \cos x$",
    title_zh=r"$x^2 \sin x$ 的导数是 $2x \sin x + x^2 \cos x$",
    steps=[
        Step(
            sp.Derivative(bumpy, x),
            "the slope of [[hypothesis:gd_x2sinx_function]]",
            "[[hypothesis:gd_x2sinx_function]] 的斜率",
        ),
        Step(
            _sum(product(sp.sin(x), sp.Derivative(x**2, x)), product(x**2, sp.Derivative(sp.sin(x), x))),
            "product rule: differentiate one factor at a time, keep the other",
            "乘积的求导法则：每次只对一个因子求导，另一个因子保持不变",
        ),
        Step(
            _sum(product(2, x, sp.sin(x)), product(x**2, sp.cos(x))),
            "[[relation:gd_power_rule_x2]], [[relation:gd_sine_derivative]]",
            "[[relation:gd_power_rule_x2]]，[[relation:gd_sine_derivative]]",
        ),
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
        Step(
            _sum(2 * sp.sin(x), product(2, x, sp.cos(x)), product(2, x, sp.cos(x)), -(x**2) * sp.sin(x)),
            "product rule on both terms",
            "两项分别用乘积的求导法则",
        ),
        Step(_sum(product(2 - x**2, sp.sin(x)), product(4, x, sp.cos(x))), "collect terms", "合并同类项"),
    ],
    domain={x: (-8.0, 8.0)},
    mutations=[flip_sign(), substitute(4, 2, what="one of the two 2x cos x terms lost")],
)
