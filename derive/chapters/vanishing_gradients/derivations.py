"""Vanishing gradients on paper: the chain rule through a deep chain, the sigmoid's bound per layer, and how
the weights' variance sets each layer's gain (the 1/n, He and Xavier scalings).

The chain mirrors the one in the "Gradient Descent" post (§1.12): three layers, y = σ(w₂ σ(w₁ σ(w₀ x))), and
its gradient with respect to the first weight, one factor w σ′ per layer above it.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import scale_step, substitute
from derive.core.notation import product, sum_as_written
from derive.core.registry import Step, derivation, fact, hypothesis


class Named(sp.Symbol):
    """A symbol with a plain name (for [[def:NAME]] references) that prints as the given LaTeX."""

    def __new__(cls, name: str, tex: str, **assumptions):
        obj = super().__new__(cls, name, **assumptions)
        obj._tex = tex
        return obj

    def _latex(self, printer) -> str:
        return self._tex


t = sp.Symbol("t", real=True)
x = sp.Symbol("x", real=True)
w0, w1, w2 = sp.symbols("w_0 w_1 w_2", real=True)
z0, z1, z2 = sp.symbols("z_0 z_1 z_2", real=True)

# Display names: σ and σ′ as functions, z_k as the pre-activations of the three layers.
sigma = sp.Function("sigma")
sigma_prime = sp.Function(r"\sigma'")
SIGMOID = sp.Lambda(t, 1 / (1 + sp.exp(-t)))
SLOPE = sp.Lambda(t, product(sigma(t), 1 - sigma(t)))  # the proved σ′ = σ(1 − σ), see the activations chapter
CHAIN = {sigma: SIGMOID, sigma_prime: SLOPE, z0: w0 * x, z1: w1 * sigma(z0), z2: w2 * sigma(z1)}
QUARTER = sp.Rational(1, 4)

# ---------------------------------------------------------------- the gradient of a deep chain

chain_gradient = derivation(
    "vg_chain_gradient",
    title_en="The gradient of a three-layer chain with respect to its first weight",
    title_zh="三层链对第一层权重的梯度",
    steps=[
        Step(
            sp.Derivative(sigma(z2), w0),
            "the output's slope with respect to the first layer's weight",
            "输出对第一层权重的导数",
        ),
        Step(
            product(sigma_prime(z2), sp.Derivative(z2, w0)),
            "chain rule through the last sigmoid",
            "对最后一个 sigmoid 用链式法则",
        ),
        Step(
            product(sigma_prime(z2), w2, sigma_prime(z1), sp.Derivative(z1, w0)),
            r"$z_2$ is $w_2$ times the middle layer's output; chain rule again",
            r"$z_2$ 是 $w_2$ 乘以中间层的输出；再用一次链式法则",
        ),
        Step(
            product(sigma_prime(z2), w2, sigma_prime(z1), w1, sigma_prime(z0), x),
            "the same once more down to the input: one factor per layer",
            "同样一直推到输入：每层贡献一个因子",
        ),
    ],
    domain={x: (0.0, 1.0), w0: (-2.0, 2.0), w1: (-2.0, 2.0), w2: (-2.0, 2.0)},
    definitions=CHAIN,
    mutations=[
        substitute(w1, 1, what="the middle layer's weight dropped"),
        substitute(sigma_prime(z0), sigma(z0), what="σ(z₀) instead of σ′(z₀)"),
    ],
)

a_prev = Named("a_prev", "a_{k-1}", real=True)
w_k = sp.Symbol("w_k", real=True)
z_k = sp.Symbol("z_k", real=True)

layer_factor = fact(
    "vg_layer_factor",
    sp.Derivative(sigma(z_k), a_prev),
    product(w_k, sigma_prime(z_k)),
    en=r"chain rule through one layer, with $z_k$ its weight times its input",
    zh=r"对一层用链式法则，$z_k$ 是该层权重乘以输入",
    domain={a_prev: (-2.0, 2.0), w_k: (-2.0, 2.0)},
    definitions={sigma: SIGMOID, sigma_prime: SLOPE, z_k: w_k * a_prev},
    mutations=[substitute(w_k, 1, what="the weight dropped from the layer's factor")],
)

# ---------------------------------------------------------------- the sigmoid's share: at most (1/4)^n

s1, s2, s3 = sp.symbols("z_1 z_2 z_3", real=True)
HALF = sp.Rational(1, 2)
_bound_reason_en = r"[[relation:sigmoid_derivative_bound]] for one more factor"
_bound_reason_zh = r"对下一个因子用 [[relation:sigmoid_derivative_bound]]"

slope_product_bound = derivation(
    "vg_slope_product_bound",
    title_en="Three sigmoid slopes multiply to at most [[final]]",
    title_zh="三个 sigmoid 斜率之积至多为 [[final]]",
    steps=[
        Step(
            product(sigma_prime(s1), sigma_prime(s2), sigma_prime(s3)),
            "the sigmoid factors of three layers",
            "三层的 sigmoid 因子",
        ),
        Step(product(QUARTER, sigma_prime(s2), sigma_prime(s3)), _bound_reason_en, _bound_reason_zh, relation="<="),
        Step(product(QUARTER, QUARTER, sigma_prime(s3)), _bound_reason_en, _bound_reason_zh, relation="<="),
        Step(
            product(QUARTER, QUARTER, QUARTER - (sigma(s3) - HALF) ** 2),
            "complete the square in the last factor",
            "对最后一个因子配方",
        ),
        Step(QUARTER**3, "a square is never negative", "平方项非负", relation="<="),
    ],
    # |z| < 1.5 keeps every slope above 1/8, so a bound halved anywhere is caught at the sample points
    domain={s1: (-1.5, 1.5), s2: (-1.5, 1.5), s3: (-1.5, 1.5)},
    definitions={sigma: SIGMOID, sigma_prime: SLOPE},
    mutations=[
        scale_step(sp.Rational(1, 2)),
        substitute(
            QUARTER - (sigma(s3) - HALF) ** 2,
            QUARTER + (sigma(s3) - HALF) ** 2,
            step=3,
            what="the square added instead of subtracted",
        ),
    ],
)

# ---------------------------------------------------------------- the weights' share: the variance of a layer

n = sp.Symbol("n", integer=True, positive=True)
var_w = Named("var_w", r"\operatorname{Var}(w)", positive=True)
mean_w = Named("mean_w", r"\mathbb{E}[w]", real=True)
msq_w = Named("msq_w", r"\mathbb{E}[w^2]", positive=True)
mean_x = Named("mean_x", r"\mathbb{E}[x]", real=True)
msq_x = Named("msq_x", r"\mathbb{E}[x^2]", positive=True)

zero_mean_weights = hypothesis(
    "vg_zero_mean_weights",
    sp.Eq(mean_w, 0),
    kind="assumption",
    en="the weights are drawn independently of each other and of the inputs, with mean zero",
    zh="权重彼此独立、与输入独立，且均值为零",
)

layer_variance = derivation(
    "vg_layer_variance",
    title_en="The mean square of one unit's weighted sum of n inputs",
    title_zh="一个单元对 n 个输入加权求和后的均方",
    steps=[
        Step(
            sum_as_written(product(n, msq_w, msq_x), product(n * (n - 1), mean_w**2, mean_x**2)),
            "square the sum: n squared terms and n(n − 1) cross terms, each expectation factorised by independence",
            "把和式平方：n 个平方项与 n(n − 1) 个交叉项，由独立性把每个期望拆成乘积",
        ),
        Step(
            product(n, msq_w, msq_x),
            "the cross terms vanish: [[hypothesis:vg_zero_mean_weights]]",
            "交叉项为零：[[hypothesis:vg_zero_mean_weights]]",
        ),
        Step(
            product(n, var_w, msq_x),
            "with mean zero, the weights' mean square is their variance",
            "均值为零时，权重的均方就是方差",
        ),
    ],
    domain={n: [1, 2, 3, 10, 1000], var_w: (0.001, 2.0), mean_x: (0.0, 1.0), msq_x: (1.0, 3.0)},
    definitions={mean_w: sp.Integer(0), msq_w: var_w},
    mutations=[
        substitute(n, sp.sqrt(n), step=2, what="√n instead of n"),
        substitute(msq_x, mean_x**2, step=2, what="E[x]² instead of E[x²]"),
    ],
)

unit_gain = fact(
    "vg_unit_gain",
    product(n, var_w),
    sp.Integer(1),
    en=r"the source's initialisation: standard deviation $1/\sqrt{n}$",
    zh=r"原文的初始化：标准差为 $1/\sqrt{n}$",
    domain={n: [1, 10, 1000]},
    definitions={var_w: 1 / n},
    mutations=[substitute(sp.Integer(1), sp.Integer(2), what="gain 2 instead of 1")],
)

# He: ReLU zeroes the negative half of a symmetric z, so it keeps half of the mean square.
q = sp.Symbol("q", positive=True)
zeta = sp.Symbol("z", real=True)
relu_msq = Named("relu_msq", r"\mathbb{E}[\mathrm{ReLU}(z)^2]", positive=True)
gauss_pdf = sp.exp(-(zeta**2) / (2 * q)) / sp.sqrt(2 * sp.pi * q)

relu_half_power = derivation(
    "vg_relu_half_power",
    title_en="ReLU keeps half of a Gaussian's mean square",
    title_zh="ReLU 保留高斯变量均方的一半",
    steps=[
        Step(
            relu_msq,
            r"the mean square after ReLU, for $z$ Gaussian with mean 0 and variance $q$",
            r"ReLU 输出的均方，$z$ 服从均值 0、方差 $q$ 的高斯分布",
        ),
        Step(
            sp.Integral(zeta**2 * gauss_pdf, (zeta, 0, sp.oo)), "ReLU is 0 on the negative half", "ReLU 在负半轴上为 0"
        ),
        Step(q / 2, "half of the Gaussian's second moment, by symmetry", "由对称性，是高斯二阶矩的一半"),
    ],
    domain={q: (0.01, 5.0)},
    definitions={relu_msq: sp.Integral(zeta**2 * gauss_pdf, (zeta, 0, sp.oo))},
    mutations=[scale_step(2), substitute(sp.Rational(1, 2), sp.Rational(1, 4), what="a quarter instead of a half")],
)

he_gain = derivation(
    "vg_he_gain",
    title_en="He's initialisation keeps a ReLU layer's gain at [[final]]",
    title_zh="He 初始化让 ReLU 层的增益保持为 [[final]]",
    steps=[
        Step(
            sp.Mul(product(n, var_w, relu_msq), sp.Pow(q, -1), evaluate=False),
            "[[relation:vg_layer_variance]] with a ReLU input, over the input's variance $q$",
            "输入经过 ReLU 时用 [[relation:vg_layer_variance]]，再除以输入的方差 $q$",
        ),
        Step(
            sp.Mul(product(n, var_w, q / 2), sp.Pow(q, -1), evaluate=False),
            "[[relation:vg_relu_half_power]]",
            "[[relation:vg_relu_half_power]]",
        ),
        Step(sp.Integer(1), r"He's choice [[def:var_w]]", r"He 的取法 [[def:var_w]]"),
    ],
    domain={n: [1, 10, 1000], q: (0.01, 5.0)},
    definitions={var_w: 2 / n, relu_msq: sp.Integral(zeta**2 * gauss_pdf, (zeta, 0, sp.oo))},
    mutations=[substitute(q / 2, q, step=1, what="ReLU keeping the whole mean square")],
)

n_in = Named("n_in", r"n_{\mathrm{in}}", integer=True, positive=True)
n_out = Named("n_out", r"n_{\mathrm{out}}", integer=True, positive=True)
var_xavier = Named("var_xavier", r"\operatorname{Var}_{\mathrm{Xavier}}(w)", positive=True)

xavier_square = derivation(
    "vg_xavier_square",
    title_en="For a square layer, Xavier's variance is the source's [[final]]",
    title_zh="对方阵层，Xavier 的方差就是原文的 [[final]]",
    steps=[
        Step(
            var_xavier,
            "Xavier's compromise between the forward and the backward gain",
            "Xavier 在前向增益与反向增益之间的折中",
        ),
        Step(2 / (n_in + n_out), r"[[def:var_xavier]]", r"[[def:var_xavier]]"),
        Step(1 / n, r"a square layer: $n$ inputs and $n$ outputs", r"方阵层：$n$ 个输入、$n$ 个输出"),
    ],
    domain={n: [1, 10, 1000]},
    definitions={var_xavier: 2 / (n_in + n_out), n_in: n, n_out: n},
    mutations=[substitute(1 / n, 2 / n, what="2/n instead of 1/n")],
)
