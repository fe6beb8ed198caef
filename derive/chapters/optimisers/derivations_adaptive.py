"""Adagrad, RMSprop and Adam, derived: what their first steps are, and Adam's bias correction from the
proved finite geometric sum.

The per-coordinate scale is the point of all three: each coordinate's step is its gradient divided by
(a running estimate of) its own size, so on the first step every coordinate moves by about the learning
rate, however steep or flat its direction is.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.optimisers.derivations_momentum import T_MINUS_1, i, t
from derive.core.mutations import substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, fact

alpha = sp.Symbol("alpha", positive=True)  # lr
eps = sp.Symbol("epsilon", positive=True)
g = sp.Symbol("g", real=True, nonzero=True)  # one coordinate of the first gradient
rho = sp.Symbol("rho", positive=True)  # RMSprop's smoothing constant (PyTorch's alpha)
beta1 = sp.Symbol("beta_1", positive=True, noninteger=True)
beta2 = sp.Symbol("beta_2", positive=True, noninteger=True)
s1, v1, m1 = sp.symbols("s_1 v_1 m_1", real=True)  # the accumulators after one step
m_hat, v_hat = sp.symbols(r"\hat{m}_1 \hat{v}_1", real=True)

ABS_G_EPS = _sum(sp.Abs(g), eps)  # |g| + ε, in the order written
GRADIENTS = [-40, -3, -sp.Rational(1, 2), sp.Rational(1, 4), 2, 900]  # steep and flat, either sign

# ---------------------------------------------------------------- Adagrad
adagrad_first_step = derivation(
    "opt_adagrad_first_step",
    title_en="Adagrad's first step moves each coordinate by [[final]], at most α whatever the gradient's size",
    title_zh="Adagrad 的第一步让每个坐标移动 [[final]]，无论梯度多大都不超过 α",
    steps=[
        Step(
            alpha * sp.Abs(g) / _sum(sp.sqrt(s1), eps),
            r"the size of the step $\alpha g / (\sqrt{s} + \epsilon)$ with the accumulated squares $s_1$",
            r"步长 $\alpha g / (\sqrt{s} + \epsilon)$ 的大小，$s_1$ 是累积的梯度平方",
        ),
        Step(
            alpha * sp.Abs(g) / (ABS_G_EPS),
            r"after one step the sum holds one square, [[def:s_1]]",
            r"第一步时累加和里只有一个平方，[[def:s_1]]",
        ),
    ],
    domain={alpha: (0.001, 3.0), eps: (1e-10, 1e-3), g: GRADIENTS},
    definitions={s1: g**2},
    mutations=[substitute(ABS_G_EPS, eps + 1, what="the gradient's own size left out of the denominator")],
)

adagrad_bound = fact(
    "opt_adagrad_first_step_bound",
    adagrad_first_step.final,
    alpha,
    relation="<=",
    en=r"the gap is $\alpha\epsilon / (|g| + \epsilon)$, positive; it vanishes as $\epsilon / |g|$ does",
    zh=r"两者之差是 $\alpha\epsilon / (|g| + \epsilon)$，为正；当 $\epsilon / |g|$ 趋于零时它也趋于零",
    domain={alpha: (0.001, 3.0), eps: (1e-10, 1e-3), g: GRADIENTS},
    mutations=[substitute(alpha, alpha / 2, what="a bound of α/2, which the first step exceeds")],
)

# ---------------------------------------------------------------- RMSprop
rmsprop_first_step = derivation(
    "opt_rmsprop_first_step",
    title_en=r"RMSprop's first step, without $\epsilon$, moves each coordinate by [[final]]",
    title_zh=r"不计 $\epsilon$ 时，RMSprop 的第一步让每个坐标移动 [[final]]",
    steps=[
        Step(
            alpha * sp.Abs(g) / sp.sqrt(v1),
            r"the size of the step $\alpha g / \sqrt{v}$, with $v_1$ after one step",
            r"步长 $\alpha g / \sqrt{v}$ 的大小，$v_1$ 是第一步后的平方均值",
        ),
        Step(
            alpha * sp.Abs(g) / sp.sqrt(product(1 - rho, g**2)),
            r"the running mean starts at zero: [[def:v_1]]",
            r"滑动平均从零开始：[[def:v_1]]",
        ),
        Step(alpha / sp.sqrt(1 - rho), r"$\sqrt{g^2}$ is $|g|$, which cancels", r"$\sqrt{g^2}$ 就是 $|g|$，约去"),
    ],
    domain={alpha: (0.001, 3.0), rho: (0.5, 0.999), g: GRADIENTS},
    definitions={v1: product(1 - rho, g**2)},
    mutations=[substitute(sp.Pow(1 - rho, -sp.Rational(1, 2)), 1 / (1 - rho), what="the square root forgotten")],
)

# ---------------------------------------------------------------- Adam
adam_bias = derivation(
    "opt_adam_bias",
    title_en=r"On a constant gradient Adam's running mean after $t$ steps is [[final]]: "
    r"short by the factor $1 - \beta_1^t$",
    title_zh=r"梯度不变时，Adam 的滑动平均在 $t$ 步后是 [[final]]：少了一个因子 $1 - \beta_1^t$",
    steps=[
        Step(
            product(1 - beta1, g, sp.Sum(beta1**i, (i, 0, T_MINUS_1))),
            r"$m \leftarrow \beta_1 m + (1 - \beta_1) g$ unrolled from $m_0$ at zero, every gradient $g$",
            r"从 $m_0$ 为零开始展开 $m \leftarrow \beta_1 m + (1 - \beta_1) g$，每个梯度都是 $g$",
        ),
        Step(
            product(1 - beta1, g, (1 - beta1**t) / (1 - beta1)),
            "[[relation:opt_geometric_sum]] with $\\beta_1$",
            "[[relation:opt_geometric_sum]]，其中取 $\\beta_1$",
        ),
        Step(product(g, 1 - beta1**t), r"cancel $1 - \beta_1$", r"约去 $1 - \beta_1$"),
    ],
    domain={beta1: (0.5, 0.999), g: GRADIENTS, t: [1, 2, 3, 5, 10, 40]},
    mutations=[substitute(beta1**t, beta1 ** (t + 1), step=-1, what="the sum to t (one weight too many)")],
)

adam_first_step = derivation(
    "opt_adam_first_step",
    title_en=r"With the bias correction, Adam's first step moves each coordinate by [[final]], about $\alpha$",
    title_zh=r"经过偏差修正，Adam 的第一步让每个坐标移动 [[final]]，约为 $\alpha$",
    steps=[
        Step(
            alpha * sp.Abs(m_hat) / _sum(sp.sqrt(v_hat), eps),
            r"the size of the step $\alpha \hat{m} / (\sqrt{\hat{v}} + \epsilon)$ after one gradient",
            r"第一个梯度之后步长 $\alpha \hat{m} / (\sqrt{\hat{v}} + \epsilon)$ 的大小",
        ),
        Step(
            alpha * sp.Abs(g) / (ABS_G_EPS),
            r"the corrected averages are exactly $g$ and $g^2$: the factors $1 - \beta$ cancel",
            r"修正后的两个平均值恰好是 $g$ 与 $g^2$：因子 $1 - \beta$ 相互抵消",
        ),
    ],
    domain={alpha: (0.0001, 0.1), eps: (1e-10, 1e-6), beta1: (0.5, 0.99), beta2: (0.9, 0.9999), g: GRADIENTS},
    definitions={m_hat: product(1 - beta1, g) / (1 - beta1), v_hat: product(1 - beta2, g**2) / (1 - beta2)},
    mutations=[substitute(ABS_G_EPS, sp.sqrt(1 - beta2) * ABS_G_EPS, what="no correction of v")],
)

adam_uncorrected = derivation(
    "opt_adam_uncorrected_first_step",
    title_en=r"Without the correction, and without $\epsilon$, the first step would be [[final]]",
    title_zh=r"如果不做修正（也不计 $\epsilon$），第一步会是 [[final]]",
    steps=[
        Step(
            alpha * sp.Abs(m1) / sp.sqrt(v1),
            r"the step $\alpha m_1 / \sqrt{v_1}$ with the raw averages",
            r"用未修正的平均值，步长为 $\alpha m_1 / \sqrt{v_1}$",
        ),
        Step(
            alpha * sp.Abs(product(1 - beta1, g)) / sp.sqrt(product(1 - beta2, g**2)),
            r"after one step, [[def:m_1]] and [[def:v_1]]",
            r"第一步之后 [[def:m_1]]，[[def:v_1]]",
        ),
        Step(
            product(alpha, (1 - beta1) / sp.sqrt(1 - beta2)),
            r"$|g|$ cancels (both $\beta$ lie below 1)",
            r"约去 $|g|$（两个 $\beta$ 都小于 1）",
            numeric_only=True,
        ),
    ],
    domain={alpha: (0.0001, 0.1), beta1: (0.5, 0.99), beta2: (0.9, 0.9999), g: GRADIENTS},
    definitions={m1: product(1 - beta1, g), v1: product(1 - beta2, g**2)},
    mutations=[
        substitute(sp.Pow(1 - beta2, -sp.Rational(1, 2)), 1 / (1 - beta2), what="the square root of v forgotten")
    ],
)
