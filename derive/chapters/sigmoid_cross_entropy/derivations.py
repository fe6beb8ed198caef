"""Why a sigmoid output pairs with binary cross-entropy (BCE) rather than mean squared error (MSE).

The chain rule multiplies the loss's slope by the sigmoid's slope σ′ = σ(1 − σ), which is at most 1/4
and tiny for confident outputs. BCE's slope has a(1 − a) in its denominator, so the factor cancels and
∂J/∂h = (a − y)/m; MSE's slope does not, so its gradient vanishes where the output saturates.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.activations.definitions import SIGMOID, sigma
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import product
from derive.core.registry import Step, derivation, fact, hypothesis

h = sp.Symbol("h", real=True)  # the logit of one example
y = sp.Symbol("y", real=True)  # its target in [0, 1]
m = sp.Symbol("m", positive=True)  # the number of examples in the mean
a = sp.Symbol("a", real=True)  # the output a = σ(h)
t = sp.Symbol("t", real=True)  # any logit, in the softplus identity

J_bce = sp.Function("J_BCE")
J_mse = sp.Function("J_MSE")
DEFINITIONS = {
    a: sigma(h),
    sigma: SIGMOID,
    # The mean loss's dependence on one logit h: only that example's term contains h.
    J_bce: sp.Lambda(h, -(y * sp.log(sigma(h)) + (1 - y) * sp.log(1 - sigma(h))) / m),
    J_mse: sp.Lambda(h, (sigma(h) - y) ** 2 / m),
}
DOMAIN = {h: (-8.0, 8.0), y: (0.0, 1.0), m: (1.0, 64.0)}

# The page's setting, stated once: the output is the sigmoid of the logit (the same a as DEFINITIONS).
output = hypothesis(
    "sigmoid_output",
    sp.Eq(a, DEFINITIONS[a], evaluate=False),
    kind="definition",
    en="the predicted probability is the sigmoid of the logit",
    zh="预测概率是 logit 的 sigmoid",
)

# ∂J/∂a for one example, kept as written by hand: −(1/m)(y/a − (1 − y)/(1 − a))
slope_of_bce = product(
    -1 / m, sp.Add(y / a, sp.Mul(-1, sp.UnevaluatedExpr((1 - y) / (1 - a)), evaluate=False), evaluate=False)
)

bce_sigmoid_gradient = derivation(
    "bce_sigmoid_gradient",
    title_en="BCE after a sigmoid: [[relation]], the σ′ factor cancels",
    title_zh="sigmoid 之后接 BCE：[[relation]]，σ′ 因子被约去",
    steps=[
        Step(
            sp.Derivative(J_bce(h), h),
            "one example's term of the mean loss, [[def:a]]",
            "平均损失中含 $h$ 的那一项，[[def:a]]",
        ),
        Step(
            product(slope_of_bce, sp.Derivative(sigma(h), h)),
            r"chain rule: $\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
            r"链式法则：$\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
        ),
        Step(
            product(slope_of_bce, a * (1 - a)),
            "[[relation:sigmoid_derivative]], at $h$: $a(1 - a)$",
            "[[relation:sigmoid_derivative]]，在 $h$ 处即 $a(1 - a)$",
        ),
        Step(-(y * (1 - a) - (1 - y) * a) / m, r"$a(1 - a)$ cancels both denominators", r"$a(1 - a)$ 约去两个分母"),
        Step((a - y) / m, r"expand: the two $ya$ terms cancel", r"展开：两个 $ya$ 项相互抵消"),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[
        flip_sign(),
        substitute(m, 1, what="the 1/m of the mean dropped"),
        substitute(a * (1 - a), a, step=2, what="σ′ written as σ"),
    ],
)

mse_sigmoid_gradient = derivation(
    "mse_sigmoid_gradient",
    title_en="MSE after a sigmoid: the σ′ factor stays",
    title_zh="sigmoid 之后接 MSE：σ′ 因子保留了下来",
    steps=[
        Step(
            sp.Derivative(J_mse(h), h),
            "one example's term of the mean squared error, [[def:a]]",
            "均方误差中含 $h$ 的那一项，[[def:a]]",
        ),
        Step(
            product(2 / m, a - y, sp.Derivative(sigma(h), h)),
            r"chain rule: $\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
            r"链式法则：$\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
        ),
        Step(
            product(2 / m, a - y, a * (1 - a)),
            "[[relation:sigmoid_derivative]], at $h$: $a(1 - a)$, and nothing cancels it",
            "[[relation:sigmoid_derivative]]，在 $h$ 处即 $a(1 - a)$，没有任何因子能约去它",
        ),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[flip_sign(), substitute(a * (1 - a), 1, what="the σ′ factor dropped (the usual mistake)")],
)

# ---------------------------------------------------------------- BCE computed from the logit
softplus_of_minus = fact(
    "minus_log_sigmoid",
    -sp.log(sigma(t)),
    sp.log(1 + sp.exp(-t)),
    en="[[def:sigma]]: the log of a reciprocal",
    zh="由 [[def:sigma]]：倒数的对数",
    domain={t: (-20.0, 20.0)},
    definitions={sigma: SIGMOID},
    mutations=[substitute(sp.exp(-t), sp.exp(t), what="wrong sign in the exponent")],
)

bce_from_logit = derivation(
    "bce_from_logit",
    title_en="BCE written with the logit: no σ, no log of 0",
    title_zh="用 logit 写出 BCE：不出现 σ，也不会取 0 的对数",
    steps=[
        Step(
            -(y * sp.log(sigma(h)) + (1 - y) * sp.log(1 - sigma(h))),
            "one example's BCE, [[def:a]]",
            "单个样本的 BCE，[[def:a]]",
        ),
        Step(
            -(y * sp.log(sigma(h)) + (1 - y) * sp.log(sigma(-h))),
            "[[relation:sigmoid_complement]], at $h$",
            "[[relation:sigmoid_complement]]，在 $h$ 处",
        ),
        Step(
            y * sp.log(1 + sp.exp(-h)) + (1 - y) * sp.log(1 + sp.exp(h)),
            "[[relation:minus_log_sigmoid]], at $t$ equal to $h$ and to $-h$",
            "[[relation:minus_log_sigmoid]]，分别取 $t$ 为 $h$ 和 $-h$",
        ),
    ],
    domain={h: (-20.0, 20.0), y: (0.0, 1.0)},
    definitions=DEFINITIONS,
    mutations=[substitute(sp.exp(h), sp.exp(-h), what="wrong sign in the second softplus"), flip_sign()],
)

# ---------------------------------------------------------------- evidence for the errata (not shown as blocks)
w_in = sp.Symbol("w", real=True)  # a weight, an input and a bias of one example's logit w x + b
x_in = sp.Symbol("x", real=True)
b_in = sp.Symbol("b", real=True)

logit_input_slope = fact(
    "sigmoid_logit_input_slope",
    sp.Derivative(w_in * x_in + b_in, x_in),
    w_in,
    en="the logit $w x + b$ changes with the input at the rate of the weight",
    zh="logit $w x + b$ 随输入变化，变化率就是权重",
    domain={w_in: (-3.0, 3.0), x_in: (-3.0, 3.0), b_in: (-3.0, 3.0)},
    mutations=[substitute(w_in, 0, what="the input dropped from the logit")],
)

BATCH = 3  # a small batch, written out term by term
xs = sp.symbols(f"x_1:{BATCH + 1}", real=True)
ys = sp.symbols(f"y_1:{BATCH + 1}", real=True)
outs = sp.symbols(f"a_1:{BATCH + 1}", real=True)
J_batch = sp.Function("J")
BIAS_DEFINITIONS = {
    **{a_i: sigma(w_in * x_i + b_in) for a_i, x_i in zip(outs, xs, strict=True)},
    sigma: SIGMOID,
    J_batch: sp.Lambda(
        b_in,
        -sum(
            y_i * sp.log(sigma(w_in * x_i + b_in)) + (1 - y_i) * sp.log(1 - sigma(w_in * x_i + b_in))
            for x_i, y_i in zip(xs, ys, strict=True)
        )
        / BATCH,
    ),
}
_per_example = [
    sp.Mul(sp.Rational(1, BATCH) * (a_i - y_i), sp.Derivative(w_in * x_i + b_in, b_in), evaluate=False)
    for a_i, x_i, y_i in zip(outs, xs, ys, strict=True)
]

bce_bias_gradient = derivation(
    "bce_bias_gradient",
    title_en="The bias of a batch has one gradient, a sum over the examples",
    title_zh="一批样本共享的偏置只有一个梯度：对样本求和",
    steps=[
        Step(
            sp.Derivative(J_batch(b_in), b_in),
            "the mean BCE of a batch of three examples, as a function of the one bias $b$ they share",
            "三个样本的平均 BCE，看作它们共享的那一个偏置 $b$ 的函数",
        ),
        Step(
            sp.Add(*_per_example, evaluate=False),
            "chain rule through each example's logit $w x_i + b$, with [[relation:bce_sigmoid_gradient]] for each term",
            "对每个样本的 logit $w x_i + b$ 用链式法则，每一项都用到 [[relation:bce_sigmoid_gradient]]",
        ),
        Step(
            sp.Rational(1, BATCH) * sp.Add(*[a_i - y_i for a_i, y_i in zip(outs, ys, strict=True)], evaluate=False),
            "each logit has slope 1 in $b$: the result is one number, not one entry per example",
            "每个 logit 对 $b$ 的斜率都是 1：结果是一个数，而不是每个样本一个分量",
        ),
    ],
    domain={
        w_in: (-2.0, 2.0),
        b_in: (-2.0, 2.0),
        **{x_i: (-2.0, 2.0) for x_i in xs},
        **{y_i: (0.0, 1.0) for y_i in ys},
    },
    definitions=BIAS_DEFINITIONS,
    mutations=[flip_sign(), substitute(outs[0] - ys[0], ys[0] - outs[0], step=2, what="one error's sign flipped")],
)
