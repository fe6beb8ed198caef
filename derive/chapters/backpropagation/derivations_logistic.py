"""Logistic regression over a batch: ∂J/∂w and ∂J/∂b, one step further than ∂J/∂h.

The sigmoid chapter proves ∂J/∂h_i = (a_i − y_i)/m for the mean BCE; here each logit is h_i = wᵀx_i + b,
so the chain rule adds one factor per parameter: x_{j,i} for w_j and 1 for b, summed over the batch.
A batch of m = 2 examples with 2 features, the examples as the columns of X (the MLP's convention).
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.activations.definitions import SIGMOID, sigma
from derive.core.mutations import substitute
from derive.core.notation import product
from derive.core.registry import Step, derivation

N_FEATURES, M = 2, 2
w_entries = sp.symbols("w_0:2", real=True)
b = sp.Symbol("b", real=True)
X_entries = sp.Matrix(N_FEATURES, M, lambda j, i: sp.Symbol(f"x_{{{j},{i}}}", real=True))
y_entries = sp.symbols("y_0:2", real=True)
J = sp.Symbol("J", real=True)

X = sp.MatrixSymbol("X", N_FEATURES, M)
a_vec, y_vec = sp.MatrixSymbol("a", M, 1), sp.MatrixSymbol("y", M, 1)
ones = sp.MatrixSymbol(r"\mathbf{1}", M, 1)
# a − y kept in that order (SymPy would print −y + a), and the 1/m in front
error = sp.MatAdd(a_vec, sp.MatMul(-1, y_vec, evaluate=False), evaluate=False)


def _logit(i: int):
    return sum(w_entries[j] * X_entries[j, i] for j in range(N_FEATURES)) + b


a_entries = [sigma(_logit(i)) for i in range(M)]
# The mean BCE in its logit form log(1 + e^h) − y·h (the sigmoid chapter's bce_from_logit, multiplied out):
# the same function as −[y log a + (1 − y) log(1 − a)], with far smaller derivatives for the checker to prove.
DEFINITIONS = {
    J: sum(sp.log(1 + sp.exp(_logit(i))) - y_entries[i] * _logit(i) for i in range(M)) / M,
    sigma: SIGMOID,
    X: X_entries,
    a_vec: sp.Matrix(a_entries),
    y_vec: sp.Matrix(y_entries),
    ones: sp.ones(M, 1),
}
DOMAIN = {
    **{v: (-2.0, 2.0) for v in w_entries},
    b: (-1.0, 1.0),
    **{v: (-2.0, 2.0) for v in X_entries},
    **{v: [0, 1] for v in y_entries},
}

logistic_weight_gradient = derivation(
    "logistic_weight_gradient",
    title_en="Logistic regression: the weight gradient over a batch",
    title_zh="逻辑回归：整批数据上的权重梯度",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(J, wj) for wj in w_entries]),
            r"the mean BCE of $m$ examples in its logit form ([[relation:bce_from_logit]]); example $i$ is "
            r"column $i$ of $X$, with logit $h_i$ and output $a_i$",
            r"$m$ 个样本上的平均 BCE，写成 logit 形式（[[relation:bce_from_logit]]）；第 $i$ 个样本是 $X$ 的"
            r"第 $i$ 列，其 logit 为 $h_i$，输出为 $a_i$",
        ),
        Step(
            sp.Matrix(
                [
                    sp.Add(*[product((a_vec[i, 0] - y_vec[i, 0]) / M, X[j, i]) for i in range(M)], evaluate=False)
                    for j in range(N_FEATURES)
                ]
            ),
            r"chain rule through every logit: [[relation:bce_sigmoid_gradient]] times "
            r"$\partial h_i/\partial w_j$, which is $X_{j,i}$",
            r"对每个 logit 用链式法则：[[relation:bce_sigmoid_gradient]] 乘以 "
            r"$\partial h_i/\partial w_j$，即 $X_{j,i}$",
        ),
        Step(
            sp.MatMul(sp.Rational(1, M), X, error, evaluate=False),
            r"the sum over the examples $i$ is a matrix product",
            r"对样本 $i$ 求和正是矩阵乘法",
        ),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[substitute(sp.Rational(1, M), 1, what="the 1/m dropped")],
)

logistic_bias_gradient = derivation(
    "logistic_bias_gradient",
    title_en="Logistic regression: the bias gradient over a batch",
    title_zh="逻辑回归：整批数据上的偏置梯度",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(J, b)]),
            "the same mean BCE; the bias enters every logit",
            "同样的平均 BCE；偏置进入每一个 logit",
        ),
        Step(
            sp.Matrix([sp.Add(*[(a_vec[i, 0] - y_vec[i, 0]) / M for i in range(M)], evaluate=False)]),
            r"chain rule: [[relation:bce_sigmoid_gradient]] times $\partial h_i/\partial b$, which is 1",
            r"链式法则：[[relation:bce_sigmoid_gradient]] 乘以 $\partial h_i/\partial b$，即 1",
        ),
        Step(
            sp.MatMul(sp.Rational(1, M), ones.T, error, evaluate=False),
            "the mean error of the batch",
            "整批误差的平均值",
        ),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[substitute(sp.Rational(1, M), 1, what="the 1/m dropped")],
)
