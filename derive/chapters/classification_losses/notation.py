"""How this chapter shows its formulas: indicators, the hinge, partial derivatives, fractions as written,
and the general-index notation (s_j, Σ_{m≠y}) that states a rule for every class at once.

Each class prints as a textbook writes it and tells the checker what it means (doit), so a page shows
exactly what was proved. Indicator, Partial and Ratio are general; they live here until another chapter
needs them (then they belong in derive.core.notation).
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction
from sympy.printing.precedence import PRECEDENCE

# A zero-width strut: full-size fractions stacked in a matrix would otherwise touch row to row.
STRUT = r"\rule[-1.1em]{0pt}{3em}"


def real(tex: str):
    """A real symbol printed as `tex` (names SymPy understands, e.g. delta_1, print as \\delta_{1})."""
    return sp.Symbol(tex, real=True)


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
    kink t = 0 is taken as 0, the same choice as derive.numerics.losses.svm_loss (strict >). SymPy's own
    Max would differentiate to Heaviside(t) with H(0) = 1/2, a third convention."""

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
        ((var, _),) = self.variable_count
        bottom = r"\partial " + printer._print(var)
        if isinstance(self.expr, (sp.Symbol, AppliedUndef)):
            tex = r"\dfrac{\partial %s}{%s}" % (printer._print(self.expr), bottom)
        else:
            tex = r"\dfrac{\partial}{%s} %s" % (bottom, printer.parenthesize(self.expr, PRECEDENCE["Mul"], strict=True))
        tex += STRUT
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


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


class Fraction(Ratio):
    """a/b printed as an inline \\frac, as written (SymPy would move factors across it)."""

    def _latex(self, printer, exp=None):
        return r"\frac{%s}{%s}" % (printer._print(self.args[0]), printer._print(self.args[1]))


class Slash(Ratio):
    """a/b printed inline with a slash, e^{s_j}/Z, as prose writes it. Proofs see the quotient."""

    def _latex(self, printer, exp=None):
        top, bottom = (printer.parenthesize(a, PRECEDENCE["Mul"], strict=True) for a in self.args)
        return f"{top}/{bottom}"


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


# ---------------------------------------------------------------- general indices: s_j for any class j
class Family(sp.Function):
    """x_i, the i-th of x_1, ..., x_C, for an integer symbol i. Proofs see a Piecewise over i, so a rule
    stated with s_j, q_m, p_j is checked for every class (the chapter's tests run every index).

    Family(name, i, C) has the members x_1..x_C (real symbols); Family(name, i, C, (e_1, ..., e_C)) has
    the given expressions as members (p_i whose members are e^{s_k}/Z).
    """

    nargs = (3, 4)

    def members(self):
        base, upper = self.args[0], int(self.args[2])
        if len(self.args) > 3:
            return list(self.args[3])
        return [family_member(base, k) for k in range(1, upper + 1)]

    def doit(self, **hints):
        index = self.args[1]
        members = [m.doit(**hints) for m in self.members()]
        return sp.Piecewise(*[(m, sp.Eq(index, k)) for k, m in enumerate(members[:-1], start=1)], (members[-1], True))

    def _latex(self, printer, exp=None):
        base, index = self.args[:2]
        tex = f"{base}_{{{printer._print(index)}}}"
        return tex if exp is None else f"{tex}^{{{exp}}}"


def family(name: str, index, upper: int, members=None):
    args = (sp.Symbol(name), index, sp.Integer(upper))
    return Family(*args, sp.Tuple(*members)) if members is not None else Family(*args)


def family_member(base, k: int):
    """The k-th member of a family, an ordinary real symbol (s_2)."""
    return real(f"{base}_{k}")


class IndexedPartial(sp.Function):
    """∂(expr)/∂x_j with respect to the j-th member of a family, j symbolic: Σ_k 1{j = k} ∂expr/∂x_k."""

    nargs = 2

    def doit(self, **hints):
        expr, var = self.args
        base, index, upper = var.args[:3]
        e = expr.doit(**hints)
        return sp.Add(
            *(Indicator(sp.Eq(index, k)).doit() * sp.diff(e, family_member(base, k)) for k in range(1, int(upper) + 1))
        )

    def _latex(self, printer, exp=None):
        expr, var = self.args
        top = printer._print(expr)
        top = top if isinstance(expr, (sp.Symbol, Family)) else rf"({top})"
        return r"\frac{\partial %s}{\partial %s}" % (top, printer._print(var))


class SumOver(sp.Function):
    """Σ over an index (printed Σ_m) or over the indices meeting a condition (Σ_{m≠y}); the upper end C
    is implied by the domain. Proofs see the sum over 1..C with the condition as an indicator."""

    nargs = 4

    def doit(self, **hints):
        body, index, where, upper = self.args
        terms = []
        for v in range(1, int(upper) + 1):
            term = body.xreplace({index: v})
            terms.append(term if where == sp.true else Indicator(where.xreplace({index: v})) * term)
        return sp.Add(*terms).doit(**hints)

    def _latex(self, printer, exp=None):
        body, index, where, _ = self.args
        below = printer._print(index if where == sp.true else where)
        inner = printer._print(body)
        inner = rf"\left({inner}\right)" if isinstance(body, sp.Add) else inner
        return rf"\sum_{{{below}}} {inner}"


def sum_over(body, index, upper, where=sp.true):
    return SumOver(body, index, where, sp.Integer(upper))


class MaxOver(sp.Function):
    """max over an index or over the indices meeting a condition (max_{j≠y} s_j). Proofs see the Max."""

    nargs = 4

    def doit(self, **hints):
        body, index, where, upper = self.args
        values = [
            body.xreplace({index: v})
            for v in range(1, int(upper) + 1)
            if where == sp.true or where.xreplace({index: v}) == sp.true
        ]
        return sp.Max(*values).doit(**hints)

    def _latex(self, printer, exp=None):
        body, index, where, _ = self.args
        return rf"\max_{{{printer._print(index if where == sp.true else where)}}} {printer._print(body)}"


def max_over(body, index, upper, where=sp.true):
    return MaxOver(body, index, where, sp.Integer(upper))
