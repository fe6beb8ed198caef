"""The answers to the page's exercises, proved or computed here.

1. Cross-entropy against soft targets q (label smoothing, distillation): the gradient is p − q.
2. The first example of the CS231n batch, one row on its own: its SVM loss and gradient, and its
   cross-entropy gradient.
3. With two classes, the softmax is the sigmoid of the score difference (the link to the sigmoid chapter).
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.activations.definitions import SIGMOID, sigma
from derive.chapters.classification_losses import source_code as src
from derive.chapters.classification_losses.derivations_softmax import (
    SCORE_DOMAIN,
    SOFTMAX_DEFINITIONS,
    SOFTMAX_WHERE_EN,
    SOFTMAX_WHERE_ZH,
    Z,
    p,
    s,
)
from derive.chapters.classification_losses.notation import Partial, Ratio, real
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, value
from derive.numerics.losses import softmax_cross_entropy, svm_loss

# ---------------------------------------------------------------- exercise 1: soft targets
q = sp.symbols("q_1:4", real=True)
L_soft = real("L")
SOFT_DEFINITIONS = {
    L_soft: -_sum(*(_mul(q_m, sp.log(p_m)) for q_m, p_m in zip(q, p, strict=True))),
    q[2]: 1 - q[0] - q[1],  # the targets add up to one
    **SOFTMAX_DEFINITIONS,
}
TARGETS_TIMES_SCORES = _sum(*(_mul(q_m, s_m) for q_m, s_m in zip(q, s, strict=True)))

ce_soft_target_gradient = derivation(
    "cl_ex_soft_target_gradient",
    title_en="Soft targets: the gradient of cross-entropy is the probabilities minus the targets",
    title_zh="软标签：交叉熵的梯度等于概率减去目标",
    steps=[
        Step(
            sp.Matrix([Partial(L_soft, v) for v in s]),
            "one example with soft targets, [[def:L]], where [[def:q_3]] makes them add up to one" + SOFTMAX_WHERE_EN,
            "单个样本、软目标，[[def:L]]，其中 [[def:q_3]] 保证各目标之和为一" + SOFTMAX_WHERE_ZH,
        ),
        Step(
            sp.Matrix([Partial(_sum(sp.log(Z), -TARGETS_TIMES_SCORES), v) for v in s]),
            r"[[relation:ce_log_split]] in every term; the $q_m$ add up to one, so $\log Z$ is left once",
            r"每一项都用 [[relation:ce_log_split]]；各 $q_m$ 之和为一，所以 $\log Z$ 只剩一个",
        ),
        Step(
            sp.Matrix([_sum(_mul(Ratio(1, Z), Partial(Z, v)), -q_j) for v, q_j in zip(s, q, strict=True)]),
            r"chain rule through the logarithm; $s_j$ enters the sum only in the term $q_j s_j$",
            r"经对数用链式法则；$s_j$ 只出现在和式的 $q_j s_j$ 一项中",
        ),
        Step(
            sp.Matrix([_sum(p_j, -q_j) for p_j, q_j in zip(p, q, strict=True)]),
            "[[relation:softmax_Z_slope]] and [[hypothesis:softmax_p_definition]]",
            "[[relation:softmax_Z_slope]]，[[hypothesis:softmax_p_definition]]",
        ),
    ],
    domain={**SCORE_DOMAIN, q[0]: (0.0, 0.5), q[1]: (0.0, 0.5)},
    definitions=SOFT_DEFINITIONS,
    mutations=[
        Mutation(
            "the one-hot gradient kept (the soft targets ignored)",
            lambda d: d.with_step(-1, sp.Matrix([p[0], p[1] - 1, p[2]])),
        ),
        substitute(q[0], 0, what="the first target dropped"),
    ],
)


# ---------------------------------------------------------------- exercise 2: one row of the CS231n batch
def _first_row():
    return src.EXAMPLE_S[:1], src.EXAMPLE_Y[:1]


@value("cl_ex_row_scores", fmt="{:g}")
def row_scores() -> tuple:
    return tuple(float(v) for v in _first_row()[0][0])


@value("cl_ex_row_true_class", fmt="{:d}", symbol="y")
def row_true_class() -> int:
    return int(_first_row()[1][0])


@value("cl_ex_row_svm_loss", fmt="{:g}")
def row_svm_loss() -> float:
    return float(svm_loss(*_first_row())[0])


@value("cl_ex_row_svm_gradient", fmt="{:g}")
def row_svm_gradient() -> tuple:
    return tuple(float(v) for v in svm_loss(*_first_row())[1][0])


@value("cl_ex_row_ce_gradient", fmt="{:.4f}")
def row_ce_gradient() -> tuple:
    return tuple(float(v) for v in softmax_cross_entropy(*_first_row())[1][0])


# ---------------------------------------------------------------- exercise 3: two classes
two_class_softmax = derivation(
    "cl_ex_two_class_softmax",
    title_en="With two classes, the softmax is the sigmoid of the score difference",
    title_zh="只有两个类别时，softmax 就是打分之差的 sigmoid",
    steps=[
        Step(
            Ratio(sp.exp(s[0]), _sum(sp.exp(s[0]), sp.exp(s[1]))),
            "the softmax probability of class 1 when there are two classes",
            "只有两个类别时类别 1 的 softmax 概率",
        ),
        Step(
            Ratio(1, _sum(1, sp.exp(s[1] - s[0]))),
            r"divide the numerator and the denominator by $e^{s_1}$",
            r"分子分母同除以 $e^{s_1}$",
        ),
        Step(
            sigma(s[0] - s[1]), "[[def:sigma]], at the difference of the scores", "[[def:sigma]]，自变量取两个打分之差"
        ),
    ],
    domain={s[0]: (-6.0, 6.0), s[1]: (-6.0, 6.0)},
    definitions={sigma: SIGMOID},
    mutations=[
        substitute(sigma(s[0] - s[1]), sigma(s[1] - s[0]), what="the difference taken the wrong way round"),
        substitute(sp.exp(s[1] - s[0]), sp.exp(s[0] - s[1]), step=1, what="the wrong sign in the exponent"),
    ],
)
