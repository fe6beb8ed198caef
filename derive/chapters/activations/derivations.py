"""Activation functions: sigmoid, tanh and ReLU, and their derivatives, as proved SymPy chains.

Each derivative sits next to its function, as in micrograd: read the SymPy chain here, then the NumPy
code in derive/numerics/activations.py (tests tie the two together).
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.activations.definitions import DEFINITIONS, RELU, SIGMOID, relu_fn, sigma, x  # noqa: F401
from derive.core.mutations import flip_sign, scale_step, substitute
from derive.core.notation import product
from derive.core.registry import Step, derivation, fact, hypothesis

# ---------------------------------------------------------------- sigmoid
e = sp.exp(-x)

sigmoid_tail = fact(
    "sigmoid_tail_fraction",
    e / (1 + e),
    1 - sigma(x),
    en="common denominator with [[def:sigma]]",
    zh="按 [[def:sigma]] 通分",
    domain={x: (-30.0, 30.0)},
    definitions=DEFINITIONS,
    mutations=[substitute(1 - sigma(x), sigma(x), what="σ(x) instead of 1 − σ(x)")],
)

sigmoid_derivative = derivation(
    "sigmoid_derivative",
    title_en="The derivative of the sigmoid is [[final]]",
    title_zh="sigmoid 的导数等于 [[final]]",
    steps=[
        Step(sp.Derivative(sigma(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(1 / (1 + e), x), "definition [[def:sigma]]", "代入定义 [[def:sigma]]"),
        Step(e / (1 + e) ** 2, r"chain rule on $(1+e^{-x})^{-1}$", r"对 $(1+e^{-x})^{-1}$ 用链式法则"),
        Step(product(1 / (1 + e), e / (1 + e)), "split into two factors", "拆成两个因子之积"),
        Step(
            product(sigma(x), 1 - sigma(x)),
            "[[relation:sigmoid_tail_fraction]] (see below)",
            "[[relation:sigmoid_tail_fraction]]（见下文）",
        ),
    ],
    domain={x: (-30.0, 30.0)},
    definitions=DEFINITIONS,
    mutations=[
        flip_sign(),
        substitute(1 - sigma(x), 1 + sigma(x), what="1 − σ replaced by 1 + σ"),
        substitute((1 + e) ** -2, (1 + e) ** -1, step=2, what="square dropped from the denominator"),
    ],
)

sigmoid_derivative_bound = derivation(
    "sigmoid_derivative_bound",
    title_en="The sigmoid's slope is at most 1/4",
    title_zh="sigmoid 的斜率不超过 1/4",
    steps=[
        Step(
            product(sigma(x), 1 - sigma(x)), r"$\sigma'(x)$, from the derivation above", r"$\sigma'(x)$，见上一个推导"
        ),
        Step(sp.Rational(1, 4) - (sigma(x) - sp.Rational(1, 2)) ** 2, "complete the square", "配方"),
        Step(sp.Rational(1, 4), "a square is never negative", "平方项非负", relation="<="),
    ],
    domain={x: (-30.0, 30.0)},
    definitions=DEFINITIONS,
    mutations=[
        scale_step(sp.Rational(1, 2)),  # claims sigma' <= 1/8, false near x = 0
        substitute(sp.Rational(1, 4), sp.Rational(1, 2), step=1, what="wrong constant when completing the square"),
    ],
)

sigmoid_complement = derivation(
    "sigmoid_complement",
    title_en="[[relation]]: the complement without a subtraction",
    title_zh="[[relation]]：不做减法也能算出补数",
    steps=[
        Step(1 - sigma(x), "the complement", "补数"),
        Step(1 - 1 / (1 + e), r"definition of $\sigma$", r"代入 $\sigma$ 的定义"),
        Step(e / (1 + e), "common denominator", "通分"),
        Step(1 / (1 + sp.exp(x)), r"divide top and bottom by $e^{-x}$", r"分子分母同除以 $e^{-x}$"),
        Step(sigma(-x), r"definition of $\sigma$ at $-x$", r"$\sigma$ 在 $-x$ 处的定义"),
    ],
    domain={x: (-30.0, 30.0)},
    definitions=DEFINITIONS,
    mutations=[substitute(sigma(-x), sigma(x), what="σ(x) instead of σ(−x)"), flip_sign()],
)

# ---------------------------------------------------------------- tanh
tanh_quotient = fact(
    "tanh_quotient",
    sp.tanh(x),
    sp.sinh(x) / sp.cosh(x),
    en="definition of tanh",
    zh="tanh 的定义",
    domain={x: (-10.0, 10.0)},
    mutations=[substitute(sp.cosh(x), sp.exp(x), what="cosh replaced by exp")],
)

tanh_derivative = derivation(
    "tanh_derivative",
    title_en="The derivative of tanh is [[final]]",
    title_zh="tanh 的导数等于 [[final]]",
    steps=[
        Step(sp.Derivative(sp.tanh(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(sp.sinh(x) / sp.cosh(x), x), "[[relation:tanh_quotient]]", "[[relation:tanh_quotient]]"),
        Step((sp.cosh(x) ** 2 - sp.sinh(x) ** 2) / sp.cosh(x) ** 2, "quotient rule", "商的求导法则"),
        Step(1 - sp.tanh(x) ** 2, r"divide through by $\cosh^2 x$", r"分子分母同除以 $\cosh^2 x$"),
    ],
    domain={x: (-10.0, 10.0)},
    mutations=[flip_sign(), substitute(sp.tanh(x) ** 2, sp.tanh(x), what="square dropped")],
)

tanh_from_sigmoid = derivation(
    "tanh_from_sigmoid",
    title_en="tanh is a rescaled sigmoid: [[relation]]",
    title_zh="tanh 是缩放平移后的 sigmoid：[[relation]]",
    steps=[
        Step(sp.tanh(x), "the function", "原函数"),
        Step((sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x)), "definition with exponentials", "用指数函数写出定义"),
        Step(
            (1 - sp.exp(-2 * x)) / (1 + sp.exp(-2 * x)),
            r"multiply top and bottom by $e^{-x}$",
            r"分子分母同乘 $e^{-x}$",
        ),
        Step(
            2 / (1 + sp.exp(-2 * x)) - 1,
            r"write the numerator $1 - u$ as $2 - (1 + u)$",
            r"把分子 $1 - u$ 写成 $2 - (1 + u)$",
        ),
        Step(2 * sigma(2 * x) - 1, r"definition of $\sigma$ at $2x$", r"$\sigma$ 在 $2x$ 处的定义"),
    ],
    domain={x: (-10.0, 10.0)},
    definitions=DEFINITIONS,
    mutations=[
        substitute(sigma(2 * x), sigma(x), what="σ(x) instead of σ(2x)"),
        substitute(-1, 1, what="+1 instead of −1"),
    ],
)

# ---------------------------------------------------------------- ReLU
RELU_PRIME = sp.Function(r"\mathrm{ReLU}'")  # a display name: ReLU has no derivative at 0 to compute

relu_at_zero = hypothesis(
    "relu_derivative_at_zero",
    sp.Eq(RELU_PRIME(0), 0, evaluate=False),
    kind="convention",
    en="ReLU has no derivative at 0; code returns 0 there (a subgradient, and PyTorch's choice)",
    zh="ReLU 在 0 处不可导；代码在那里返回 0（它是一个次梯度，也是 PyTorch 的取法）",
)

relu_derivative = derivation(
    "relu_derivative",
    title_en="The derivative of ReLU is a step: 0 on the negative side, 1 on the positive side",
    title_zh="ReLU 的导数是阶跃函数：负半轴上为 0，正半轴上为 1",
    steps=[
        Step(sp.Derivative(relu_fn(x), x), "the quantity we want", "待求的导数"),
        Step(
            sp.Derivative(sp.Piecewise((0, x <= 0), (x, True)), x),
            "definition [[def:ReLU]], piece by piece",
            "按定义 [[def:ReLU]] 分段写出",
        ),
        Step(
            sp.Piecewise((0, x <= 0), (1, True)),
            "differentiate each piece; at 0 we take the convention [[hypothesis:relu_derivative_at_zero]]",
            "逐段求导；在 0 处采用约定 [[hypothesis:relu_derivative_at_zero]]",
        ),
        Step(
            sp.Heaviside(x, 0),
            r"the Heaviside step $\theta$, with the value 0 at 0 (its second argument)",
            r"即单位阶跃函数 $\theta$，它在 0 处取第二个参数给出的值 0",
        ),
    ],
    domain={x: (-5.0, 5.0)},
    definitions=DEFINITIONS,
    mutations=[flip_sign(), substitute(sp.Heaviside(x, 0), sp.Heaviside(-x, 0), what="step mirrored")],
)
