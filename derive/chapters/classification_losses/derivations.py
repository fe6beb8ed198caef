"""Gradients of classification losses: indicator functions, the multiclass SVM (hinge) loss, softmax
cross-entropy, and mean squared error on softmax probabilities.

The trick that carries the chapter: write every "case by case" as an indicator 1{condition}, which is
1 when the condition holds and 0 otherwise. A max becomes a product with an indicator, picking one
component out of a sum becomes a sum with an indicator, and a derivative that depends on whether j is
the true class becomes one formula. Each rule is checked here, exhaustively where the variables are
truth values, and each gradient is checked by the step checker for a fixed number of classes; the
tests check the general formulas for up to six classes.

The NumPy code the page teaches is derive.losses (svm_loss, softmax_cross_entropy); this module adds
the lessons: the textbook log-sum-exp that drops tiny losses, and the source post's own code, run as
written.
"""

from __future__ import annotations

import itertools

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction
from sympy.printing.precedence import PRECEDENCE

from derive.numerics.losses import softmax, softmax_cross_entropy, softmax_cross_entropy_per_row, svm_loss
from derive.core.registry import Mutation, Step, derivation, value
from derive.core.notation import latex, product
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written as _mul  # short names: these steps nest them deeply
from derive.core.notation import sum_as_written as _sum

# ---------------------------------------------------------------- display helpers


class Indicator(sp.Function):
    """1{condition}: 1 where the condition holds, 0 elsewhere. Proofs see it as a Piecewise."""

    nargs = 1

    @classmethod
    def eval(cls, condition):
        if condition is sp.true:
            return sp.Integer(1)
        if condition is sp.false:
            return sp.Integer(0)
        return None

    def _eval_is_real(self):
        return True

    def _eval_is_nonnegative(self):
        return True

    def doit(self, **hints):
        condition = self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]
        return sp.Piecewise((1, condition), (0, True))

    def _eval_rewrite_as_Piecewise(self, condition, **kwargs):
        return sp.Piecewise((1, condition), (0, True))

    def _latex(self, printer, exp=None):
        tex = r"\mathbf{1}\{" + printer._print(self.args[0]) + r"\}"
        return tex if exp is None else f"{tex}^{{{exp}}}"


class PositivePart(sp.Function):
    """max(0, t), shown as such. Proofs see Piecewise((t, t > 0), (0, True)), whose derivative at the
    kink t = 0 is taken as 0, the same choice as derive.losses.svm_loss (strict >). SymPy's own Max
    would differentiate to Heaviside(t) with H(0) = 1/2, a third convention."""

    nargs = 1

    def doit(self, **hints):
        t = self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]
        return sp.Piecewise((t, t > 0), (0, True))

    def _latex(self, printer, exp=None):
        tex = r"\max\left(0, " + printer._print(self.args[0]) + r"\right)"
        return tex if exp is None else f"{tex}^{{{exp}}}"


def shown(tex: str):
    """An undefined function whose applications print as `tex` alone (p_1 rather than p_1(s_1, s_2, s_3)).

    A derivation's definitions give it meaning; the page shows the name.
    """
    def _latex(self, printer, exp=None):
        return tex if exp is None else f"{tex}^{{{exp}}}"

    return UndefinedFunction(tex, __dict__={"_latex": _latex})


class Partial(sp.Derivative):
    """A derivative shown as ∂f/∂x (SymPy would print d/dx f when f is a single symbol)."""

    def _latex(self, printer, exp=None):
        (var, _), = self.variable_count
        bottom = r"\partial " + printer._print(var)
        if isinstance(self.expr, (sp.Symbol, AppliedUndef)):
            tex = r"\dfrac{\partial %s}{%s}" % (printer._print(self.expr), bottom)
        else:
            tex = r"\dfrac{\partial}{%s} %s" % (bottom, printer.parenthesize(self.expr, PRECEDENCE["Mul"],
                                                                            strict=True))
        tex += STRUT
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


# A zero-width strut: full-size fractions stacked in a matrix would otherwise touch row to row.
STRUT = r"\rule[-1.1em]{0pt}{3em}"


class Ratio(sp.Function):
    """a/b shown as a full-size fraction, as written (SymPy would cancel or reorder it, and a fraction
    inside a matrix would be printed small). Proofs see the ordinary quotient."""

    nargs = 2

    def doit(self, **hints):
        top, bottom = (arg.doit(**hints) for arg in self.args) if hints.get("deep", True) else self.args
        return top / bottom

    def _latex(self, printer, exp=None):
        tex = r"\dfrac{%s}{%s}" % (printer._print(self.args[0]), printer._print(self.args[1])) + STRUT
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"




def _symbol(tex: str):
    return sp.Symbol(tex, real=True)


def _vector_tex(entries) -> str:
    return latex(sp.Matrix(entries).T)


# ---------------------------------------------------------------- 1. indicator algebra
def condition(name: str, variable):
    """A condition shown as a letter (A, B, ...). The checker samples it as `variable > 0`, so random
    points of the domain visit every combination of true and false."""

    class Holds(sp.StrictGreaterThan):
        def _latex(self, printer, exp=None):
            return name

        @property
        def negated(self):
            return Fails(*self.args)

    class Fails(sp.LessThan):
        def _latex(self, printer, exp=None):
            return r"\neg " + name

        @property
        def negated(self):
            return Holds(*self.args)

    Holds.__name__, Fails.__name__ = f"Holds_{name}", f"Fails_{name}"
    return Holds(variable, 0)


u_var, v_var = sp.symbols("u v", real=True)
A, B = condition("A", u_var), condition("B", v_var)
CONDITION_DOMAIN = {u_var: (-1.0, 1.0), v_var: (-1.0, 1.0)}
a, b, t = sp.symbols("a b t", real=True)


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


one_A, one_B = Indicator(A), Indicator(B)
RULES = {
    # name: (left side, right side, holds?)
    "and": (Indicator(A & B), one_A * one_B, True),
    "not": (Indicator(~A), 1 - one_A, True),
    "or": (Indicator(A | B), one_A + one_B - one_A * one_B, True),
    "or_max": (Indicator(A | B), sp.Max(one_A, one_B), True),
    "or_seed": (Indicator(A | B), one_A + one_B, False),  # the source's rule: wrong when A and B both hold
    "or_exclusive": (Indicator(A | B) * (1 - one_A * one_B), (one_A + one_B) * (1 - one_A * one_B), True),
}

indicator_min = derivation(
    "indicator_min",
    title_en=r"A minimum written with indicators: $\min(a, b) = \mathbf{1}\{a \le b\}\,a + \mathbf{1}\{a > b\}\,b$",
    title_zh=r"用指示函数写最小值：$\min(a, b) = \mathbf{1}\{a \le b\}\,a + \mathbf{1}\{a > b\}\,b$",
    steps=[
        Step(sp.Min(a, b), "the smaller of two numbers", "两个数中较小的那个"),
        Step(_sum(product(Indicator(a <= b), a), product(Indicator(a > b), b)),
             "one indicator per case: the two conditions exclude each other and one of them always holds, "
             "so exactly one term survives",
             "每种情况配一个指示函数：两个条件互斥且必有一个成立，所以恰好留下一项"),
    ],
    domain={a: (-3.0, 3.0), b: (-3.0, 3.0)},
    mutations=[substitute(Indicator(a > b), Indicator(a < b), what="the second condition reversed"),
               substitute(Indicator(a <= b), Indicator(a >= b), what="the first condition reversed")],
)

indicator_positive_part = derivation(
    "indicator_positive_part",
    title_en=r"The hinge: $\max(0, t) = \mathbf{1}\{t > 0\}\,t$",
    title_zh=r"合页函数：$\max(0, t) = \mathbf{1}\{t > 0\}\,t$",
    steps=[
        Step(PositivePart(t), r"keep $t$ when it is positive, else 0", r"$t$ 为正时取 $t$，否则取 0"),
        Step(product(Indicator(t > 0), t),
             r"the indicator switches the term off for $t \le 0$; at $t = 0$ both sides are 0, so "
             r"$\mathbf{1}\{t \ge 0\}\,t$ is just as right",
             r"$t \le 0$ 时指示函数把这一项关掉；$t = 0$ 时两边都是 0，所以写成 "
             r"$\mathbf{1}\{t \ge 0\}\,t$ 也同样正确"),
    ],
    domain={t: (-3.0, 3.0)},
    mutations=[substitute(Indicator(t > 0), Indicator(t < 0), what="the condition reversed")],
)

i_index = sp.Symbol("i", integer=True)
Y = sp.IndexedBase("Y")
SELECT_K, SELECT_C = 3, 4


def _literal_indicator(left: int, right: int):
    """1{left = right} for two given numbers, kept unevaluated so the page can show it."""
    return Indicator(sp.Eq(left, right, evaluate=False), evaluate=False)


indicator_select = derivation(
    "indicator_select",
    title_en=r"Picking one component: $\sum_i \mathbf{1}\{i = k\}\, Y_i = Y_k$",
    title_zh=r"取出一个分量：$\sum_i \mathbf{1}\{i = k\}\, Y_i = Y_k$",
    steps=[
        Step(sp.Sum(Indicator(sp.Eq(i_index, SELECT_K)) * Y[i_index], (i_index, 1, SELECT_C)),
             rf"a sum over $i = 1, \dots, {SELECT_C}$ with $k = {SELECT_K}$",
             rf"对 $i = 1, \dots, {SELECT_C}$ 求和，取 $k = {SELECT_K}$"),
        Step(_sum(*(product(_literal_indicator(i, SELECT_K), Y[i]) for i in range(1, SELECT_C + 1))),
             "write the sum out", "把和式逐项写开"),
        Step(Y[SELECT_K], rf"only $i = {SELECT_K}$ makes the indicator 1; the rule needs $k$ to be one of the "
                          r"indices summed over",
             rf"只有 $i = {SELECT_K}$ 时指示函数为 1；前提是 $k$ 在求和的下标范围之内"),
    ],
    domain={Y[i]: (-5.0, 5.0) for i in range(1, SELECT_C + 1)},
    mutations=[substitute(Y[SELECT_K], Y[SELECT_K - 1], what="the wrong component picked")],
)

indicator_and = derivation(
    "indicator_and",
    title_en=r"AND is a product: $\mathbf{1}\{A \wedge B\} = \mathbf{1}\{A\}\,\mathbf{1}\{B\}$",
    title_zh=r"“与”就是乘积：$\mathbf{1}\{A \wedge B\} = \mathbf{1}\{A\}\,\mathbf{1}\{B\}$",
    steps=[
        Step(Indicator(A & B), r"1 when both $A$ and $B$ hold", r"$A$ 与 $B$ 同时成立时为 1"),
        Step(product(one_A, one_B), "a product of 0s and 1s is 1 only when every factor is 1",
             "由 0 和 1 组成的乘积，只有每个因子都是 1 时才等于 1"),
    ],
    domain=CONDITION_DOMAIN,
    mutations=[substitute(one_B, 1, what="the factor 1{B} dropped")],
)

indicator_not = derivation(
    "indicator_not",
    title_en=r"NOT is a complement: $\mathbf{1}\{\neg A\} = 1 - \mathbf{1}\{A\}$",
    title_zh=r"“非”就是取补：$\mathbf{1}\{\neg A\} = 1 - \mathbf{1}\{A\}$",
    steps=[
        Step(Indicator(~A), r"1 when $A$ fails", r"$A$ 不成立时为 1"),
        Step(1 - one_A, r"exactly one of $A$, $\neg A$ holds, so the two indicators add up to 1",
             r"$A$ 与 $\neg A$ 恰有一个成立，所以两个指示函数之和为 1"),
    ],
    domain={u_var: (-1.0, 1.0)},
    mutations=[substitute(-one_A, one_A, what="1 + 1{A} instead of 1 − 1{A}")],
)

indicator_or = derivation(
    "indicator_or",
    title_en=r"OR: $\mathbf{1}\{A \vee B\} = \mathbf{1}\{A\} + \mathbf{1}\{B\} - \mathbf{1}\{A\}\,\mathbf{1}\{B\}$",
    title_zh=r"“或”：$\mathbf{1}\{A \vee B\} = \mathbf{1}\{A\} + \mathbf{1}\{B\} - \mathbf{1}\{A\}\,\mathbf{1}\{B\}$",
    steps=[
        Step(Indicator(A | B), r"1 when at least one of $A$, $B$ holds", r"$A$、$B$ 至少有一个成立时为 1"),
        Step(1 - Indicator(~A & ~B), r"De Morgan: $A \vee B$ fails only when neither holds",
             r"德摩根律：只有两者都不成立时 $A \vee B$ 才不成立"),
        Step(1 - _mul(1 - one_A, 1 - one_B), "NOT is a complement and AND is a product (above)",
             "“非”是取补，“与”是乘积（见上文）"),
        Step(_sum(one_A, one_B, -product(one_A, one_B)),
             r"expand: the product term removes the case counted twice",
             r"展开：乘积项扣除被数了两次的情形"),
        Step(sp.Max(one_A, one_B), "equivalently, the larger of the two indicators",
             "等价地，取两个指示函数中较大的那个"),
    ],
    domain=CONDITION_DOMAIN,
    mutations=[
        Mutation("the source's rule 1{A} + 1{B}", lambda d: d.with_step(3, one_A + one_B)),
        substitute(sp.Max(one_A, one_B), sp.Min(one_A, one_B), what="max replaced by min"),
    ],
)


def _truth_value(rule: str, side: int, values) -> int:
    return [row for row in truth_table(*RULES[rule][:2]) if row[0] == values][0][1 + side]


def _register_truth_table():
    """One value per cell of the page's truth table: rows (1{A}, 1{B}) = 00, 01, 10, 11."""
    columns = {"and_lhs": ("and", 0), "and_rhs": ("and", 1), "or_lhs": ("or", 0), "or_seed": ("or_seed", 1),
               "or_rhs": ("or", 1)}
    for values in itertools.product([False, True], repeat=2):
        tag = "".join(str(int(v)) for v in values)
        for column, (rule, side) in columns.items():
            value(f"indicator_{column}_{tag}", fmt="{:d}")(
                lambda rule=rule, side=side, values=values: _truth_value(rule, side, values))


_register_truth_table()


@value("indicator_or_seed_counterexample", fmt="{}")
def seed_or_counterexample() -> str:
    """The truth assignment at which the source's OR rule fails, as (1{A}, 1{B})."""
    (values,) = counterexamples(*RULES["or_seed"][:2])
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


x_real = sp.Symbol("x", real=True)
SEED_OR_LEFT, SEED_OR_RIGHT = Indicator((x_real > 5) | (x_real < 10)), Indicator(x_real > 5) + Indicator(x_real < 10)


def seed_or_failures(candidates=range(0, 16)) -> list[int]:
    """The integers x at which the source's own example 1{x > 5 ∨ x < 10} = 1{x > 5} + 1{x < 10} fails."""
    return [x for x in candidates if SEED_OR_LEFT.subs(x_real, x) != SEED_OR_RIGHT.subs(x_real, x)]


@value("indicator_seed_example_x", fmt="{:d}")
def seed_or_example_x() -> int:
    return seed_or_failures()[0]


@value("indicator_seed_example_lhs", fmt="{}")
def seed_or_example_lhs():
    return SEED_OR_LEFT.subs(x_real, seed_or_example_x())


@value("indicator_seed_example_rhs", fmt="{}")
def seed_or_example_rhs():
    return SEED_OR_RIGHT.subs(x_real, seed_or_example_x())


@value("indicator_seed_example_first_fail", fmt="{:d}")
def seed_or_first_fail() -> int:
    return seed_or_failures()[0]


@value("indicator_seed_example_last_fail", fmt="{:d}")
def seed_or_last_fail() -> int:
    return seed_or_failures()[-1]


# ---------------------------------------------------------------- 2. multiclass SVM (hinge) loss
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
    return sp.Matrix([Indicator(sp.Ne(j, y)) * q.get(j, 0) - Indicator(sp.Eq(j, y)) * others
                      for j in range(1, C + 1)])


def svm_gradient_steps(C: int, y: int):
    """The chain of steps for ∂L/∂s_j, j = 1..C, and the definitions it uses."""
    s = scores(C)
    L = _symbol("L")
    classes = range(1, C + 1)
    others = [m for m in classes if m != y]
    q = {m: _symbol(f"q_{m}") for m in others}
    rewritten = _sum(*(_mul(q[m], hinge_margin(s, m, y)) for m in others))
    definitions = {L: svm_loss_expr(s, y), **{q[m]: Indicator(hinge_margin(s, m, y) > 0) for m in others}}

    def slope(m, j):  # ∂(s_m − s_y + 1)/∂s_j
        return int(m == j) - int(j == y)

    steps = [
        Step(sp.Matrix([Partial(L, s[j - 1]) for j in classes]),
             rf"the gradient of one example's loss, {C} classes, true class $y = {y}$",
             rf"单个样本损失的梯度，共 {C} 类，真实类别 $y = {y}$"),
        Step(sp.Matrix([Partial(rewritten, s[j - 1]) for j in classes]),
             r"$\max(0, t) = \mathbf{1}\{t > 0\}\,t$ with $q_m = \mathbf{1}\{s_m - s_y + 1 > 0\}$",
             r"$\max(0, t) = \mathbf{1}\{t > 0\}\,t$，记 $q_m = \mathbf{1}\{s_m - s_y + 1 > 0\}$"),
        Step(sp.Matrix([_sum(*(product(q[m], Partial(hinge_margin(s, m, y), s[j - 1])) for m in others))
                        for j in classes]),
             r"each $q_m$ is constant between kinks, so it comes out of the derivative; at a kink "
             r"($s_m - s_y + 1 = 0$) we take $q_m = 0$",
             r"在两个折点之间 $q_m$ 是常数，可以提到导数外面；在折点上（$s_m - s_y + 1 = 0$）取 $q_m = 0$"),
        Step(sp.Matrix([_sum(*(_mul(q[m], slope(m, j)) for m in others)) for j in classes]),
             r"$\frac{\partial (s_m - s_y + 1)}{\partial s_j} = \mathbf{1}\{m = j\} - \mathbf{1}\{j = y\}$",
             r"$\frac{\partial (s_m - s_y + 1)}{\partial s_j} = \mathbf{1}\{m = j\} - \mathbf{1}\{j = y\}$"),
        Step(svm_gradient_formula(C, y, q),
             r"collect: $\mathbf{1}\{j \ne y\}\, q_j - \mathbf{1}\{j = y\} \sum_{m \ne y} q_m$",
             r"合并：$\mathbf{1}\{j \ne y\}\, q_j - \mathbf{1}\{j = y\} \sum_{m \ne y} q_m$"),
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
            ] + ([Mutation("∂(s_m − s_y + 1)/∂s_y taken as +1",
                           lambda d: d.with_step(3, d.steps[3].expr.applyfunc(lambda e: e.xreplace({-1: 1}))))]
                 if C <= 3 else []),  # (slow to reject for four classes; the sign flips below cover it)
        )
    return out


SVM_GRADIENTS = _register_svm_gradients()


def _batch_symbols(N: int, C: int):
    return [[_symbol(f"s_{{{i}{j}}}") for j in range(1, C + 1)] for i in range(1, N + 1)]


BATCH_LABELS = (1, 3)  # the true classes of the two rows in the batch derivations (3 classes)


def _batch_derivation(name, title_en, title_zh, row_loss, row_gradient, extra_definitions, mutations,
                      where_en="", where_zh=""):
    """∂L̄/∂S for L̄ = (L⁽¹⁾ + L⁽²⁾)/2 over a 2 × 3 score matrix: each entry is (1/N) ∂L⁽ⁱ⁾/∂s_ij."""
    N, C = len(BATCH_LABELS), 3
    S = _batch_symbols(N, C)
    Lbar = _symbol(r"\bar{L}")
    Ls = [_symbol(f"L^{{({i})}}") for i in range(1, N + 1)]
    definitions = {Lbar: sp.Add(*Ls) / N}
    definitions.update({Ls[i]: row_loss(S[i], BATCH_LABELS[i], i + 1) for i in range(N)})
    definitions.update(extra_definitions(S))
    half = Ratio(1, N)
    steps = [
        Step(sp.Matrix(N, C, lambda i, j: Partial(Lbar, S[i][j])),
             rf"the mean loss of a batch of {N} examples, one row of scores each, true classes "
             rf"$y^{{(1)}} = {BATCH_LABELS[0]}$, $y^{{(2)}} = {BATCH_LABELS[1]}$" + where_en,
             rf"{N} 个样本组成的批量的平均损失，每个样本一行打分，真实类别 "
             rf"$y^{{(1)}} = {BATCH_LABELS[0]}$，$y^{{(2)}} = {BATCH_LABELS[1]}$" + where_zh),
        Step(sp.Matrix(N, C, lambda i, j: product(half, Partial(Ls[i], S[i][j]))),
             r"$\bar{L} = \frac{1}{N}\sum_i L^{(i)}$ and only $L^{(i)}$ depends on row $i$",
             r"$\bar{L} = \frac{1}{N}\sum_i L^{(i)}$，而第 $i$ 行的打分只出现在 $L^{(i)}$ 中"),
        Step(sp.Matrix(N, C, lambda i, j: product(half, row_gradient(i + 1, BATCH_LABELS[i], j + 1))),
             "each row is the one-example gradient derived above", "每一行就是上面推出的单样本梯度"),
    ]
    return derivation(name, title_en=title_en, title_zh=title_zh, steps=steps,
                      domain={v: (-2.0, 2.0) for row in S for v in row}, definitions=definitions,
                      mutations=mutations)


def _batch_q(row, m):
    return _symbol(f"q^{{({row})}}_{{{m}}}")


def _svm_batch_definitions(S):
    out = {}
    for i, y in enumerate(BATCH_LABELS):
        for m in range(1, 4):
            if m != y:
                out[_batch_q(i + 1, m)] = Indicator(hinge_margin(S[i], m, y) > 0)
    return out


def _svm_row_gradient(i, y, j):
    if j != y:
        return _batch_q(i, j)
    return -_sum(*(_batch_q(i, m) for m in range(1, 4) if m != y))


svm_batch_gradient = _batch_derivation(
    "svm_batch_gradient",
    title_en="Multiclass SVM loss over a batch: the gradient matrix dS",
    title_zh="批量上的多分类 SVM 损失：梯度矩阵 dS",
    row_loss=lambda row, y, i: svm_loss_expr(row, y),
    row_gradient=_svm_row_gradient,
    extra_definitions=_svm_batch_definitions,
    mutations=[substitute(Ratio(1, 2), 1, what="the 1/N of the mean dropped")],
)


# ---------------------------------------------------------------- 3. softmax cross-entropy
C_SOFTMAX, Y_SOFTMAX = 3, 2
s = scores(C_SOFTMAX)
# Z and p_j are functions of the scores, shown by name. (A plain symbol Z inside a derivative would be
# held constant by SymPy; a function of s is differentiated through.)
Zf = shown("Z")
pf = [shown(f"p_{j}") for j in range(1, C_SOFTMAX + 1)]
Z = Zf(*s)
p = [f(*s) for f in pf]
L_ce = _symbol("L")
Z_EXPR = _sum(*(sp.exp(v) for v in s))
SOFTMAX_DEFINITIONS = {Zf: sp.Lambda(s, Z_EXPR),
                       **{pf[j]: sp.Lambda(s, sp.exp(s[j]) / Zf(*s)) for j in range(C_SOFTMAX)}}
SOFTMAX_WHERE_EN = r"; $p_j = e^{s_j}/Z$, $Z = \sum_m e^{s_m}$"
SOFTMAX_WHERE_ZH = r"；$p_j = e^{s_j}/Z$，$Z = \sum_m e^{s_m}$"
SCORE_DOMAIN = {v: (-4.0, 4.0) for v in s}
y_ = Y_SOFTMAX
CLASSES = range(1, C_SOFTMAX + 1)


def ce_gradient_formula(C: int, y: int):
    """The general result p_j − 1{j = y}, j = 1..C, with p_j written out (for comparison with diff)."""
    sc = scores(C)
    total = sum(sp.exp(v) for v in sc)
    return sp.Matrix([sp.exp(sc[j - 1]) / total - Indicator(sp.Eq(j, y)) for j in range(1, C + 1)])


def ce_loss_expr(C: int, y: int):
    sc = scores(C)
    return -sp.log(sp.exp(sc[y - 1]) / sum(sp.exp(v) for v in sc))


def _quotient_rule_entry(i, j):
    """∂(e^{s_i}/Z)/∂s_j by the quotient rule, before any simplification (indices from 0)."""
    both = _mul(sp.exp(s[i]), sp.exp(s[j]))
    return Ratio(_sum(_mul(sp.exp(s[i]), Z), -both), Z ** 2) if i == j else -Ratio(both, Z ** 2)


softmax_jacobian = derivation(
    "softmax_jacobian",
    title_en=r"The softmax Jacobian: $\frac{\partial p_i}{\partial s_j} = p_i(\mathbf{1}\{i = j\} - p_j)$",
    title_zh=r"softmax 的雅可比矩阵：$\frac{\partial p_i}{\partial s_j} = p_i(\mathbf{1}\{i = j\} - p_j)$",
    steps=[
        Step(sp.Matrix(3, 3, lambda i, j: Partial(p[i], s[j])),
             r"row $i$, column $j$: how $p_i$ moves with $s_j$" + SOFTMAX_WHERE_EN,
             r"第 $i$ 行第 $j$ 列：$p_i$ 随 $s_j$ 的变化率" + SOFTMAX_WHERE_ZH),
        Step(sp.Matrix(3, 3, lambda i, j: _quotient_rule_entry(i, j)),
             r"quotient rule on $e^{s_i}/Z$, with $\frac{\partial Z}{\partial s_j} = e^{s_j}$; "
             r"the numerator $e^{s_i}$ depends on $s_j$ only when $i = j$",
             r"对 $e^{s_i}/Z$ 用商的求导法则，$\frac{\partial Z}{\partial s_j} = e^{s_j}$；"
             r"分子 $e^{s_i}$ 只在 $i = j$ 时依赖 $s_j$"),
        Step(sp.Matrix(3, 3, lambda i, j: _mul(p[i], 1 - p[j]) if i == j else -_mul(p[i], p[j])),
             r"$\frac{e^{s_i}}{Z} = p_i$: diagonal $p_i(1 - p_i)$, elsewhere $-p_i p_j$",
             r"$\frac{e^{s_i}}{Z} = p_i$：对角线上是 $p_i(1 - p_i)$，其余是 $-p_i p_j$"),
    ],
    domain=SCORE_DOMAIN,
    definitions=SOFTMAX_DEFINITIONS,
    mutations=[substitute(1 - p[0], 1 + p[0], what="1 − p₁ replaced by 1 + p₁")],
)

ce_definition = -sp.log(sp.exp(s[y_ - 1]) / Z)

softmax_ce_gradient_lse = derivation(
    "softmax_ce_gradient_lse",
    title_en=r"Softmax cross-entropy through log-sum-exp: "
             r"$\frac{\partial L}{\partial s_j} = p_j - \mathbf{1}\{j = y\}$",
    title_zh=r"借助对数和指数求 softmax 交叉熵的梯度：$\frac{\partial L}{\partial s_j} = p_j - \mathbf{1}\{j = y\}$",
    steps=[
        Step(sp.Matrix([Partial(L_ce, v) for v in s]),
             rf"one example, {C_SOFTMAX} classes, true class $y = {y_}$" + SOFTMAX_WHERE_EN,
             rf"单个样本，共 {C_SOFTMAX} 类，真实类别 $y = {y_}$" + SOFTMAX_WHERE_ZH),
        Step(sp.Matrix([Partial(_sum(sp.log(Z), -s[y_ - 1]), v) for v in s]),
             r"$-\log\frac{e^{s_y}}{Z} = \log Z - s_y$", r"$-\log\frac{e^{s_y}}{Z} = \log Z - s_y$"),
        Step(sp.Matrix([_sum(_mul(Ratio(1, Z), Partial(Z, v)), -Partial(s[y_ - 1], v)) for v in s]),
             r"chain rule: $(\log Z)' = Z'/Z$", r"链式法则：$(\log Z)' = Z'/Z$"),
        Step(sp.Matrix([_sum(Ratio(sp.exp(s[j - 1]), Z), -1) if j == y_ else Ratio(sp.exp(s[j - 1]), Z)
                        for j in CLASSES]),
             r"$\frac{\partial Z}{\partial s_j} = \sum_m \mathbf{1}\{m = j\} e^{s_m} = e^{s_j}$ and "
             r"$\frac{\partial s_y}{\partial s_j} = \mathbf{1}\{j = y\}$",
             r"$\frac{\partial Z}{\partial s_j} = \sum_m \mathbf{1}\{m = j\} e^{s_m} = e^{s_j}$，"
             r"$\frac{\partial s_y}{\partial s_j} = \mathbf{1}\{j = y\}$"),
        Step(sp.Matrix([_sum(p[j - 1], -1) if j == y_ else p[j - 1] for j in CLASSES]),
             r"$p_j = e^{s_j}/Z$", r"$p_j = e^{s_j}/Z$"),
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
        Step(sp.Matrix([Partial(L_ce, v) for v in s]), r"$L = -\log p_y$, true class $y = 2$" + SOFTMAX_WHERE_EN,
             r"$L = -\log p_y$，真实类别 $y = 2$" + SOFTMAX_WHERE_ZH),
        Step(sp.Matrix([-_mul(Ratio(1, p[y_ - 1]), Partial(p[y_ - 1], v)) for v in s]),
             r"chain rule: $(-\log u)' = -u'/u$", r"链式法则：$(-\log u)' = -u'/u$"),
        Step(sp.Matrix([-_mul(Ratio(1, p[y_ - 1]), _mul(p[y_ - 1], 1 - p[j - 1]) if j == y_ else
                              _mul(-1, p[y_ - 1], p[j - 1])) for j in CLASSES]),
             r"row $y$ of the softmax Jacobian: $p_y(\mathbf{1}\{j = y\} - p_j)$",
             r"softmax 雅可比矩阵的第 $y$ 行：$p_y(\mathbf{1}\{j = y\} - p_j)$"),
        Step(sp.Matrix([_mul(-1, 1 - p[j - 1]) if j == y_ else p[j - 1] for j in CLASSES]),
             r"cancel $p_y$: $\mathbf{1}\{j \ne y\}\, p_j - \mathbf{1}\{j = y\}(1 - p_j)$",
             r"约去 $p_y$：$\mathbf{1}\{j \ne y\}\, p_j - \mathbf{1}\{j = y\}(1 - p_j)$"),
        Step(sp.Matrix([_sum(p[j - 1], -1) if j == y_ else p[j - 1] for j in CLASSES]),
             r"$\mathbf{1}\{j \ne y\}\, p_j + \mathbf{1}\{j = y\}\, p_j = p_j$: the two cases exclude each other, "
             r"so here adding the indicators is right",
             r"$\mathbf{1}\{j \ne y\}\, p_j + \mathbf{1}\{j = y\}\, p_j = p_j$："
             r"两种情形互斥，所以这里把指示函数相加是对的"),
    ],
    domain=SCORE_DOMAIN,
    definitions={L_ce: -sp.log(p[y_ - 1]), **SOFTMAX_DEFINITIONS},
    mutations=[Mutation("the minus of −log lost", lambda d: d.with_step(1, -d.steps[1].expr))],
)

c_shift = _symbol("c")
shifted = [sp.exp(v - c_shift) for v in s]

softmax_shift_invariance = derivation(
    "softmax_shift_invariance",
    title_en="Subtracting the same number from every score does not change the softmax",
    title_zh="所有打分减去同一个数，softmax 不变",
    steps=[
        Step(shifted[0] / _sum(*shifted), r"$p_1$ computed from the shifted scores $s_m - c$",
             r"用平移后的打分 $s_m - c$ 计算 $p_1$"),
        Step(Ratio(_mul(sp.exp(-c_shift), sp.exp(s[0])), _mul(sp.exp(-c_shift), Z_EXPR)),
             r"$e^{s_m - c} = e^{-c} e^{s_m}$: the same factor in every term",
             r"$e^{s_m - c} = e^{-c} e^{s_m}$：每一项都有同一个因子"),
        Step(sp.exp(s[0]) / Z_EXPR, r"$e^{-c}$ cancels, whatever $c$ is", r"无论 $c$ 取何值，$e^{-c}$ 都被约去"),
        Step(p[0], r"the softmax of the original scores, $p_1 = e^{s_1}/Z$",
             r"即原打分的 softmax，$p_1 = e^{s_1}/Z$"),
    ],
    domain={**SCORE_DOMAIN, c_shift: (-50.0, 50.0)},
    definitions=SOFTMAX_DEFINITIONS,
    mutations=[Mutation("only the numerator shifted", lambda d: d.with_step(2, shifted[0] / Z_EXPR))],
)

r_rest = _symbol("r")

softmax_ce_log1p_form = derivation(
    "softmax_ce_log1p_form",
    title_en=r"Cross-entropy in a form that keeps tiny losses: $(m - s_y) + \log(1 + r)$",
    title_zh=r"保住极小损失的交叉熵写法：$(m - s_y) + \log(1 + r)$",
    steps=[
        Step(-sp.log(sp.exp(s[y_ - 1]) / Z_EXPR), r"one example's loss, true class $y = 2$",
             r"单个样本的损失，真实类别 $y = 2$"),
        Step(_sum(sp.log(Z_EXPR), -s[y_ - 1]), "log of a quotient", "商的对数"),
        Step(_sum(s[0], sp.log(_sum(1, sp.exp(s[1] - s[0]), sp.exp(s[2] - s[0]))), -s[y_ - 1]),
             r"factor out $e^{m}$, where $m = s_1$ is the largest score, so every exponent left is "
             r"$\le 0$",
             r"提出因子 $e^{m}$，$m = s_1$ 是最大的打分，于是剩下的指数都 $\le 0$"),
        Step(_sum(s[0] - s[y_ - 1], sp.log(1 + r_rest)),
             r"$r = \sum_{j \ne k} e^{s_j - m}$ sums the terms other than the largest one ($k = 1$)",
             r"$r = \sum_{j \ne k} e^{s_j - m}$ 是除最大项（$k = 1$）之外各项之和"),
    ],
    domain=SCORE_DOMAIN,
    definitions={r_rest: sp.exp(s[1] - s[0]) + sp.exp(s[2] - s[0])},
    mutations=[substitute(sp.log(1 + r_rest), sp.log(r_rest), what="log r instead of log(1 + r)")],
)


ROW_Z = [shown(f"Z_{i}") for i in (1, 2)]  # Z_i = Σ_m e^(s_im), a function of row i's scores


def _ce_batch_definitions(S):
    out = {}
    for i in range(len(BATCH_LABELS)):
        out[ROW_Z[i]] = sp.Lambda(tuple(S[i]), _sum(*(sp.exp(v) for v in S[i])))
        for j in range(3):
            out[_symbol(f"p_{{{i + 1}{j + 1}}}")] = sp.exp(S[i][j]) / ROW_Z[i](*S[i])
    return out


def _ce_row_loss(row, y, i):
    return -sp.log(sp.exp(row[y - 1]) / ROW_Z[i - 1](*row))


def _ce_row_gradient(i, y, j):
    pij = _symbol(f"p_{{{i}{j}}}")
    return _sum(pij, -1) if j == y else pij


softmax_ce_batch_gradient = _batch_derivation(
    "softmax_ce_batch_gradient",
    title_en="Softmax cross-entropy over a batch: dS = (P − Y)/N",
    title_zh="批量上的 softmax 交叉熵：dS = (P − Y)/N",
    row_loss=_ce_row_loss,
    row_gradient=_ce_row_gradient,
    extra_definitions=_ce_batch_definitions,
    where_en=r"; $Z_i = \sum_m e^{s_{im}}$",
    where_zh=r"；$Z_i = \sum_m e^{s_{im}}$",
    mutations=[substitute(Ratio(1, 2), 1, what="the 1/N of the mean dropped")],
)


# ---------------------------------------------------------------- 4. numerics: the log1p form
TINY_ROW, TINY_LABEL = [50.0, 0.0, 0.0], 0  # a confident, correct row: true loss 2e^-50 ≈ 3.9e-22
UNDERFLOW_ROW, UNDERFLOW_LABEL = [1000.0, 0.0, -1000.0], 2  # p_y = e^-2000 underflows to 0


def usual_cross_entropy(S, y):
    """The usual "stable" cross-entropy: subtract the row maximum, then log-sum-exp. A lesson only.

    It cannot overflow, but m + log(Σ e^(s − m)) − s_y rounds to exactly 0 whenever the true loss is
    below about 1.1e-16, because 1 + r rounds to 1 before the log sees it.
    """
    S = np.asarray(S, dtype=float)
    m = S.max(axis=1)
    lse = m + np.log(np.exp(S - m[:, None]).sum(axis=1))
    return lse - S[np.arange(len(y)), y]


def exact_cross_entropy(row, label, digits: int = 50) -> float:
    """−log softmax(row)[label] with mpmath at `digits` significant digits, rounded to a double."""
    with mpmath.workdps(digits):
        values = [mpmath.mpf(v) for v in row]
        rest = mpmath.fsum(mpmath.exp(v - values[label]) for j, v in enumerate(values) if j != label)
        return float(mpmath.log1p(rest))


@value("ce_tiny_usual", fmt="{:g}")
def ce_tiny_usual() -> float:
    return float(usual_cross_entropy([TINY_ROW], np.array([TINY_LABEL]))[0])


@value("ce_tiny_stable", fmt="{:.4e}")
def ce_tiny_stable() -> float:
    return float(softmax_cross_entropy_per_row(np.array([TINY_ROW]), np.array([TINY_LABEL]))[0])


@value("ce_tiny_exact", fmt="{:.4e}")
def ce_tiny_exact() -> float:
    return exact_cross_entropy(TINY_ROW, TINY_LABEL)


@value("ce_tiny_usual_gradient", fmt="{:g}")
def ce_tiny_usual_gradient() -> float:
    """p_y − 1 computed as written: p_y rounds to 1.0, so the gradient is exactly 0."""
    return float(softmax(np.array(TINY_ROW))[TINY_LABEL] - 1.0)


@value("ce_tiny_stable_gradient", fmt="{:.4e}")
def ce_tiny_stable_gradient() -> float:
    _, dS = softmax_cross_entropy(np.array([TINY_ROW]), np.array([TINY_LABEL]))
    return float(dS[0, TINY_LABEL])


@value("ce_log1p_threshold", fmt="{:.1e}")
def ce_log1p_threshold() -> float:
    """Below half the machine epsilon, 1 + r rounds to 1 and log(1 + r) is exactly 0."""
    return float(np.finfo(float).eps / 2)


@value("ce_underflow_log_p", fmt="{:g}")
def ce_underflow_log_p() -> float:
    """−log of the max-subtracted softmax: p_y underflows to 0, so the loss is inf."""
    with np.errstate(divide="ignore"):
        return float(-np.log(softmax(np.array(UNDERFLOW_ROW))[UNDERFLOW_LABEL]))


@value("ce_underflow_p", fmt="{:g}")
def ce_underflow_p() -> float:
    return float(softmax(np.array(UNDERFLOW_ROW))[UNDERFLOW_LABEL])


@value("ce_underflow_stable", fmt="{:g}")
def ce_underflow_stable() -> float:
    return float(softmax_cross_entropy_per_row(np.array([UNDERFLOW_ROW]), np.array([UNDERFLOW_LABEL]))[0])


@value("ce_underflow_naive_p1", fmt="{}")
def ce_underflow_naive_p1() -> str:
    """p_1 of the softmax without the max subtraction: e^1000 overflows, inf/inf = nan."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array(UNDERFLOW_ROW))
        return str(float((e / e.sum())[0]))


# ---------------------------------------------------------------- 4b. the source's code, run as written
# The scores of the three-example, three-class example in the CS231n notes, with labels 0, 1, 2.
EXAMPLE_S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
EXAMPLE_Y = np.array([0, 1, 2])


def seed_svm_loss(S, y):
    """The source post's multiclass SVM code, as printed
    (indentation restored, comments translated).

    A lesson, not a tool: dS is an int array, so dS /= N
    cannot store the quotient and NumPy raises UFuncTypeError.
    (Old NumPy floor-divided instead: silently wrong.)
    """
    N = S.shape[0]
    i = np.arange(N)
    # the SVM loss
    margins = np.maximum(S - S[i, y][:, np.newaxis] + 1, 0)
    margins[i, y] = 0
    loss = np.sum(margins) / N
    # dS
    dS = (S - S[i, y][:, np.newaxis] + 1 >= 0).astype('int')
    dS[i, y] = 0
    dS[i, y] = -dS.sum(axis=1)
    dS /= N
    return loss, dS


def seed_svm_loss_float(S, y):
    """seed_svm_loss with one change, astype('int') → astype(float),
    so that dS /= N works."""
    N = S.shape[0]
    i = np.arange(N)
    # the SVM loss
    margins = np.maximum(S - S[i, y][:, np.newaxis] + 1, 0)
    margins[i, y] = 0
    loss = np.sum(margins) / N
    # dS
    dS = (S - S[i, y][:, np.newaxis] + 1 >= 0).astype(float)
    dS[i, y] = 0
    dS[i, y] = -dS.sum(axis=1)
    dS /= N
    return loss, dS


def seed_softmax_loss(S, y):
    """The source post's softmax code, as printed
    (indentation restored, comments translated).

    Two bugs: X is not defined (NameError), and the loss has no
    log: it returns minus the mean probability of the true class
    instead of the mean of −log of that probability.
    """
    N = X.shape[0]  # noqa: F821  (X is not an argument)
    i = np.arange(N)
    # avoid numerical problems
    Smax = S.max(axis=1).reshape((N, 1))
    Sexp = np.exp(S - Smax)
    # the loss
    p = Sexp / Sexp.sum(axis=1, keepdims=True)
    loss = -np.sum(p[i, y]) / N
    # dS
    p[i, y] -= 1.0
    dS = p / N
    return loss, dS


def seed_softmax_loss_with_n(S, y):
    """seed_softmax_loss with one change, X.shape[0] → S.shape[0],
    to see what the rest computes."""
    N = S.shape[0]
    i = np.arange(N)
    # avoid numerical problems
    Smax = S.max(axis=1).reshape((N, 1))
    Sexp = np.exp(S - Smax)
    # the loss
    p = Sexp / Sexp.sum(axis=1, keepdims=True)
    loss = -np.sum(p[i, y]) / N
    # dS
    p[i, y] -= 1.0
    dS = p / N
    return loss, dS


def run_reporting_errors(fn, *args):
    """fn(*args), or the exception it raises as one line "Name: message" (public class name)."""
    try:
        return fn(*args)
    except Exception as exc:  # the lesson is which exception the printed code raises
        name = next(c.__name__ for c in type(exc).__mro__ if not c.__name__.startswith("_"))
        return f"{name}: {exc}"


@value("seed_svm_error", fmt="{}")
def seed_svm_error() -> str:
    return run_reporting_errors(seed_svm_loss, EXAMPLE_S.copy(), EXAMPLE_Y)


@value("seed_softmax_error", fmt="{}")
def seed_softmax_error() -> str:
    return run_reporting_errors(seed_softmax_loss, EXAMPLE_S.copy(), EXAMPLE_Y)


@value("seed_softmax_loss_without_log", fmt="{:.4f}")
def seed_softmax_loss_without_log() -> float:
    return float(seed_softmax_loss_with_n(EXAMPLE_S.copy(), EXAMPLE_Y)[0])


@value("ce_example_loss", fmt="{:.4f}")
def ce_example_loss() -> float:
    return float(softmax_cross_entropy(EXAMPLE_S, EXAMPLE_Y)[0])


@value("seed_softmax_gradient_difference", fmt="{:.1e}")
def seed_softmax_gradient_difference() -> float:
    """Largest |dS| difference between the source's code (with N fixed) and derive.losses."""
    return float(np.abs(seed_softmax_loss_with_n(EXAMPLE_S.copy(), EXAMPLE_Y)[1]
                        - softmax_cross_entropy(EXAMPLE_S, EXAMPLE_Y)[1]).max())


@value("svm_example_loss", fmt="{:.4f}")
def svm_example_loss() -> float:
    return float(svm_loss(EXAMPLE_S, EXAMPLE_Y)[0])


@value("seed_svm_float_gradient_difference", fmt="{:g}")
def seed_svm_float_gradient_difference() -> float:
    return float(np.abs(seed_svm_loss_float(EXAMPLE_S.copy(), EXAMPLE_Y)[1] - svm_loss(EXAMPLE_S, EXAMPLE_Y)[1]).max())


# At the kink: scores (1, 0, −5) with true class 0 put class 1 exactly on its kink, 0 − 1 + 1 = 0.
KINK_S, KINK_Y, KINK_J = np.array([[1.0, 0.0, -5.0]]), np.array([0]), 1


def kink_one_sided_slopes(h: float = 2.0 ** -20) -> tuple[float, float]:
    """(left, right) difference quotients of the hinge loss in s_j at the kink; exact, the loss is
    piecewise linear and h is a power of 2."""
    def loss_at(delta):
        S = KINK_S.copy()
        S[0, KINK_J] += delta
        return svm_loss(S, KINK_Y)[0]

    return (loss_at(0.0) - loss_at(-h)) / h, (loss_at(h) - loss_at(0.0)) / h


@value("svm_kink_left_slope", fmt="{:g}")
def svm_kink_left_slope() -> float:
    return kink_one_sided_slopes()[0]


@value("svm_kink_right_slope", fmt="{:g}")
def svm_kink_right_slope() -> float:
    return kink_one_sided_slopes()[1]


@value("svm_kink_ours", fmt="{:g}")
def svm_kink_ours() -> float:
    return float(svm_loss(KINK_S, KINK_Y)[1][0, KINK_J])


@value("svm_kink_seed", fmt="{:g}")
def svm_kink_seed() -> float:
    return float(seed_svm_loss_float(KINK_S.copy(), KINK_Y)[1][0, KINK_J])


# ---------------------------------------------------------------- 5. MSE on softmax probabilities
x1, x2 = sp.symbols("x_1 x_2", real=True)
W = [[_symbol(f"w_{{{d}{k}}}") for k in (1, 2)] for d in (1, 2)]
bias = [_symbol(f"b_{k}") for k in (1, 2)]
s_lin = [_symbol(f"s_{k}") for k in (1, 2)]
p_lin = [_symbol(f"p_{k}") for k in (1, 2)]
g_lin = [_symbol(f"g_{k}") for k in (1, 2)]
delta = [_symbol(rf"\delta_{k}") for k in (1, 2)]
Z2 = _symbol("Z")
L_mse = _symbol("L")
TARGET = (1, 0)  # one-hot: the true class is 1 of 2


def _minus_target(k):
    """p_k − t_k as written (just p_k where the target is 0)."""
    return _sum(p_lin[k], -TARGET[k]) if TARGET[k] else p_lin[k]


MSE_DEFINITIONS = {
    L_mse: _mul(sp.Rational(1, 2), _sum(*(_minus_target(k) ** 2 for k in range(2)))),
    **{p_lin[k]: sp.exp(s_lin[k]) / Z2 for k in range(2)},
    Z2: _sum(sp.exp(s_lin[0]), sp.exp(s_lin[1])),
    **{s_lin[k]: _sum(_mul(x1, W[0][k]), _mul(x2, W[1][k]), bias[k]) for k in range(2)},
    **{g_lin[k]: _minus_target(k) for k in range(2)},
    **{delta[k]: _mul(p_lin[k], g_lin[k] - _sum(_mul(g_lin[0], p_lin[0]), _mul(g_lin[1], p_lin[1])))
       for k in range(2)},
}


def _through_softmax(k):
    """Σ_m g_m ∂p_m/∂s_k = Σ_m g_m p_m (1{m = k} − p_k), written term by term."""
    return _sum(*(_mul(g_lin[m], _mul(p_lin[m], 1 - p_lin[k]) if m == k else -_mul(p_lin[m], p_lin[k]))
                  for m in range(2)))


softmax_mse_gradient = derivation(
    "softmax_mse_gradient",
    title_en="MSE on softmax probabilities after a linear layer: the gradients of W and b",
    title_zh="线性层、softmax 之后接 MSE：W 和 b 的梯度",
    steps=[
        Step(sp.Matrix([[Partial(L_mse, W[0][0]), Partial(L_mse, W[0][1])],
                        [Partial(L_mse, W[1][0]), Partial(L_mse, W[1][1])],
                        [Partial(L_mse, bias[0]), Partial(L_mse, bias[1])]]),
             r"one example $x = (x_1, x_2)$, two classes, target $t = (1, 0)$; rows: $w_{1k}$, $w_{2k}$, $b_k$",
             r"单个样本 $x = (x_1, x_2)$，两个类别，目标 $t = (1, 0)$；各行依次是 $w_{1k}$、$w_{2k}$、$b_k$"),
        Step(sp.Matrix([[_mul(x1, _through_softmax(0)), _mul(x1, _through_softmax(1))],
                        [_mul(x2, _through_softmax(0)), _mul(x2, _through_softmax(1))],
                        [_through_softmax(0), _through_softmax(1)]]),
             r"chain rule through $s_k$ and $p_m$: $\frac{\partial s_k}{\partial w_{dk}} = x_d$, "
             r"$\frac{\partial s_k}{\partial b_k} = 1$, $\frac{\partial L}{\partial p_m} = g_m$, "
             r"$\frac{\partial p_m}{\partial s_k} = p_m(\mathbf{1}\{m = k\} - p_k)$",
             r"经 $s_k$、$p_m$ 用链式法则：$\frac{\partial s_k}{\partial w_{dk}} = x_d$，"
             r"$\frac{\partial s_k}{\partial b_k} = 1$，$\frac{\partial L}{\partial p_m} = g_m$，"
             r"$\frac{\partial p_m}{\partial s_k} = p_m(\mathbf{1}\{m = k\} - p_k)$"),
        Step(sp.Matrix([[_mul(x1, delta[0]), _mul(x1, delta[1])],
                        [_mul(x2, delta[0]), _mul(x2, delta[1])],
                        [delta[0], delta[1]]]),
             r"collect: $\delta_k = p_k\,(g_k - \sum_m g_m p_m)$, so $\frac{\partial L}{\partial W} = "
             r"x^\top \delta$ and $\frac{\partial L}{\partial b} = \delta$",
             r"合并：$\delta_k = p_k\,(g_k - \sum_m g_m p_m)$，于是 $\frac{\partial L}{\partial W} = "
             r"x^\top \delta$，$\frac{\partial L}{\partial b} = \delta$"),
    ],
    domain={x1: (-2.0, 2.0), x2: (-2.0, 2.0), bias[0]: (-1.0, 1.0), bias[1]: (-1.0, 1.0),
            **{w: (-2.0, 2.0) for row in W for w in row}},
    definitions=MSE_DEFINITIONS,
    mutations=[substitute(x2, x1, what="x₁ in place of x₂"),
               Mutation("the softmax Jacobian dropped (∂p_k/∂s_k taken as 1)",
                        lambda d: d.with_step(1, sp.Matrix([[x1 * g_lin[0], x1 * g_lin[1]],
                                                            [x2 * g_lin[0], x2 * g_lin[1]],
                                                            [g_lin[0], g_lin[1]]])))],
)


def one_hot(y, K: int):
    return np.eye(K)[np.asarray(y)]


def softmax_mse_score_gradient(P, T):
    """∂L/∂S for L = mean over all N·K entries of (P − T)², P = softmax(S), row by row:

    g = ∂L/∂P = 2(P − T)/(N K);  δ = P ⊙ (g − rowsum(g ⊙ P))   (the softmax Jacobian applied to g).
    """
    N, K = P.shape
    g = 2 * (P - T) / (N * K)
    return P * (g - (g * P).sum(axis=1, keepdims=True))


def softmax_mse(X, W, b, y):
    """Mean squared error between softmax(X W + b) and the one-hot targets, averaged over all N·K
    entries (what tf.reduce_mean(tf.losses.MSE(...)) and torch's F.mse_loss compute), and its
    gradients: returns (loss, dW, db) with dW = Xᵀ δ and db = the column sums of δ.
    """
    X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
    P = softmax(X @ W + b)
    T = one_hot(y, P.shape[1])
    delta_ = softmax_mse_score_gradient(P, T)
    return ((P - T) ** 2).mean(), X.T @ delta_, delta_.sum(axis=0)


# A confidently wrong example: two classes, true class 0, scores (0, 10).
WRONG_S, WRONG_Y = np.array([[0.0, 10.0]]), np.array([0])


@value("wrong_p_y", fmt="{:.1e}")
def wrong_p_y() -> float:
    return float(softmax(WRONG_S)[0, 0])


@value("wrong_mse_gradient", fmt="{:.1e}")
def wrong_mse_gradient() -> float:
    """∂L/∂s_y of MSE on the softmax for the confidently wrong example."""
    return float(softmax_mse_score_gradient(softmax(WRONG_S), one_hot(WRONG_Y, 2))[0, 0])


@value("wrong_ce_gradient", fmt="{:.5f}")
def wrong_ce_gradient() -> float:
    return float(softmax_cross_entropy(WRONG_S, WRONG_Y)[1][0, 0])


def central_differences(f, x, h: float = 1e-6):
    """∂f/∂x by central differences, entry by entry, for an array x (f returns a float)."""
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


# The source's setting: a batch of 3 examples with 4 features, 2 classes, labels (0, 1, 1), W and x
# uniform in [0, 1), b = 0. Our random numbers are not the source's (it draws them in TensorFlow).
MSE_SEED, MSE_N, MSE_D, MSE_K, MSE_LABELS = 3, 3, 4, 2, (0, 1, 1)


def mse_example():
    rng = np.random.default_rng(MSE_SEED)
    return rng.uniform(size=(MSE_N, MSE_D)), rng.uniform(size=(MSE_D, MSE_K)), np.zeros(MSE_K), np.array(MSE_LABELS)


def mse_gradient_check() -> tuple[float, float]:
    """Largest |analytic − central difference| for dW and for db on the example."""
    X, Wm, b, y = mse_example()
    _, dW, db = softmax_mse(X, Wm, b, y)
    fd_W = central_differences(lambda w: softmax_mse(X, w, b, y)[0], Wm)
    fd_b = central_differences(lambda v: softmax_mse(X, Wm, v, y)[0], b)
    return float(np.abs(dW - fd_W).max()), float(np.abs(db - fd_b).max())


@value("softmax_mse_loss", fmt="{:.4f}")
def softmax_mse_loss() -> float:
    return float(softmax_mse(*mse_example())[0])


@value("softmax_mse_fd_error_w", fmt="{:.1e}")
def softmax_mse_fd_error_w() -> float:
    return mse_gradient_check()[0]


@value("softmax_mse_fd_error_b", fmt="{:.1e}")
def softmax_mse_fd_error_b() -> float:
    return mse_gradient_check()[1]


@value("softmax_mse_db", fmt="{:.4f}")
def softmax_mse_db() -> tuple[float, ...]:
    return tuple(float(v) for v in softmax_mse(*mse_example())[2])


# ---------------------------------------------------------------- checks of the general formulas
def general_formula_gap(kind: str, C: int, y: int, points: int = 5, seed: int = 0) -> float:
    """Largest |general formula − SymPy's diff| at random score vectors (away from kinks, almost surely).

    kind "svm": 1{j≠y} q_j − 1{j=y} Σ_{m≠y} q_m;  kind "ce": p_j − 1{j=y}.
    """
    sc = scores(C)
    if kind == "svm":
        loss, formula = svm_loss_expr(sc, y).doit(), svm_gradient_formula(C, y).doit()
    else:
        loss, formula = ce_loss_expr(C, y), ce_gradient_formula(C, y).doit()
    exact = sp.Matrix([sp.diff(loss, v) for v in sc])
    f_exact, f_formula = sp.lambdify(sc, exact, "numpy"), sp.lambdify(sc, formula, "numpy")
    rng = np.random.default_rng(seed)
    gap = 0.0
    for _ in range(points):
        point = rng.uniform(-2, 2, C)
        gap = max(gap, float(np.abs(np.asarray(f_exact(*point), float) - np.asarray(f_formula(*point), float)).max()))
    return gap


GENERAL_CLASSES = range(2, 7)


@value("general_formula_cases", fmt="{:d}")
def general_formula_cases() -> int:
    """How many (C, y) pairs the general formulas are compared on: C = 2..6, every y."""
    return sum(C for C in GENERAL_CLASSES)


@value("general_formula_max_gap", fmt="{:.1e}")
def general_formula_max_gap() -> float:
    return max(general_formula_gap(kind, C, y) for kind in ("svm", "ce") for C in GENERAL_CLASSES
               for y in range(1, C + 1))
