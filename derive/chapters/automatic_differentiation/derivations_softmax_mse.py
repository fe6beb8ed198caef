"""§2 of the source in SymPy: the MSE of softmax probabilities after a linear layer, w.r.t. W and b.

The source's setting: a batch of N = 3 examples with D = 4 features, K = 2 classes, labels (0, 1, 1),
scores S = XW + b, probabilities P = softmax(S) row by row, and the loss the mean of all N·K squared
differences between P and the one-hot targets T (what the source's tf.reduce_mean(tf.losses.MSE(...)) and
torch's F.mse_loss both compute). The loss is a sum over the examples, so by the sum rule its gradient is
the sum of one gradient per example: the derivation proves one example's share (4 features, 2 classes,
every weight, bias, feature and target a symbol), and `batch_loss` / `batch_gradient_formula` assemble the
batch of 3, which the experiments compare with SymPy's diff of the whole batch loss, with the engine and
with finite differences. (Proving the whole batch symbolically in one chain costs SymPy minutes: the
common denominator of three softmaxes is large; one example takes seconds.)
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import substitute
from derive.core.notation import sum_as_written
from derive.core.registry import Mutation, Step, derivation

N, D, K = 3, 4, 2
LABELS = (0, 1, 1)
TARGETS = tuple(tuple(1 if k == label else 0 for k in range(K)) for label in LABELS)
SCALE = sp.Rational(1, N * K)  # the mean over all N·K entries


def _sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


x = [_sym(f"x_{d + 1}") for d in range(D)]
W = sp.Matrix(D, K, lambda d, k: _sym(f"w_{d + 1}{k + 1}"))
b = [_sym(f"b_{k + 1}") for k in range(K)]
t = [_sym(f"t_{k + 1}") for k in range(K)]
s = [_sym(f"s_{k + 1}") for k in range(K)]
p = [_sym(f"p_{k + 1}") for k in range(K)]
g = [_sym(f"g_{k + 1}") for k in range(K)]
delta = [_sym(f"delta_{k + 1}") for k in range(K)]
Z = _sym("Z")
ell = _sym("ell")  # one example's share of the batch loss

DEFINITIONS = {
    ell: sp.Mul(SCALE, sum_as_written(*((p[k] - t[k]) ** 2 for k in range(K))), evaluate=False),
    **{p[k]: sp.exp(s[k]) / Z for k in range(K)},
    Z: sum_as_written(*(sp.exp(s[m]) for m in range(K))),
    **{s[k]: sum_as_written(*(x[d] * W[d, k] for d in range(D)), b[k]) for k in range(K)},
    # g = ∂ℓ/∂p: the square brings down a 2, the mean divides by N·K = 6
    **{g[k]: sp.Mul(2 * SCALE, p[k] - t[k], evaluate=False) for k in range(K)},
    # δ = ∂ℓ/∂s: g pushed through the softmax Jacobian ∂p_m/∂s_k = p_m (1{m = k} − p_k)
    **{delta[k]: p[k] * (g[k] - sum_as_written(*(g[m] * p[m] for m in range(K)))) for k in range(K)},
}


def _rows(entry_w, entry_b):
    """D rows for the weights w_dk, then one row for the biases b_k (the layout of the derivation)."""
    return sp.Matrix([[entry_w(d, k) for k in range(K)] for d in range(D)] + [[entry_b(k) for k in range(K)]])


def chain_rule_result(upstream=delta):
    """∂ℓ/∂w_dk = x_d δ_k (the outer product x δᵀ) and ∂ℓ/∂b_k = δ_k."""
    return _rows(lambda d, k: x[d] * upstream[k], lambda k: upstream[k])


softmax_mse_example_gradient = derivation(
    "ad_softmax_mse_example_gradient",
    title_en="One example's share of the source's softmax MSE (4 features, 2 classes): the gradients of $W$ and $b$",
    title_zh="原文 softmax MSE 中一个样本的那一份（4 个特征，2 个类别）：$W$ 和 $b$ 的梯度",
    steps=[
        Step(
            _rows(lambda d, k: sp.Derivative(ell, W[d, k]), lambda k: sp.Derivative(ell, b[k])),
            "rows 1 to 4: the weights $w_{dk}$; row 5: the biases $b_k$; the example's share of the batch loss "
            "is [[def:ell]], with the probabilities [[def:p_1]] and [[def:p_2]]",
            "第 1 至 4 行是权重 $w_{dk}$，第 5 行是偏置 $b_k$；这个样本在批损失中的那一份是 [[def:ell]]，"
            "概率为 [[def:p_1]] 和 [[def:p_2]]",
        ),
        Step(
            chain_rule_result(),
            r"chain rule through the scores [[def:s_1]] and [[def:s_2]], whose derivative is $x_d$ with respect "
            r"to $w_{dk}$ and 1 with respect to $b_k$; $\delta_k$, the derivative with respect to $s_k$, is the "
            r"upstream [[def:g_1]] (and likewise $g_2$) multiplied by the softmax Jacobian: [[def:delta_1]], "
            r"[[def:delta_2]]",
            r"经得分 [[def:s_1]] 与 [[def:s_2]] 用链式法则：它们对 $w_{dk}$ 的导数是 $x_d$，对 $b_k$ 的导数是 1；"
            r"对 $s_k$ 的导数 $\delta_k$ 等于上游的 [[def:g_1]]（$g_2$ 同理）乘以 softmax 的雅可比矩阵："
            r"[[def:delta_1]]，[[def:delta_2]]",
        ),
    ],
    domain={**{v: (0.0, 1.0) for v in [*x, *W]}, **{v: (-0.5, 0.5) for v in b}, **{v: [0, 1] for v in t}},
    definitions=DEFINITIONS,
    mutations=[
        Mutation("the softmax Jacobian dropped (δ taken as g)", lambda d: d.with_step(1, chain_rule_result(g))),
        substitute(x[1], x[0], what="x₁ in place of x₂"),
    ],
)


# ---------------------------------------------------------------- the batch of 3, assembled
X_BATCH = sp.Matrix(N, D, lambda n, d: _sym(f"x_{n + 1}{d + 1}"))


def _example_values(n: int) -> dict:
    """Example n's features and targets, to substitute into the one-example expressions."""
    return {**{x[d]: X_BATCH[n, d] for d in range(D)}, **{t[k]: TARGETS[n][k] for k in range(K)}}


def _expanded(expr):
    from derive.core.checker import expand_definitions

    return expand_definitions(expr, DEFINITIONS)


def batch_loss():
    """The source's loss over the whole batch, every entry of X, W and b a symbol: the sum of the shares."""
    share = _expanded(ell)
    return sp.Add(*(share.xreplace(_example_values(n)) for n in range(N)))


def batch_gradient_formula():
    """Σ over the examples of the derivation's final step: rows w_dk (4) then b_k, as in the derivation."""
    final = _expanded(softmax_mse_example_gradient.final)
    return sum((final.xreplace(_example_values(n)) for n in range(N)), sp.zeros(D + 1, K))


def parameters():
    """The symbols in the derivation's row layout: W row by row, then b."""
    return [*W, *b]
