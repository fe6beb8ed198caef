"""A batch: the mean loss of N examples over an N × C score matrix S. Row i's scores appear only in
L⁽ⁱ⁾, so dS stacks the one-example gradients as rows and divides by N. Shown for both losses on a 2 × 3
batch; the tests compare the result with derive.numerics.losses on random scores.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.classification_losses.derivations_svm import hinge_margin, svm_loss_expr
from derive.chapters.classification_losses.notation import Fraction, Indicator, Partial, Ratio, real, shown, sum_over
from derive.core.mutations import substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, hypothesis

BATCH_LABELS = (1, 3)  # the true classes of the two rows in the batch derivations (3 classes)
BATCH_C = 3

i_row, N_batch = sp.Symbol("i", integer=True), sp.Symbol("N", positive=True, integer=True)
hypothesis(
    "batch_mean_loss",
    sp.Eq(real(r"\bar{L}"), product(Fraction(1, N_batch), sum_over(real("L^{(i)}"), i_row, 2)), evaluate=False),
    kind="definition",
    en="the loss of a batch is the mean of its examples' losses",
    zh="批量的损失是其中各样本损失的平均值",
)


def batch_symbols(N: int, C: int):
    return [[real(f"s_{{{i}{j}}}") for j in range(1, C + 1)] for i in range(1, N + 1)]


def _batch_derivation(
    name,
    title_en,
    title_zh,
    row_loss,
    row_gradient,
    extra_definitions,
    mutations,
    where_en="",
    where_zh="",
    row_en="",
    row_zh="",
):
    """∂L̄/∂S for L̄ = (L⁽¹⁾ + L⁽²⁾)/2 over a 2 × 3 score matrix: each entry is (1/N) ∂L⁽ⁱ⁾/∂s_ij."""
    N, C = len(BATCH_LABELS), BATCH_C
    S = batch_symbols(N, C)
    Lbar = real(r"\bar{L}")
    Ls = [real(f"L^{{({i})}}") for i in range(1, N + 1)]
    definitions = {Lbar: sp.Add(*Ls) / N}
    definitions.update({Ls[i]: row_loss(S[i], BATCH_LABELS[i], i + 1) for i in range(N)})
    definitions.update(extra_definitions(S))
    half = Ratio(1, N)
    steps = [
        Step(
            sp.Matrix(N, C, lambda i, j: Partial(Lbar, S[i][j])),
            rf"the mean loss of a batch of {N} examples, one row of scores each, true classes "
            rf"[[eq:batch_label_1]], [[eq:batch_label_2]]" + where_en,
            rf"{N} 个样本组成的批量的平均损失，每个样本一行打分，真实类别 "
            rf"[[eq:batch_label_1]]，[[eq:batch_label_2]]" + where_zh,
        ),
        Step(
            sp.Matrix(N, C, lambda i, j: product(half, Partial(Ls[i], S[i][j]))),
            r"[[hypothesis:batch_mean_loss]] and only $L^{(i)}$ depends on row $i$",
            r"[[hypothesis:batch_mean_loss]]，而第 $i$ 行的打分只出现在 $L^{(i)}$ 中",
        ),
        Step(
            sp.Matrix(N, C, lambda i, j: product(half, row_gradient(i + 1, BATCH_LABELS[i], j + 1))),
            "each row is the one-example gradient derived above" + row_en,
            "每一行就是上面推出的单样本梯度" + row_zh,
        ),
    ]
    return derivation(
        name,
        title_en=title_en,
        title_zh=title_zh,
        steps=steps,
        domain={v: (-2.0, 2.0) for row in S for v in row},
        definitions=definitions,
        mutations=mutations,
    )


def _batch_q(row, m):
    return real(f"q^{{({row})}}_{{{m}}}")


def _svm_batch_definitions(S):
    out = {}
    for i, y in enumerate(BATCH_LABELS):
        for m in range(1, BATCH_C + 1):
            if m != y:
                out[_batch_q(i + 1, m)] = Indicator(hinge_margin(S[i], m, y) > 0)
    return out


def _svm_row_gradient(i, y, j):
    if j != y:
        return _batch_q(i, j)
    return -_sum(*(_batch_q(i, m) for m in range(1, BATCH_C + 1) if m != y))


svm_batch_gradient = _batch_derivation(
    "svm_batch_gradient",
    title_en="Multiclass SVM loss over a batch: the gradient matrix dS",
    title_zh="批量上的多分类 SVM 损失：梯度矩阵 dS",
    row_loss=lambda row, y, i: svm_loss_expr(row, y),
    row_gradient=_svm_row_gradient,
    extra_definitions=_svm_batch_definitions,
    mutations=[substitute(Ratio(1, 2), 1, what="the 1/N of the mean dropped")],
    row_en=", with [[hypothesis:svm_kink_q]] at a kink",
    row_zh="，在折点处取 [[hypothesis:svm_kink_q]]",
)

ROW_Z = [shown(f"Z_{i}") for i in (1, 2)]  # Z_i = Σ_m e^(s_im), a function of row i's scores


def _ce_batch_definitions(S):
    out = {}
    for i in range(len(BATCH_LABELS)):
        out[ROW_Z[i]] = sp.Lambda(tuple(S[i]), _sum(*(sp.exp(v) for v in S[i])))
        for j in range(BATCH_C):
            out[real(f"p_{{{i + 1}{j + 1}}}")] = sp.exp(S[i][j]) / ROW_Z[i](*S[i])
    return out


def _ce_row_loss(row, y, i):
    return -sp.log(sp.exp(row[y - 1]) / ROW_Z[i - 1](*row))


def _ce_row_gradient(i, y, j):
    pij = real(f"p_{{{i}{j}}}")
    return _sum(pij, -1) if j == y else pij


softmax_ce_batch_gradient = _batch_derivation(
    "softmax_ce_batch_gradient",
    title_en="Softmax cross-entropy over a batch: dS is (P − Y)/N",
    title_zh="批量上的 softmax 交叉熵：dS 就是 (P − Y)/N",
    row_loss=_ce_row_loss,
    row_gradient=_ce_row_gradient,
    extra_definitions=_ce_batch_definitions,
    where_en="; [[hypothesis:softmax_row_Z]]",
    where_zh="；[[hypothesis:softmax_row_Z]]",
    mutations=[substitute(Ratio(1, 2), 1, what="the 1/N of the mean dropped")],
)
