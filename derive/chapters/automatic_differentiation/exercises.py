"""The answers to the page's exercises, proved or computed here.

1. The derivative of x e^x by the engine's own rules (product rule, then the exponential), and the
   engine's and dual numbers' value of it at 1.
2. The source's two-link chain differentiated with respect to the first bias, proved and run on the
   chapter's draw.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.chapters.automatic_differentiation import experiments as ex
from derive.chapters.automatic_differentiation.derivations import LINK_DOMAIN, Y1, _d, b1, b2, w1, w2, x, x1
from derive.core.mutations import substitute
from derive.core.notation import product, sum_as_written
from derive.core.registry import Step, derivation, value
from derive.numerics.autograd import Value
from derive.numerics.dual import forward_gradient, reverse_gradient

# ---------------------------------------------------------------- exercise 1: x e^x
X_EXP_POINT = 1.0

x_exp_derivative = derivation(
    "ad_ex_x_exp_derivative",
    title_en=r"The derivative of $x e^x$ from the engine's rules: [[final]]",
    title_zh=r"用引擎的规则求 $x e^x$ 的导数：[[final]]",
    steps=[
        Step(
            sp.Derivative(x * sp.exp(x), x),
            "a product node whose second factor is an exp node",
            "乘法节点，第二个因子是指数节点",
        ),
        Step(
            sum_as_written(product(_d(x, x), sp.exp(x)), product(x, _d(sp.exp(x), x))),
            "[[relation:product_rule]]: each factor receives the other, times its own derivative",
            "[[relation:product_rule]]：每个因子收到另一个因子，再乘以它自己的导数",
        ),
        Step(
            sum_as_written(sp.exp(x), product(x, sp.exp(x))),
            r"[[relation:exp_derivative]], and $x$ changes one for one with itself",
            r"[[relation:exp_derivative]]，且 $x$ 对自身的导数为 1",
        ),
        Step(product(1 + x, sp.exp(x)), r"factor out $e^x$", r"提出公因子 $e^x$"),
    ],
    domain={x: (-4.0, 4.0)},
    mutations=[
        substitute(1 + x, x, what="the first term of the product rule lost"),
        substitute(1 + x, 1, what="the second term of the product rule lost"),
    ],
)


def x_exp(v):
    """x e^x for a Value or a Dual (both have .exp())."""
    return v * v.exp()


@value("ad_ex_x_exp_reverse", fmt="{:.15g}")
def x_exp_reverse() -> float:
    (slope,) = reverse_gradient(lambda xs: x_exp(xs[0]), [X_EXP_POINT])
    return slope


@value("ad_ex_x_exp_forward", fmt="{:.15g}")
def x_exp_forward() -> float:
    (slope,) = forward_gradient(lambda xs: x_exp(xs[0]), [X_EXP_POINT])
    return slope


# ---------------------------------------------------------------- exercise 2: the two links and the first bias
chain_bias = derivation(
    "ad_ex_chain_bias",
    title_en=r"The two links differentiated with respect to the first bias: [[final]]",
    title_zh=r"两个环节对第一个偏置求导：[[final]]",
    steps=[
        Step(
            sp.Derivative((x1 * w1 + b1) * w2 + b2, b1),
            r"$y_2$ as a function of $b_1$, through $y_1$",
            r"经过 $y_1$，把 $y_2$ 写成 $b_1$ 的函数",
        ),
        Step(
            product(w2, _d(Y1, b1)),
            "chain rule: the outer link's derivative [[relation:ad_link_outer]] times the inner link's slope in "
            "its bias",
            "链式法则：外层环节的导数 [[relation:ad_link_outer]] 乘以内层环节对其偏置的斜率",
        ),
        Step(
            w2,
            "[[relation:sum_rule]]: the bias passes the gradient on unchanged",
            "[[relation:sum_rule]]：偏置把梯度原样传下去",
        ),
    ],
    domain={k: LINK_DOMAIN[k] for k in (x1, w1, b1, w2, b2)},
    mutations=[
        substitute(w2, x1, what="the input instead of the outer weight"),
        substitute(w2, sp.Integer(1), what="the outer link's factor dropped"),
    ],
)


@value("ad_ex_chain_db1", fmt="{!r}")
def chain_db1() -> float:
    """∂y₂/∂b₁ from one backward pass of the engine, on the draw of the page's two-link example."""
    x1_value, weights, biases = ex.draw_links(np.random.default_rng(ex.SEED), 2)
    bias = Value(biases[0])
    y2 = (x1_value * Value(weights[0]) + bias) * weights[1] + biases[1]
    y2.backward()
    return bias.grad
