"""Activation functions: sigmoid, tanh and ReLU, their derivatives (SymPy), and stable NumPy versions.

Each derivative sits next to its function, as in micrograd: read the SymPy chain, then the NumPy code.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.numerics.activations import sigmoid, sigmoid_derivative_np  # noqa: F401  (the code the page shows)
from derive.core.registry import Step, derivation, value
from derive.core.notation import product
from derive.core.mutations import flip_sign, scale_step, substitute

x = sp.Symbol("x", real=True)

# Display names. Pages show sigma(x), tanh(x), ReLU(x); the checker expands them into what they mean.
sigma = sp.Function("sigma")
relu_fn = sp.Function("ReLU")
SIGMOID = sp.Lambda(x, 1 / (1 + sp.exp(-x)))
RELU = sp.Lambda(x, sp.Piecewise((0, x <= 0), (x, True)))
DEFINITIONS = {sigma: SIGMOID, relu_fn: RELU}



# ---------------------------------------------------------------- sigmoid
e = sp.exp(-x)
sigmoid_derivative = derivation(
    "sigmoid_derivative",
    title_en="The derivative of the sigmoid is σ(x)(1 − σ(x))",
    title_zh="sigmoid 的导数等于 σ(x)(1 − σ(x))",
    steps=[
        Step(sp.Derivative(sigma(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(1 / (1 + e), x), r"definition $\sigma(x) = \frac{1}{1+e^{-x}}$",
             r"代入定义 $\sigma(x) = \frac{1}{1+e^{-x}}$"),
        Step(e / (1 + e) ** 2, r"chain rule on $(1+e^{-x})^{-1}$", r"对 $(1+e^{-x})^{-1}$ 用链式法则"),
        Step(product(1 / (1 + e), e / (1 + e)), "split into two factors", "拆成两个因子之积"),
        Step(product(sigma(x), 1 - sigma(x)), r"$\frac{e^{-x}}{1+e^{-x}} = 1 - \sigma(x)$ (see below)",
             r"$\frac{e^{-x}}{1+e^{-x}} = 1 - \sigma(x)$（见下文）"),
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
        Step(product(sigma(x), 1 - sigma(x)), r"$\sigma'(x)$, from the derivation above", r"$\sigma'(x)$，见上一个推导"),
        Step(sp.Rational(1, 4) - (sigma(x) - sp.Rational(1, 2)) ** 2, "complete the square",
             "配方"),
        Step(sp.Rational(1, 4), "a square is never negative", "平方项非负", relation="<="),
    ],
    domain={x: (-30.0, 30.0)},
    definitions=DEFINITIONS,
    mutations=[
        scale_step(sp.Rational(1, 2)),  # claims sigma' <= 1/8, false near x = 0
        substitute(sp.Rational(1, 4), sp.Rational(1, 2), step=1, what="wrong constant when completing the square"),
    ],
)


@value("sigmoid_prime_max", fmt="{:.2f}")
def sigmoid_prime_at_zero() -> float:
    """σ′(0): the bound 1/4 is attained there, since σ(0) = 1/2 makes the square vanish."""
    return float(sp.diff(SIGMOID(x), x).subs(x, 0))


@value("sigmoid_prime_at_6", fmt="{:.4f}")
def sigmoid_prime_at_six() -> float:
    """σ′(6): how flat the sigmoid already is at a logit of 6."""
    return float(sp.diff(SIGMOID(x), x).subs(x, 6).evalf())


sigmoid_complement = derivation(
    "sigmoid_complement",
    title_en="1 − σ(x) = σ(−x): the complement without a subtraction",
    title_zh="1 − σ(x) = σ(−x)：不做减法也能算出补数",
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
tanh_derivative = derivation(
    "tanh_derivative",
    title_en="The derivative of tanh is 1 − tanh²(x)",
    title_zh="tanh 的导数等于 1 − tanh²(x)",
    steps=[
        Step(sp.Derivative(sp.tanh(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(sp.sinh(x) / sp.cosh(x), x), "tanh = sinh/cosh", "tanh = sinh/cosh"),
        Step((sp.cosh(x) ** 2 - sp.sinh(x) ** 2) / sp.cosh(x) ** 2, "quotient rule", "商的求导法则"),
        Step(1 - sp.tanh(x) ** 2, r"divide through by $\cosh^2 x$", r"分子分母同除以 $\cosh^2 x$"),
    ],
    domain={x: (-10.0, 10.0)},
    mutations=[flip_sign(), substitute(sp.tanh(x) ** 2, sp.tanh(x), what="square dropped")],
)

tanh_from_sigmoid = derivation(
    "tanh_from_sigmoid",
    title_en="tanh is a rescaled sigmoid: tanh(x) = 2σ(2x) − 1",
    title_zh="tanh 是缩放平移后的 sigmoid：tanh(x) = 2σ(2x) − 1",
    steps=[
        Step(sp.tanh(x), "the function", "原函数"),
        Step((sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x)), "definition with exponentials",
             "用指数函数写出定义"),
        Step((1 - sp.exp(-2 * x)) / (1 + sp.exp(-2 * x)), r"multiply top and bottom by $e^{-x}$",
             r"分子分母同乘 $e^{-x}$"),
        Step(2 / (1 + sp.exp(-2 * x)) - 1, r"$1 - u = 2 - (1 + u)$", r"$1 - u = 2 - (1 + u)$"),
        Step(2 * sigma(2 * x) - 1, r"definition of $\sigma$ at $2x$", r"$\sigma$ 在 $2x$ 处的定义"),
    ],
    domain={x: (-10.0, 10.0)},
    definitions=DEFINITIONS,
    mutations=[substitute(sigma(2 * x), sigma(x), what="σ(x) instead of σ(2x)"),
               substitute(-1, 1, what="+1 instead of −1")],
)


# ---------------------------------------------------------------- ReLU
relu_derivative = derivation(
    "relu_derivative",
    title_en="The derivative of ReLU is a step (0 for x < 0, 1 for x > 0)",
    title_zh="ReLU 的导数是阶跃函数（x < 0 时为 0，x > 0 时为 1）",
    steps=[
        Step(sp.Derivative(relu_fn(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Derivative(sp.Piecewise((0, x <= 0), (x, True)), x), r"$\mathrm{ReLU}(x) = \max(0, x)$, piece by piece",
             r"$\mathrm{ReLU}(x) = \max(0, x)$，分段写出"),
        Step(sp.Piecewise((0, x <= 0), (1, True)),
             r"differentiate each piece; at $x = 0$ we take 0 (PyTorch's convention)",
             r"逐段求导；$x = 0$ 处取 0（与 PyTorch 的约定一致）"),
        Step(sp.Heaviside(x, 0), r"the Heaviside step with $H(0) = 0$", r"即 $H(0) = 0$ 的单位阶跃函数"),
    ],
    domain={x: (-5.0, 5.0)},
    definitions=DEFINITIONS,
    mutations=[flip_sign(), substitute(sp.Heaviside(x, 0), sp.Heaviside(-x, 0), what="step mirrored")],
)


@value("sigmoid_30_layer_bound", fmt="{:.1e}")
def sigmoid_chain_bound() -> float:
    """The largest factor 30 stacked sigmoids can contribute to a gradient: (max σ′)^30 = (1/4)^30."""
    return sigmoid_prime_at_zero() ** 30


@value("sigmoid_naive_prime_at_minus_800", fmt="{}")
def naive_sigmoid_prime() -> str:
    """What lambdify of SymPy's raw derivative e^-x/(1+e^-x)^2 returns at x = -800: inf/inf = nan."""
    naive = sp.lambdify(x, sp.diff(SIGMOID(x), x), "numpy")
    with np.errstate(all="ignore"):
        return str(naive(np.float64(-800.0)))


@value("sigmoid_stable_prime_at_minus_800", fmt="{:.3e}")
def stable_sigmoid_prime() -> float:
    return float(sigmoid_derivative_np(-800.0))


@value("sigmoid_true_prime_at_minus_800", fmt="{}")
def true_sigmoid_prime() -> str:
    """σ′(-800) at 30 digits: about 3.7e-348, below the smallest double, so 0.0 is the right float."""
    return str(sp.N(sp.diff(SIGMOID(x), x).subs(x, -800), 2))


@value("sigmoid_prime_at_40", fmt="{:.1e}")
def sigmoid_prime_at_forty() -> float:
    """σ′(40) through σ(x)σ(−x); the naive σ(1 − σ) gives 0.0 here."""
    return float(sigmoid_derivative_np(40.0))


@value("sigmoid_at_0", fmt="{:g}")
def sigmoid_at_zero() -> float:
    return float(SIGMOID(0))


def _saturation_point(dtype) -> float:
    """The smallest x of the given float type at which the computed sigmoid is exactly 1."""
    lo, hi = dtype(0), dtype(100)  # sigmoid(0) < 1 and sigmoid(100) == 1 in both types
    one = dtype(1)
    while True:
        mid = dtype((lo + hi) / 2)
        if mid in (lo, hi):
            return float(hi)
        if dtype(one / (one + np.exp(-mid))) == one:
            hi = mid
        else:
            lo = mid


@value("sigmoid_saturates_float64", fmt="{:.2f}")
def sigmoid_saturates_float64() -> float:
    """Beyond about 36.7, 1 + e^-x rounds to 1 in double precision: σ(x) is computed as exactly 1."""
    return _saturation_point(np.float64)


@value("sigmoid_saturates_float32", fmt="{:.2f}")
def sigmoid_saturates_float32() -> float:
    with np.errstate(under="ignore"):
        return _saturation_point(np.float32)


@value("exp_overflow_threshold", fmt="{:.2f}")
def exp_overflow_threshold() -> float:
    """The largest t with e^t finite in double precision: ln(largest double) ≈ 709.78."""
    return float(np.log(np.finfo(float).max))
