"""The multiclass SVM (hinge) loss: its gradient with respect to one example's scores, as a chain of
steps for 2, 3 and 4 classes, the same rule stated for any class j (facts over general indices), and
the general formula generators the tests compare with SymPy's diff for up to six classes.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.classification_losses.notation import (
    IndexedPartial,
    Indicator,
    Partial,
    PositivePart,
    family,
    real,
    sum_over,
)
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, fact, hypothesis


def scores(C: int):
    return sp.symbols(f"s_1:{C + 1}", real=True)


def hinge_margin(s, m: int, y: int):
    """s_m − s_y + 1, in that order (indices start at 1)."""
    return _sum(s[m - 1], -s[y - 1], 1)


def svm_loss_expr(s, y: int):
    """L = Σ_{m≠y} max(0, s_m − s_y + 1) for one example with true class y."""
    return _sum(*(PositivePart(hinge_margin(s, m, y)) for m in range(1, len(s) + 1) if m != y))


def svm_gradient_formula(C: int, y: int, q=None):
    """The general result, 1{j≠y}·q_j − 1{j=y}·Σ_{m≠y} q_m for j = 1..C, evaluated literally.

    q maps m to q_m; by default q_m = 1{s_m − s_y + 1 > 0}, so the result can be compared with diff.
    """
    s = scores(C)
    if q is None:
        q = {m: Indicator(hinge_margin(s, m, y) > 0) for m in range(1, C + 1) if m != y}
    others = sum(q[m] for m in range(1, C + 1) if m != y)
    return sp.Matrix([Indicator(sp.Ne(j, y)) * q.get(j, 0) - Indicator(sp.Eq(j, y)) * others for j in range(1, C + 1)])


# ---------------------------------------------------------------- the rule for any class: general indices
GENERAL_C = 3  # the facts below hold for every j, m, y in 1..3 (tests run each combination)
m_g, j_g, y_g = sp.symbols("m j y", integer=True)


def s_of(index):
    return family("s", index, GENERAL_C)


def q_of(index):
    return family("q", index, GENERAL_C)


GENERAL_MARGIN = _sum(s_of(m_g), -s_of(y_g), 1)
INDICES = {v: list(range(1, GENERAL_C + 1)) for v in (m_g, j_g, y_g)}
S_DOMAIN = {real(f"s_{k}"): (-2.0, 2.0) for k in range(1, GENERAL_C + 1)}
Q_DOMAIN = {real(f"q_{k}"): (0.0, 1.0) for k in range(1, GENERAL_C + 1)}

hypothesis(
    "svm_loss_definition",
    sp.Eq(real("L"), sum_over(PositivePart(GENERAL_MARGIN), m_g, GENERAL_C, sp.Ne(m_g, y_g)), evaluate=False),
    kind="definition",
    en="the multiclass SVM (hinge) loss of one example with true class y",
    zh="真实类别为 y 的单个样本的多分类 SVM（合页）损失",
)
hypothesis(
    "svm_q_definition",
    sp.Eq(q_of(m_g), Indicator(GENERAL_MARGIN > 0), evaluate=False),
    kind="definition",
    en="q_m: is the margin against class m violated?",
    zh="q_m：与类别 m 之间的间隔是否被违反",
)
hypothesis(
    "svm_kink",
    sp.Eq(GENERAL_MARGIN, 0, evaluate=False),
    kind="assumption",
    en="a margin exactly on the hinge's kink",
    zh="间隔恰好落在合页函数的折点上",
)
hypothesis(
    "svm_violated",
    sp.StrictGreaterThan(GENERAL_MARGIN, 0, evaluate=False),
    kind="convention",
    en="a term counts as violated only when its margin is strictly positive (the strict > at the kink, "
    "as in derive.numerics.losses.svm_loss)",
    zh="只有间隔严格为正时才算违反（折点处取严格的 >，与 derive.numerics.losses.svm_loss 一致）",
)
hypothesis(
    "svm_violated_seed",
    sp.GreaterThan(GENERAL_MARGIN, 0, evaluate=False),
    kind="convention",
    en="the source's test for a violated margin, which counts the kink as violated",
    zh="原文判断间隔被违反的条件，它把折点也算作违反",
)
hypothesis(
    "svm_kink_q",
    sp.Eq(q_of(m_g), 0, evaluate=False),
    kind="convention",
    en="at a kink the hinge's slope is taken as 0",
    zh="在折点处合页函数的斜率取 0",
)

fact(
    "svm_margin_slope",
    IndexedPartial(GENERAL_MARGIN, s_of(j_g)),
    _sum(Indicator(sp.Eq(m_g, j_g)), -Indicator(sp.Eq(j_g, y_g))),
    en="s_m moves with s_j only when m is j, and s_y only when j is y",
    zh="s_m 只在 m 就是 j 时随 s_j 变化，s_y 只在 j 就是 y 时随之变化",
    domain={**INDICES, **S_DOMAIN},
    mutations=[substitute(sp.Eq(m_g, j_g), sp.Ne(m_g, j_g), what="1{m ≠ j} in place of 1{m = j}")],
    numeric_only=True,
)  # SymPy's simplifier stalls on the Piecewise over indices; tests run every index

SVM_GENERAL_GRADIENT = _sum(
    product(Indicator(sp.Ne(j_g, y_g)), q_of(j_g)),
    -product(Indicator(sp.Eq(j_g, y_g)), sum_over(q_of(m_g), m_g, GENERAL_C, sp.Ne(m_g, y_g))),
)
fact(
    "svm_gradient_general",
    sum_over(
        product(q_of(m_g), _sum(Indicator(sp.Eq(m_g, j_g)), -Indicator(sp.Eq(j_g, y_g)))),
        m_g,
        GENERAL_C,
        sp.Ne(m_g, y_g),
    ),
    SVM_GENERAL_GRADIENT,
    en="the first sum picks q_j out, which needs [[hypothesis:class_is_other]] (its indicator says so); the "
    "second term does not depend on m",
    zh="第一个和式取出 q_j，前提是 [[hypothesis:class_is_other]]（由它的指示函数表达）；第二项与 m 无关",
    domain={j_g: INDICES[j_g], y_g: INDICES[y_g], **Q_DOMAIN},
    mutations=[substitute(sp.Ne(j_g, y_g), sp.Eq(j_g, y_g), what="1{j = y} in place of 1{j ≠ y}")],
    numeric_only=True,
)


# ---------------------------------------------------------------- the chains for 2, 3, 4 classes
def svm_gradient_steps(C: int, y: int):
    """The chain of steps for ∂L/∂s_j, j = 1..C, and the definitions it uses."""
    s = scores(C)
    L = real("L")
    classes = range(1, C + 1)
    others = [m for m in classes if m != y]
    q = {m: real(f"q_{m}") for m in others}
    rewritten = _sum(*(_mul(q[m], hinge_margin(s, m, y)) for m in others))
    definitions = {L: svm_loss_expr(s, y), **{q[m]: Indicator(hinge_margin(s, m, y) > 0) for m in others}}

    def slope(m, j):  # ∂(s_m − s_y + 1)/∂s_j
        return int(m == j) - int(j == y)

    steps = [
        Step(
            sp.Matrix([Partial(L, s[j - 1]) for j in classes]),
            rf"the gradient of one example's loss, {C} classes, true class [[eq:svm_true_class_c{C}]]",
            rf"单个样本损失的梯度，共 {C} 类，真实类别 [[eq:svm_true_class_c{C}]]",
        ),
        Step(
            sp.Matrix([Partial(rewritten, s[j - 1]) for j in classes]),
            "[[relation:indicator_positive_part]] with [[hypothesis:svm_q_definition]]",
            "[[relation:indicator_positive_part]]，记 [[hypothesis:svm_q_definition]]",
        ),
        Step(
            sp.Matrix(
                [_sum(*(product(q[m], Partial(hinge_margin(s, m, y), s[j - 1])) for m in others)) for j in classes]
            ),
            r"each $q_m$ is constant between kinks, so it comes out of the derivative; at a kink "
            r"([[hypothesis:svm_kink]]) we take [[hypothesis:svm_kink_q]]",
            r"在两个折点之间 $q_m$ 是常数，可以提到导数外面；在折点上（[[hypothesis:svm_kink]]）取 "
            r"[[hypothesis:svm_kink_q]]",
        ),
        Step(
            sp.Matrix([_sum(*(_mul(q[m], slope(m, j)) for m in others)) for j in classes]),
            "[[relation:svm_margin_slope]]",
            "[[relation:svm_margin_slope]]",
        ),
        Step(
            svm_gradient_formula(C, y, q),
            "collect: [[final:svm_gradient_general]]",
            "合并：[[final:svm_gradient_general]]",
        ),
    ]
    return steps, definitions, {v: (-2.0, 2.0) for v in s}, q


SVM_CASES = {2: 1, 3: 2, 4: 2}  # number of classes: true class


def _register_svm_gradients():
    out = {}
    for C, y in SVM_CASES.items():
        steps, definitions, domain, q = svm_gradient_steps(C, y)
        first_other = min(q)
        out[C] = derivation(
            f"svm_gradient_c{C}",
            title_en=f"Multiclass SVM loss, {C} classes: the gradient with respect to the scores",
            title_zh=f"多分类 SVM 损失（{C} 类）对打分的梯度",
            steps=steps,
            domain=domain,
            definitions=definitions,
            mutations=[
                substitute(q[first_other], 1, what=f"q_{first_other} replaced by 1 (the indicator forgotten)"),
            ]
            + (
                [
                    Mutation(
                        "∂(s_m − s_y + 1)/∂s_y taken as +1",
                        lambda d: d.with_step(3, d.steps[3].expr.applyfunc(lambda e: e.xreplace({-1: 1}))),
                    )
                ]
                if C <= 3
                else []
            ),  # (slow to reject for four classes; the sign flips below cover it)
        )
    return out


SVM_GRADIENTS = _register_svm_gradients()
