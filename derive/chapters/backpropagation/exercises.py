"""The answers to the page's exercises, proved or computed here.

1. The page's three-node chain with a sigmoid in place of tanh: only the middle local derivative changes.
2. The mean squared error of a batch of three, in place of the MAE: the slope is 2(ŷ − y)/m, still with 1/m.
3. A wider network, 1 → 32 → 64 → 1: how many parameters, and how many loss evaluations a full central-
   difference check costs (counted, not assumed).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.chapters.activations.definitions import SIGMOID, sigma
from derive.chapters.backpropagation.derivations import CHAIN_DOMAIN, M_MAE, a, b, l, t, u, w, x, yhat, ytrue
from derive.core.mutations import substitute
from derive.core.notation import product
from derive.core.registry import Step, derivation, value
from derive.numerics import mlp
from derive.numerics.gradcheck import central_difference

# ---------------------------------------------------------------- exercise 1: the chain with a sigmoid
sigmoid_chain = derivation(
    "bp_ex_chain_sigmoid",
    title_en="The same chain with a sigmoid: only the middle factor changes",
    title_zh="把链中的 tanh 换成 sigmoid：只有中间的因子改变",
    steps=[
        Step(
            sp.Derivative(l, w),
            "the page's chain from the weight to the loss, with [[def:a]] in place of tanh",
            "本页从权重到损失的那条链，只是把 tanh 换成 [[def:a]]",
        ),
        Step(
            product(2, a - t, a * (1 - a), x),
            r"chain rule, one factor a node; the middle one is the sigmoid's slope, [[relation:sigmoid_derivative]] "
            r"at $u$",
            r"链式法则，每个节点一个因子；中间的因子是 sigmoid 的斜率，即在 $u$ 处的 [[relation:sigmoid_derivative]]",
        ),
    ],
    domain=CHAIN_DOMAIN,
    definitions={u: w * x + b, a: sigma(u), l: (a - t) ** 2, sigma: SIGMOID},
    mutations=[
        substitute(a * (1 - a), 1 - a**2, what="tanh's local derivative kept"),
        substitute(x, 1, what="the last local derivative forgotten"),
    ],
)

# ---------------------------------------------------------------- exercise 2: MSE over a batch of three
mse = sp.Symbol("l", real=True)
MSE_DEFINITIONS = {mse: sum((yh - yt) ** 2 for yh, yt in zip(yhat, ytrue, strict=True)) / M_MAE}

mse_gradient = derivation(
    "bp_ex_mse_gradient",
    title_en="The MSE's gradient keeps the 1/m as well, and gains a factor 2",
    title_zh="MSE 的梯度同样保留 1/m，并多出一个因子 2",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(mse, v) for v in yhat]),
            "the mean squared error of a batch of three predictions",
            "三个预测组成的一批上的均方误差",
        ),
        Step(
            sp.Matrix([product(sp.Rational(2, M_MAE), yh - yt) for yh, yt in zip(yhat, ytrue, strict=True)]),
            r"only one term of the mean contains each prediction; the slope of $t^2$ is $2t$",
            r"每个预测只出现在平均值的一项里；$t^2$ 的斜率是 $2t$",
        ),
    ],
    domain={**{v: (-2.0, 2.0) for v in yhat}, **{v: (-2.0, 2.0) for v in ytrue}},
    definitions=MSE_DEFINITIONS,
    mutations=[
        substitute(sp.Rational(2, M_MAE), 2, what="the 1/m dropped"),
        substitute(sp.Rational(2, M_MAE), sp.Rational(1, M_MAE), what="the factor 2 of the square dropped"),
    ],
)

# ---------------------------------------------------------------- exercise 3: a wider network
WIDER_SIZES = (1, 32, 64, 1)


@value("bp_ex_wider_sizes", fmt="{}")
def wider_sizes() -> str:
    return " → ".join(str(n) for n in WIDER_SIZES)


@value("bp_ex_wider_parameter_count", fmt="{:d}")
def wider_parameter_count() -> int:
    return int(mlp.params_to_vector(mlp.init_params(0, WIDER_SIZES)).size)


@value("bp_ex_wider_check_evaluations", fmt="{:d}")
def wider_check_evaluations() -> int:
    """Loss evaluations of one central-difference check of the wider network, counted by wrapping the loss."""
    params = mlp.init_params(0, WIDER_SIZES)
    rng = np.random.default_rng(0)
    x_batch = rng.uniform(-5, 5, (1, mlp.SOURCE_CHECK_BATCH))
    y_batch = np.sin(x_batch)
    calls = 0

    def counted_loss(vector):
        nonlocal calls
        calls += 1
        return mlp.loss_of_vector(vector, x_batch, y_batch, WIDER_SIZES)

    central_difference(counted_loss, mlp.params_to_vector(params), mlp.SOURCE_CHECK_EPS)
    return calls
