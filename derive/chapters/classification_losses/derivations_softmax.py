"""Softmax cross-entropy: the softmax Jacobian, the gradient p_j − 1{j = y} reached two ways (through
log-sum-exp and through p_y), the shift invariance behind subtracting the maximum, and the log1p form
that keeps tiny losses. Each chain is for three classes with true class 2; the general-index facts state
the same rules for any class.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.classification_losses.notation import (
    Fraction,
    IndexedPartial,
    Indicator,
    Partial,
    Ratio,
    Slash,
    family,
    max_over,
    real,
    shown,
    sum_over,
)
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, fact, hypothesis


def scores(C: int):
    return sp.symbols(f"s_1:{C + 1}", real=True)


C_SOFTMAX, Y_SOFTMAX = 3, 2
s = scores(C_SOFTMAX)
# Z and p_j are functions of the scores, shown by name. (A plain symbol Z inside a derivative would be
# held constant by SymPy; a function of s is differentiated through.)
Zf = shown("Z")
pf = [shown(f"p_{j}") for j in range(1, C_SOFTMAX + 1)]
Z = Zf(*s)
p = [f(*s) for f in pf]
L_ce = real("L")
Z_EXPR = _sum(*(sp.exp(v) for v in s))
SOFTMAX_DEFINITIONS = {
    Zf: sp.Lambda(s, Z_EXPR),
    **{pf[j]: sp.Lambda(s, sp.exp(s[j]) / Zf(*s)) for j in range(C_SOFTMAX)},
}
SOFTMAX_WHERE_EN = "; [[hypothesis:softmax_p_definition]], [[hypothesis:softmax_Z_definition]]"
SOFTMAX_WHERE_ZH = "；[[hypothesis:softmax_p_definition]]，[[hypothesis:softmax_Z_definition]]"
SCORE_DOMAIN = {v: (-4.0, 4.0) for v in s}
y_ = Y_SOFTMAX
CLASSES = range(1, C_SOFTMAX + 1)

# ---------------------------------------------------------------- the general rules, for any class
i_g, j_g, m_g, y_g = sp.symbols("i j m y", integer=True)
Z_name = real("Z")


def s_of(index):
    return family("s", index, C_SOFTMAX)


GENERAL_Z = sum_over(sp.exp(s_of(m_g)), m_g, C_SOFTMAX)
P_MEMBERS = [sp.exp(v) / Z_EXPR for v in s]


def p_of(index):
    return family("p", index, C_SOFTMAX, P_MEMBERS)


INDICES = {v: list(CLASSES) for v in (i_g, j_g, m_g, y_g)}

hypothesis(
    "softmax_p_definition",
    sp.Eq(p_of(j_g), Slash(sp.exp(s_of(j_g)), Z_name), evaluate=False),
    kind="definition",
    en="the softmax probability of class j",
    zh="类别 j 的 softmax 概率",
)
hypothesis(
    "softmax_Z_definition",
    sp.Eq(Z_name, GENERAL_Z, evaluate=False),
    kind="definition",
    en="the softmax normaliser",
    zh="softmax 的归一化因子",
)
hypothesis(
    "cross_entropy_definition",
    sp.Eq(L_ce, -sp.log(family("p", y_g, C_SOFTMAX)), evaluate=False),
    kind="definition",
    en="cross-entropy: minus the log of the true class's probability",
    zh="交叉熵：真实类别概率的负对数",
)
hypothesis(
    "softmax_row_Z",
    sp.Eq(real("Z_i"), sum_over(sp.exp(real("s_{im}")), m_g, C_SOFTMAX), evaluate=False),
    kind="definition",
    en="the normaliser of row i",
    zh="第 i 行的归一化因子",
)
hypothesis(
    "softmax_shift_choice",
    sp.Eq(real("c"), max_over(s_of(m_g), m_g, C_SOFTMAX), evaluate=False),
    kind="convention",
    en="the shift the code subtracts: the largest score",
    zh="代码减去的平移量：最大的打分",
)
hypothesis(
    "lse_largest_score",
    sp.Eq(real("m"), s[0], evaluate=False),
    kind="assumption",
    en="the largest score of the row, here the first",
    zh="这一行中最大的打分，这里是第一个",
)
hypothesis(
    "classification_margin",
    sp.Eq(real(r"\mu"), _sum(s_of(y_g), -max_over(s_of(j_g), j_g, C_SOFTMAX, sp.Ne(j_g, y_g))), evaluate=False),
    kind="definition",
    en="the margin of an example: its true score minus the best other score",
    zh="样本的间隔：真实类别的打分减去其他类别中最高的打分",
)

fact(
    "softmax_jacobian_general",
    IndexedPartial(p_of(i_g), s_of(j_g)),
    _mul(p_of(i_g), _sum(Indicator(sp.Eq(i_g, j_g)), -p_of(j_g))),
    en="the quotient rule on each entry, written with one indicator for the diagonal",
    zh="对每个元素用商的求导法则，对角线用一个指示函数表示",
    domain={i_g: INDICES[i_g], j_g: INDICES[j_g], **SCORE_DOMAIN},
    mutations=[substitute(sp.Eq(i_g, j_g), sp.Ne(i_g, j_g), what="1{i ≠ j} in place of 1{i = j}")],
    numeric_only=True,
)  # SymPy's simplifier stalls on the Piecewise over indices; tests run every index

fact(
    "softmax_Z_slope",
    IndexedPartial(Z_name, s_of(j_g)),
    sp.exp(s_of(j_g)),
    en="only the term with m equal to j depends on s_j",
    zh="只有 m 等于 j 的那一项依赖 s_j",
    domain={j_g: INDICES[j_g], **SCORE_DOMAIN},
    definitions={Z_name: GENERAL_Z},
    mutations=[Mutation("the whole sum kept", lambda d: d.with_step(1, GENERAL_Z))],
    numeric_only=True,
)

fact(
    "score_slope",
    IndexedPartial(s_of(y_g), s_of(j_g)),
    Indicator(sp.Eq(j_g, y_g)),
    en="a score moves only with itself",
    zh="一个打分只随它自己变化",
    domain={j_g: INDICES[j_g], y_g: INDICES[y_g], **SCORE_DOMAIN},
    mutations=[substitute(sp.Eq(j_g, y_g), sp.Ne(j_g, y_g), what="1{j ≠ y} in place of 1{j = y}")],
    numeric_only=True,
)

p_any = real("p_j")
CASES_EXPR = _sum(product(Indicator(sp.Ne(j_g, y_g)), p_any), -product(Indicator(sp.Eq(j_g, y_g)), 1 - p_any))
fact(
    "softmax_ce_gradient_cases",
    CASES_EXPR,
    _sum(p_any, -Indicator(sp.Eq(j_g, y_g))),
    en="[[relation:indicator_exclusive_sum]]: the two cases exclude each other",
    zh="[[relation:indicator_exclusive_sum]]：两种情形互斥",
    domain={j_g: INDICES[j_g], y_g: INDICES[y_g], p_any: (0.0, 1.0)},
    mutations=[substitute(1 - p_any, p_any, step=0, what="1 − p_j replaced by p_j")],
)

ce_general_definitions = {L_ce: -sp.log(p_of(y_g))}
fact(
    "softmax_ce_gradient_general",
    IndexedPartial(L_ce, s_of(j_g)),
    _sum(p_of(j_g), -Indicator(sp.Eq(j_g, y_g))),
    en="either derivation below",
    zh="见下面任意一种推导",
    domain={j_g: INDICES[j_g], y_g: INDICES[y_g], **SCORE_DOMAIN},
    definitions=ce_general_definitions,
    mutations=[substitute(-Indicator(sp.Eq(j_g, y_g)), Indicator(sp.Eq(j_g, y_g)), what="+1 at the true class")],
    numeric_only=True,
)

sy_any, Z_any = real("s_y"), sp.Symbol("Z", positive=True)
fact(
    "ce_log_split",
    -sp.log(Fraction(sp.exp(sy_any), Z_any)),
    _sum(sp.log(Z_any), -sy_any),
    en="the log of a quotient, and log e^{s_y} is s_y",
    zh="商的对数，且 log e^{s_y} 就是 s_y",
    domain={sy_any: (-4.0, 4.0), Z_any: (0.1, 20.0)},
    mutations=[substitute(-sy_any, sy_any, what="+s_y")],
)

sm_any, c_any = real("s_m"), real("c")
fact(
    "exp_shift_factor",
    sp.exp(sm_any - c_any),
    product(sp.exp(-c_any), sp.exp(sm_any)),
    en="the exponential of a difference is a product",
    zh="差的指数等于指数之积",
    domain={sm_any: (-4.0, 4.0), c_any: (-4.0, 4.0)},
    mutations=[substitute(sp.exp(-c_any), sp.exp(c_any), what="e^{c} in place of e^{-c}")],
)


def _quotient_rule_entry(i, j):
    """∂(e^{s_i}/Z)/∂s_j by the quotient rule, before any simplification (indices from 0)."""
    both = _mul(sp.exp(s[i]), sp.exp(s[j]))
    return Ratio(_sum(_mul(sp.exp(s[i]), Z), -both), Z**2) if i == j else -Ratio(both, Z**2)


softmax_jacobian = derivation(
    "softmax_jacobian",
    title_en="The softmax Jacobian: [[relation:softmax_jacobian_general]]",
    title_zh="softmax 的雅可比矩阵：[[relation:softmax_jacobian_general]]",
    steps=[
        Step(
            sp.Matrix(3, 3, lambda i, j: Partial(p[i], s[j])),
            r"row $i$, column $j$: how $p_i$ moves with $s_j$" + SOFTMAX_WHERE_EN,
            r"第 $i$ 行第 $j$ 列：$p_i$ 随 $s_j$ 的变化率" + SOFTMAX_WHERE_ZH,
        ),
        Step(
            sp.Matrix(3, 3, lambda i, j: _quotient_rule_entry(i, j)),
            r"quotient rule on $e^{s_i}/Z$, with [[relation:softmax_Z_slope]]; the numerator $e^{s_i}$ "
            r"depends on $s_j$ only on the diagonal",
            r"对 $e^{s_i}/Z$ 用商的求导法则，[[relation:softmax_Z_slope]]；分子 $e^{s_i}$ 只在对角线上依赖 $s_j$",
        ),
        Step(
            sp.Matrix(3, 3, lambda i, j: _mul(p[i], 1 - p[j]) if i == j else -_mul(p[i], p[j])),
            r"[[hypothesis:softmax_p_definition]]: diagonal $p_i(1 - p_i)$, elsewhere $-p_i p_j$",
            r"[[hypothesis:softmax_p_definition]]：对角线上是 $p_i(1 - p_i)$，其余是 $-p_i p_j$",
        ),
    ],
    domain=SCORE_DOMAIN,
    definitions=SOFTMAX_DEFINITIONS,
    mutations=[substitute(1 - p[0], 1 + p[0], what="1 − p₁ replaced by 1 + p₁")],
)

ce_definition = -sp.log(sp.exp(s[y_ - 1]) / Z)

softmax_ce_gradient_lse = derivation(
    "softmax_ce_gradient_lse",
    title_en="Softmax cross-entropy through log-sum-exp: [[relation:softmax_ce_gradient_general]]",
    title_zh="借助对数和指数求 softmax 交叉熵的梯度：[[relation:softmax_ce_gradient_general]]",
    steps=[
        Step(
            sp.Matrix([Partial(L_ce, v) for v in s]),
            rf"one example, {C_SOFTMAX} classes, true class [[eq:softmax_true_class]]" + SOFTMAX_WHERE_EN,
            rf"单个样本，共 {C_SOFTMAX} 类，真实类别 [[eq:softmax_true_class]]" + SOFTMAX_WHERE_ZH,
        ),
        Step(
            sp.Matrix([Partial(_sum(sp.log(Z), -s[y_ - 1]), v) for v in s]),
            "[[relation:ce_log_split]]",
            "[[relation:ce_log_split]]",
        ),
        Step(
            sp.Matrix([_sum(_mul(Ratio(1, Z), Partial(Z, v)), -Partial(s[y_ - 1], v)) for v in s]),
            r"chain rule through the logarithm, whose slope at $Z$ is $1/Z$",
            r"经对数用链式法则，对数在 $Z$ 处的斜率是 $1/Z$",
        ),
        Step(
            sp.Matrix(
                [_sum(Ratio(sp.exp(s[j - 1]), Z), -1) if j == y_ else Ratio(sp.exp(s[j - 1]), Z) for j in CLASSES]
            ),
            "[[relation:softmax_Z_slope]] and [[relation:score_slope]]",
            "[[relation:softmax_Z_slope]]，[[relation:score_slope]]",
        ),
        Step(
            sp.Matrix([_sum(p[j - 1], -1) if j == y_ else p[j - 1] for j in CLASSES]),
            "[[hypothesis:softmax_p_definition]]",
            "[[hypothesis:softmax_p_definition]]",
        ),
    ],
    domain=SCORE_DOMAIN,
    definitions={L_ce: ce_definition, **SOFTMAX_DEFINITIONS},
    mutations=[substitute(_sum(p[y_ - 1], -1), p[y_ - 1], what="the −1 at the true class dropped")],
)

softmax_ce_gradient_py = derivation(
    "softmax_ce_gradient_py",
    title_en=r"The same gradient through $\partial p_y / \partial s_j$",
    title_zh=r"经由 $\partial p_y / \partial s_j$ 求同一个梯度",
    steps=[
        Step(
            sp.Matrix([Partial(L_ce, v) for v in s]),
            "[[hypothesis:cross_entropy_definition]], true class [[eq:softmax_true_class]]" + SOFTMAX_WHERE_EN,
            "[[hypothesis:cross_entropy_definition]]，真实类别 [[eq:softmax_true_class]]" + SOFTMAX_WHERE_ZH,
        ),
        Step(
            sp.Matrix([-_mul(Ratio(1, p[y_ - 1]), Partial(p[y_ - 1], v)) for v in s]),
            r"chain rule through $-\log$, whose slope at $p_y$ is $-1/p_y$",
            r"经 $-\log$ 用链式法则，它在 $p_y$ 处的斜率是 $-1/p_y$",
        ),
        Step(
            sp.Matrix(
                [
                    -_mul(
                        Ratio(1, p[y_ - 1]), _mul(p[y_ - 1], 1 - p[j - 1]) if j == y_ else _mul(-1, p[y_ - 1], p[j - 1])
                    )
                    for j in CLASSES
                ]
            ),
            r"row $y$ of the softmax Jacobian, [[relation:softmax_jacobian_general]] with $i$ set to $y$",
            r"softmax 雅可比矩阵的第 $y$ 行，即 [[relation:softmax_jacobian_general]] 中取 $i$ 为 $y$",
        ),
        Step(
            sp.Matrix([_mul(-1, 1 - p[j - 1]) if j == y_ else p[j - 1] for j in CLASSES]),
            "cancel $p_y$: [[first:softmax_ce_gradient_cases]]",
            "约去 $p_y$：[[first:softmax_ce_gradient_cases]]",
        ),
        Step(
            sp.Matrix([_sum(p[j - 1], -1) if j == y_ else p[j - 1] for j in CLASSES]),
            "[[relation:indicator_exclusive_sum]]: the two cases exclude each other, so here adding the "
            "indicators is right",
            "[[relation:indicator_exclusive_sum]]：两种情形互斥，所以这里把指示函数相加是对的",
        ),
    ],
    domain=SCORE_DOMAIN,
    definitions={L_ce: -sp.log(p[y_ - 1]), **SOFTMAX_DEFINITIONS},
    mutations=[Mutation("the minus of −log lost", lambda d: d.with_step(1, -d.steps[1].expr))],
)

c_shift = real("c")
shifted = [sp.exp(v - c_shift) for v in s]

softmax_shift_invariance = derivation(
    "softmax_shift_invariance",
    title_en="Subtracting the same number from every score does not change the softmax",
    title_zh="所有打分减去同一个数，softmax 不变",
    steps=[
        Step(
            shifted[0] / _sum(*shifted),
            r"$p_1$ computed from the shifted scores $s_m - c$",
            r"用平移后的打分 $s_m - c$ 计算 $p_1$",
        ),
        Step(
            Ratio(_mul(sp.exp(-c_shift), sp.exp(s[0])), _mul(sp.exp(-c_shift), Z_EXPR)),
            "[[relation:exp_shift_factor]]: the same factor in every term",
            "[[relation:exp_shift_factor]]：每一项都有同一个因子",
        ),
        Step(sp.exp(s[0]) / Z_EXPR, r"$e^{-c}$ cancels, whatever $c$ is", r"无论 $c$ 取何值，$e^{-c}$ 都被约去"),
        Step(p[0], "the softmax of the original scores, [[def:p_1]]", "即原打分的 softmax，[[def:p_1]]"),
    ],
    domain={**SCORE_DOMAIN, c_shift: (-50.0, 50.0)},
    definitions=SOFTMAX_DEFINITIONS,
    mutations=[Mutation("only the numerator shifted", lambda d: d.with_step(2, shifted[0] / Z_EXPR))],
)

r_rest = real("r")

softmax_ce_log1p_form = derivation(
    "softmax_ce_log1p_form",
    title_en=r"Cross-entropy in a form that keeps tiny losses: $(m - s_y) + \log(1 + r)$",
    title_zh=r"保住极小损失的交叉熵写法：$(m - s_y) + \log(1 + r)$",
    steps=[
        Step(
            -sp.log(sp.exp(s[y_ - 1]) / Z_EXPR),
            "one example's loss, true class [[eq:softmax_true_class]]",
            "单个样本的损失，真实类别 [[eq:softmax_true_class]]",
        ),
        Step(_sum(sp.log(Z_EXPR), -s[y_ - 1]), "log of a quotient", "商的对数"),
        Step(
            _sum(s[0], sp.log(_sum(1, sp.exp(s[1] - s[0]), sp.exp(s[2] - s[0]))), -s[y_ - 1]),
            r"factor out $e^{m}$, where [[hypothesis:lse_largest_score]] is the largest score, so no exponent "
            r"left is positive",
            r"提出因子 $e^{m}$，其中 [[hypothesis:lse_largest_score]] 是最大的打分，于是剩下的指数都不为正",
        ),
        Step(
            _sum(s[0] - s[y_ - 1], sp.log(1 + r_rest)),
            "[[def:r]] sums the terms other than the largest one",
            "[[def:r]] 是除最大项之外各项之和",
        ),
    ],
    domain=SCORE_DOMAIN,
    definitions={r_rest: sp.exp(s[1] - s[0]) + sp.exp(s[2] - s[0])},
    mutations=[substitute(sp.log(1 + r_rest), sp.log(r_rest), what="log r instead of log(1 + r)")],
)

fact(
    "softmax_true_class_gradient",
    _sum(p[y_ - 1], -1),
    -_sum(p[0], p[2]),
    en="the probabilities add up to 1",
    zh="各概率之和为 1",
    domain=SCORE_DOMAIN,
    definitions=SOFTMAX_DEFINITIONS,
    mutations=[substitute(p[2], 0, what="one of the other probabilities dropped")],
)
