"""Mean squared error on softmax probabilities after a linear layer (one of the source posts trains
this): the gradients of W and b for one example, two classes. The chain rule has one link more than
for cross-entropy, and nothing cancels.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.classification_losses.notation import Fraction, Partial, real
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, fact, hypothesis

x1, x2 = sp.symbols("x_1 x_2", real=True)
W = [[real(f"w_{{{d}{k}}}") for k in (1, 2)] for d in (1, 2)]
bias = [real(f"b_{k}") for k in (1, 2)]
s_lin = [real(f"s_{k}") for k in (1, 2)]
p_lin = [real(f"p_{k}") for k in (1, 2)]
g_lin = [real(f"g_{k}") for k in (1, 2)]
delta = [real(f"delta_{k}") for k in (1, 2)]
Z2 = real("Z")
L_mse = real("L")
TARGET = (1, 0)  # one-hot: the true class is 1 of 2

hypothesis(
    "linear_layer",
    sp.Eq(real("s"), _sum(_mul(real("x"), real("W")), real("b")), evaluate=False),
    kind="definition",
    en="the scores of a linear layer",
    zh="线性层给出的打分",
)


def _minus_target(k):
    """p_k − t_k as written (just p_k where the target is 0)."""
    return _sum(p_lin[k], -TARGET[k]) if TARGET[k] else p_lin[k]


MSE_DEFINITIONS = {
    L_mse: _mul(sp.Rational(1, 2), _sum(*(_minus_target(k) ** 2 for k in range(2)))),
    **{p_lin[k]: sp.exp(s_lin[k]) / Z2 for k in range(2)},
    Z2: _sum(sp.exp(s_lin[0]), sp.exp(s_lin[1])),
    **{s_lin[k]: _sum(_mul(x1, W[0][k]), _mul(x2, W[1][k]), bias[k]) for k in range(2)},
    **{g_lin[k]: _minus_target(k) for k in range(2)},
    **{delta[k]: _mul(p_lin[k], g_lin[k] - _sum(_mul(g_lin[0], p_lin[0]), _mul(g_lin[1], p_lin[1]))) for k in range(2)},
}


def _through_softmax(k):
    """Σ_m g_m ∂p_m/∂s_k = Σ_m g_m p_m (1{m = k} − p_k), written term by term."""
    return _sum(
        *(_mul(g_lin[m], _mul(p_lin[m], 1 - p_lin[k]) if m == k else -_mul(p_lin[m], p_lin[k])) for m in range(2))
    )


softmax_mse_gradient = derivation(
    "softmax_mse_gradient",
    title_en="MSE on softmax probabilities after a linear layer: the gradients of W and b",
    title_zh="线性层、softmax 之后接 MSE：W 和 b 的梯度",
    steps=[
        Step(
            sp.Matrix(
                [
                    [Partial(L_mse, W[0][0]), Partial(L_mse, W[0][1])],
                    [Partial(L_mse, W[1][0]), Partial(L_mse, W[1][1])],
                    [Partial(L_mse, bias[0]), Partial(L_mse, bias[1])],
                ]
            ),
            r"one example with features $x_1$, $x_2$, two classes, target [[eq:mse_target]]; rows: $w_{1k}$, "
            r"$w_{2k}$, $b_k$",
            r"单个样本，特征为 $x_1$、$x_2$，两个类别，目标 [[eq:mse_target]]；各行依次是 $w_{1k}$、$w_{2k}$、$b_k$",
        ),
        Step(
            sp.Matrix(
                [
                    [_mul(x1, _through_softmax(0)), _mul(x1, _through_softmax(1))],
                    [_mul(x2, _through_softmax(0)), _mul(x2, _through_softmax(1))],
                    [_through_softmax(0), _through_softmax(1)],
                ]
            ),
            r"chain rule through $s_k$ and $p_m$: the slope of $s_k$ is $x_d$ in $w_{dk}$ and 1 in $b_k$, the "
            r"slope of $L$ in $p_m$ is $g_m$ ([[def:g_1]], [[def:g_2]]), and "
            r"[[relation:softmax_jacobian_general]]",
            r"经 $s_k$、$p_m$ 用链式法则：$s_k$ 对 $w_{dk}$ 的斜率是 $x_d$，对 $b_k$ 的斜率是 1；$L$ 对 $p_m$ "
            r"的斜率是 $g_m$（[[def:g_1]]，[[def:g_2]]）；并且 [[relation:softmax_jacobian_general]]",
        ),
        Step(
            sp.Matrix(
                [
                    [_mul(x1, delta[0]), _mul(x1, delta[1])],
                    [_mul(x2, delta[0]), _mul(x2, delta[1])],
                    [delta[0], delta[1]],
                ]
            ),
            r"collect: [[def:delta_1]], [[def:delta_2]]; the rows of $W$ are $x^\top \delta$ and the row of $b$ "
            r"is $\delta$",
            r"合并：[[def:delta_1]]，[[def:delta_2]]；$W$ 的各行是 $x^\top \delta$，$b$ 的那一行是 $\delta$",
        ),
    ],
    domain={
        x1: (-2.0, 2.0),
        x2: (-2.0, 2.0),
        bias[0]: (-1.0, 1.0),
        bias[1]: (-1.0, 1.0),
        **{w: (-2.0, 2.0) for row in W for w in row},
    },
    definitions=MSE_DEFINITIONS,
    mutations=[
        substitute(x2, x1, what="x₁ in place of x₂"),
        Mutation(
            "the softmax Jacobian dropped (∂p_k/∂s_k taken as 1)",
            lambda d: d.with_step(
                1, sp.Matrix([[x1 * g_lin[0], x1 * g_lin[1]], [x2 * g_lin[0], x2 * g_lin[1]], [g_lin[0], g_lin[1]]])
            ),
        ),
    ],
)

# The slope of a mean over all N K entries in one entry: the 2/(N K) of the batch code.
P_ik, T_ik = real("P_{ik}"), real("T_{ik}")
N_all, K_all = sp.Symbol("N", positive=True), sp.Symbol("K", positive=True)
fact(
    "mse_mean_slope",
    Partial(_mul(Fraction(1, _mul(N_all, K_all)), _sum(P_ik, -T_ik) ** 2), P_ik),
    Fraction(_mul(2, _sum(P_ik, -T_ik)), _mul(N_all, K_all)),
    en="the power rule; the other entries do not depend on this one",
    zh="幂法则；其他元素不依赖这一个",
    domain={P_ik: (0.0, 1.0), T_ik: [0, 1], N_all: (1.0, 8.0), K_all: (1.0, 8.0)},
    mutations=[substitute(2, 1, what="the factor 2 of the square dropped")],
)
