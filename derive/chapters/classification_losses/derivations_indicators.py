"""Indicator algebra: a case distinction written as 1{condition}, so that the ordinary rules of
differentiation apply. A max becomes a product with an indicator, picking a component becomes a sum with
one, and AND, NOT, OR become products, complements and sums. Rules over truth values are also checked
exhaustively (truth_table); facts here are the relations the page cites in its prose.
"""

from __future__ import annotations

import itertools

import sympy as sp

from derive.chapters.classification_losses.notation import Indicator, PositivePart, condition, family, sum_over
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Mutation, Step, derivation, fact, hypothesis

u_var, v_var = sp.symbols("u v", real=True)
A, B = condition("A", u_var), condition("B", v_var)
CONDITION_DOMAIN = {u_var: (-1.0, 1.0), v_var: (-1.0, 1.0)}
a, b, t = sp.symbols("a b t", real=True)
one_A, one_B = Indicator(A), Indicator(B)


def truth_table(lhs, rhs, variables=(u_var, v_var)):
    """Both sides of an indicator identity for every combination of truth values of A and B.

    Returns rows ((A, B), lhs value, rhs value) in the order (F, F), (F, T), (T, F), (T, T).
    Exhaustive: two conditions have only four cases, so nothing is left to chance.
    """
    rows = []
    for values in itertools.product([False, True], repeat=len(variables)):
        point = {var: 1 if holds else -1 for var, holds in zip(variables, values, strict=True)}
        left, right = sp.sympify(lhs).subs(point).doit(), sp.sympify(rhs).subs(point).doit()
        rows.append((values, int(left), int(right)))
    return rows


def counterexamples(lhs, rhs, variables=(u_var, v_var)):
    """The combinations of truth values at which an indicator identity fails ([] when it holds)."""
    return [values for values, left, right in truth_table(lhs, rhs, variables) if left != right]


RULES = {
    # name: (left side, right side, holds?)
    "and": (Indicator(A & B), one_A * one_B, True),
    "not": (Indicator(~A), 1 - one_A, True),
    "or": (Indicator(A | B), one_A + one_B - one_A * one_B, True),
    "or_max": (Indicator(A | B), sp.Max(one_A, one_B), True),
    "or_seed": (Indicator(A | B), one_A + one_B, False),  # the source's rule: wrong when A and B both hold
    "or_exclusive": (Indicator(A | B) * (1 - one_A * one_B), (one_A + one_B) * (1 - one_A * one_B), True),
}

# ---------------------------------------------------------------- conditions the page names
hypothesis(
    "indicator_min_tie",
    sp.Eq(a, b),
    kind="assumption",
    en="the point where the two cases of the minimum meet",
    zh="最小值的两种情况交界的点",
)
hypothesis(
    "hinge_kink_point",
    sp.Eq(t, 0),
    kind="assumption",
    en="the kink of the hinge max(0, t)",
    zh="合页函数 max(0, t) 的折点",
)
j_class, y_class = sp.symbols("j y", integer=True)
hypothesis(
    "class_is_true",
    sp.Eq(j_class, y_class),
    kind="assumption",
    en="the case: class j is the true class y",
    zh="情形：类别 j 就是真实类别 y",
)
hypothesis(
    "class_is_other",
    sp.Ne(j_class, y_class),
    kind="assumption",
    en="the case: class j is not the true class y",
    zh="情形：类别 j 不是真实类别 y",
)

# ---------------------------------------------------------------- cases as sums of terms
indicator_min = derivation(
    "indicator_min",
    title_en="A minimum written with indicators: [[relation]]",
    title_zh="用指示函数写最小值：[[relation]]",
    steps=[
        Step(sp.Min(a, b), "the smaller of two numbers", "两个数中较小的那个"),
        Step(
            _sum(product(Indicator(a <= b), a), product(Indicator(a > b), b)),
            "one indicator per case: the two conditions exclude each other and one of them always holds, "
            "so exactly one term survives",
            "每种情况配一个指示函数：两个条件互斥且必有一个成立，所以恰好留下一项",
        ),
    ],
    domain={a: (-3.0, 3.0), b: (-3.0, 3.0)},
    mutations=[
        substitute(Indicator(a > b), Indicator(a < b), what="the second condition reversed"),
        substitute(Indicator(a <= b), Indicator(a >= b), what="the first condition reversed"),
    ],
)

fact(
    "indicator_min_other_tie",
    sp.Min(a, b),
    _sum(product(Indicator(a < b), a), product(Indicator(a >= b), b)),
    en="the tie may go to either case: there both terms are the same number",
    zh="相等的情形归入哪一边都可以：那里两项是同一个数",
    domain={a: (-3.0, 3.0), b: (-3.0, 3.0)},
    mutations=[substitute(Indicator(a >= b), Indicator(a <= b), what="both cases claim a < b")],
    numeric_only=True,
)  # the two sides differ only where a = b; the tests check ties exactly

hinge_either_tie = fact(
    "indicator_hinge_either_tie",
    product(Indicator(t > 0), t),
    product(Indicator(t >= 0), t),
    en="the two differ only at the kink, where the factor t is 0",
    zh="两者只在折点处不同，而那里因子 t 为 0",
    domain={t: (-3.0, 3.0)},
    mutations=[substitute(Indicator(t >= 0), Indicator(t <= 0), what="the condition reversed")],
    numeric_only=True,
)  # the two sides differ only at t = 0; the tests check it exactly

indicator_positive_part = derivation(
    "indicator_positive_part",
    title_en="The hinge: [[relation]]",
    title_zh="合页函数：[[relation]]",
    steps=[
        Step(PositivePart(t), r"keep $t$ when it is positive, else 0", r"$t$ 为正时取 $t$，否则取 0"),
        Step(
            product(Indicator(t > 0), t),
            r"the indicator switches the term off unless $t$ is positive; at the kink "
            r"[[hypothesis:hinge_kink_point]] both sides are 0, so [[relation:indicator_hinge_either_tie]] "
            r"is just as right",
            r"$t$ 不为正时指示函数把这一项关掉；在折点 [[hypothesis:hinge_kink_point]] 处两边都是 0，"
            r"所以写成 [[relation:indicator_hinge_either_tie]] 也同样正确",
        ),
    ],
    domain={t: (-3.0, 3.0)},
    mutations=[substitute(Indicator(t > 0), Indicator(t < 0), what="the condition reversed")],
)

# ---------------------------------------------------------------- picking one component
i_index, k_index = sp.symbols("i k", integer=True)
Y = sp.IndexedBase("Y")
SELECT_K, SELECT_C = 3, 4
GENERAL_SELECT_C = 6  # the general rule is checked for k = 1..6 among six components


def _literal_indicator(left: int, right: int):
    """1{left = right} for two given numbers, kept unevaluated so the page can show it."""
    return Indicator(sp.Eq(left, right, evaluate=False), evaluate=False)


indicator_select_general = fact(
    "indicator_select_general",
    sum_over(
        product(Indicator(sp.Eq(i_index, k_index)), family("Y", i_index, GENERAL_SELECT_C)), i_index, GENERAL_SELECT_C
    ),
    family("Y", k_index, GENERAL_SELECT_C),
    en="only the term with i equal to k has indicator 1",
    zh="只有 i 等于 k 的那一项指示函数为 1",
    domain={
        k_index: list(range(1, GENERAL_SELECT_C + 1)),
        **{sp.Symbol(f"Y_{n}", real=True): (-5.0, 5.0) for n in range(1, GENERAL_SELECT_C + 1)},
    },
    mutations=[substitute(k_index, k_index + 1, what="the neighbouring component picked")],
    numeric_only=True,
)  # SymPy's simplifier stalls on the Piecewise over i; tests run every k symbolically

indicator_select = derivation(
    "indicator_select",
    title_en="Picking one component: [[relation:indicator_select_general]]",
    title_zh="取出一个分量：[[relation:indicator_select_general]]",
    steps=[
        Step(
            sp.Sum(Indicator(sp.Eq(i_index, SELECT_K)) * Y[i_index], (i_index, 1, SELECT_C)),
            rf"a sum over $i$ from 1 to {SELECT_C}, with [[eq:indicator_select_k]]",
            rf"对 $i$ 从 1 到 {SELECT_C} 求和，取 [[eq:indicator_select_k]]",
        ),
        Step(
            _sum(*(product(_literal_indicator(i, SELECT_K), Y[i]) for i in range(1, SELECT_C + 1))),
            "write the sum out",
            "把和式逐项写开",
        ),
        Step(
            Y[SELECT_K],
            r"only the term with index $k$ has indicator 1; the rule needs $k$ to be one of the "
            r"indices summed over",
            r"只有下标为 $k$ 的那一项指示函数为 1；前提是 $k$ 在求和的下标范围之内",
        ),
    ],
    domain={Y[i]: (-5.0, 5.0) for i in range(1, SELECT_C + 1)},
    mutations=[substitute(Y[SELECT_K], Y[SELECT_K - 1], what="the wrong component picked")],
)

# ---------------------------------------------------------------- AND, NOT, OR
indicator_and = derivation(
    "indicator_and",
    title_en="AND is a product: [[relation]]",
    title_zh="“与”就是乘积：[[relation]]",
    steps=[
        Step(Indicator(A & B), r"1 when both $A$ and $B$ hold", r"$A$ 与 $B$ 同时成立时为 1"),
        Step(
            product(one_A, one_B),
            "a product of 0s and 1s is 1 only when every factor is 1",
            "由 0 和 1 组成的乘积，只有每个因子都是 1 时才等于 1",
        ),
    ],
    domain=CONDITION_DOMAIN,
    mutations=[substitute(one_B, 1, what="the factor 1{B} dropped")],
)

indicator_not = derivation(
    "indicator_not",
    title_en="NOT is a complement: [[relation]]",
    title_zh="“非”就是取补：[[relation]]",
    steps=[
        Step(Indicator(~A), r"1 when $A$ fails", r"$A$ 不成立时为 1"),
        Step(
            1 - one_A,
            r"exactly one of $A$, $\neg A$ holds, so the two indicators add up to 1",
            r"$A$ 与 $\neg A$ 恰有一个成立，所以两个指示函数之和为 1",
        ),
    ],
    domain={u_var: (-1.0, 1.0)},
    mutations=[substitute(-one_A, one_A, what="1 + 1{A} instead of 1 − 1{A}")],
)

OR_SUM = _sum(one_A, one_B, -product(one_A, one_B))
fact(
    "indicator_or_rule",
    Indicator(A | B),
    OR_SUM,
    en="inclusion and exclusion: the product removes the case counted twice",
    zh="容斥：乘积项扣除被数了两次的情形",
    domain=CONDITION_DOMAIN,
    mutations=[Mutation("the source's rule 1{A} + 1{B}", lambda d: d.with_step(1, one_A + one_B))],
)

fact(
    "indicator_or_union_bound",
    Indicator(A | B),
    _sum(one_A, one_B),
    relation="<=",
    en="the sum counts the case where both hold twice, so it can only be too large",
    zh="两者都成立的情形被数了两次，所以和只可能偏大",
    domain=CONDITION_DOMAIN,
    mutations=[substitute(one_B, 0, what="the term 1{B} dropped")],
    numeric_only=True,
)  # tests compare the two sides on the whole truth table

indicator_or = derivation(
    "indicator_or",
    title_en="OR: [[relation:indicator_or_rule]]",
    title_zh="“或”：[[relation:indicator_or_rule]]",
    steps=[
        Step(Indicator(A | B), r"1 when at least one of $A$, $B$ holds", r"$A$、$B$ 至少有一个成立时为 1"),
        Step(
            1 - Indicator(~A & ~B),
            r"De Morgan: $A \vee B$ fails only when neither holds",
            r"德摩根律：只有两者都不成立时 $A \vee B$ 才不成立",
        ),
        Step(
            1 - _mul(1 - one_A, 1 - one_B),
            "NOT is a complement and AND is a product (above)",
            "“非”是取补，“与”是乘积（见上文）",
        ),
        Step(OR_SUM, r"expand: the product term removes the case counted twice", r"展开：乘积项扣除被数了两次的情形"),
        Step(
            sp.Max(one_A, one_B), "equivalently, the larger of the two indicators", "等价地，取两个指示函数中较大的那个"
        ),
    ],
    domain=CONDITION_DOMAIN,
    mutations=[
        Mutation("the source's rule 1{A} + 1{B}", lambda d: d.with_step(3, one_A + one_B)),
        substitute(sp.Max(one_A, one_B), sp.Min(one_A, one_B), what="max replaced by min"),
    ],
)

# Exclusive cases add up: the step the softmax derivation takes, with p_j any number.
p_any = sp.Symbol("p_j", real=True)
CLASS_INDICES = {j_class: [1, 2, 3], y_class: [1, 2, 3]}
fact(
    "indicator_exclusive_sum",
    _sum(product(Indicator(sp.Ne(j_class, y_class)), p_any), product(Indicator(sp.Eq(j_class, y_class)), p_any)),
    p_any,
    en="exactly one of the two cases holds, so here adding the indicators is right",
    zh="两种情形恰有一个成立，所以这里把指示函数相加是对的",
    domain={**CLASS_INDICES, p_any: (0.0, 1.0)},
    mutations=[substitute(sp.Ne(j_class, y_class), sp.Eq(j_class, y_class), step=0, what="both cases j = y")],
)

# ---------------------------------------------------------------- the source's own OR example
x_real = sp.Symbol("x", real=True)
SEED_OR_LEFT = Indicator((x_real > 5) | (x_real < 10))
SEED_OR_RIGHT = Indicator(x_real > 5) + Indicator(x_real < 10)

fact(
    "indicator_seed_example_always",
    SEED_OR_LEFT,
    sp.Integer(1),
    en="every real number is above 5 or below 10",
    zh="每个实数都大于 5 或小于 10",
    domain={x_real: (3.0, 12.0)},
    mutations=[Mutation("the source's sum", lambda d: d.with_step(1, SEED_OR_RIGHT))],
)


def seed_or_failures(candidates=range(0, 16)) -> list[int]:
    """The integers x at which the source's own example 1{x > 5 ∨ x < 10} = 1{x > 5} + 1{x < 10} fails."""
    return [x for x in candidates if SEED_OR_LEFT.subs(x_real, x) != SEED_OR_RIGHT.subs(x_real, x)]
