"""Notation: how a formula is shown. The one LaTeX printer and the helpers that keep a step as written.

Pages, titles, reasons and the CLI all print through `latex`, so what a reader sees is what was proved.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter


def product(*factors):
    """A product shown factor by factor, as written: SymPy would otherwise merge and reorder it.

    Pages need the step before the simplification (e.g. the σ′ factor next to the loss's slope); the
    checker's doit() removes the wrapping, so proofs see the ordinary product.
    """
    return sp.Mul(*(sp.UnevaluatedExpr(f) for f in factors), evaluate=False)


def mul_as_written(*factors):
    """A plain unevaluated product: SymPy's printer keeps its order and brackets signed factors.

    Unlike product(), neighbouring fractions may be printed as one fraction.
    """
    return sp.Mul(*factors, evaluate=False)


def sum_as_written(*terms):
    """A sum shown in the order written (steps print with order="none")."""
    return sp.Add(*terms, evaluate=False)


def _starts_with_sign(text: str) -> bool:
    return text.lstrip().startswith(("-", "+"))


class StepPrinter(LatexPrinter):
    """SymPy's LaTeX printer, plus brackets wherever a signed or summed factor sits inside a product.

    SymPy prints Mul(a, UnevaluatedExpr(-b)) as "a - b", and 2*product(x, -y) (which SymPy flattens
    into Mul(2, x, -y) with the last two kept as written) as "2 x - y": formulas other than the one
    proved. A product with a factor kept as written is printed factor by factor, in order, and a factor
    is bracketed when it is a sum, or when it is not the first factor and prints with a sign.
    """

    def _print_Mul(self, expr):
        if not any(isinstance(f, sp.UnevaluatedExpr) for f in expr.args):
            return super()._print_Mul(expr)
        parts = []
        for i, factor in enumerate(expr.args):
            if i == 0 and factor == -1:
                parts.append("-")
                continue
            inner = factor.args[0] if isinstance(factor, sp.UnevaluatedExpr) else factor
            text = self._print(inner)
            if isinstance(inner, sp.Add) or (i > 0 and _starts_with_sign(text)):
                text = rf"\left({text}\right)"
            parts.append(text)
        return " ".join(parts)


def latex(expr) -> str:
    """LaTeX for a step, terms in the order the derivation wrote them (σ(1 − σ), not (1 − σ)σ)."""
    return StepPrinter({"order": "none"}).doprint(expr)


RELATION_TEX = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}
