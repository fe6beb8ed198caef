"""The registry: named derivations (chains of SymPy steps) and named values (numbers for pages).

A page names a derivation or a value; the site build looks it up here. Topic modules register their
content when imported; `derive.catalog` imports them all.
"""

from __future__ import annotations

import inspect
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import sympy as sp
from sympy.printing.latex import LatexPrinter


class UnknownName(KeyError):
    """A page or a command named a derivation or value that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


@dataclass(frozen=True)
class Step:
    """One link of a chain: `relation expr`, justified by a short reason in both languages.

    relation is "=" or "<=" (an upper bound, e.g. sigma' <= 1/4). numeric_only marks a step that SymPy
    cannot prove symbolically; the checker then relies on the numeric spot-check and the page says so.
    """

    expr: Any
    en: str
    zh: str
    relation: str = "="
    numeric_only: bool = False


@dataclass(frozen=True)
class Mutation:
    """A deliberately wrong version of a derivation that the checker must reject."""

    what: str
    apply: Callable[["Derivation"], "Derivation"]


@dataclass(frozen=True)
class Derivation:
    """A named chain of steps, each equal (or <=) to the one before.

    domain maps each free symbol to where the numeric spot-check samples it: a (low, high) interval of
    reals, or a list of allowed values (e.g. a label y in [0, 1]).
    definitions gives meaning to display names: an undefined function such as sigma maps to a Lambda,
    a symbol such as a maps to an expression (a = sigma(h)). Pages show the names; proofs expand them.
    """

    name: str
    title_en: str
    title_zh: str
    steps: tuple[Step, ...]
    domain: dict = field(default_factory=dict)
    definitions: dict = field(default_factory=dict)
    mutations: tuple[Mutation, ...] = ()
    source_file: str = ""
    source_line: int = 0

    def with_step(self, index: int, expr) -> "Derivation":
        """A copy with step `index` replaced by `expr` (used to build mutations)."""
        steps = list(self.steps)
        steps[index] = replace(steps[index], expr=expr)
        return replace(self, steps=tuple(steps), mutations=())

    @property
    def final(self):
        return self.steps[-1].expr


@dataclass(frozen=True)
class Value:
    """A number (or tuple of numbers) computed for a page, with how to print it."""

    name: str
    compute: Callable[[], Any]
    fmt: str = "{:.4f}"
    note: str = ""
    source_file: str = ""
    source_line: int = 0

    def text(self) -> str:
        v = self.compute()
        if isinstance(v, (tuple, list)):
            return "(" + ", ".join(self.fmt.format(x) for x in v) + ")"
        return self.fmt.format(v)


DERIVATIONS: dict[str, Derivation] = {}
VALUES: dict[str, Value] = {}

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _caller_location(depth: int = 2) -> tuple[str, int]:
    # sys._getframe, not inspect.stack(): the latter reads source context for every frame (slow)
    frame = sys._getframe(depth)
    return os.path.relpath(frame.f_code.co_filename, _ROOT), frame.f_lineno


def derivation(name: str, *, title_en: str, title_zh: str, steps, domain=None, definitions=None,
               mutations=()) -> Derivation:
    """Register a derivation under `name` and return it. Raises on a duplicate name."""
    if name in DERIVATIONS:
        raise ValueError(f"derivation {name!r} registered twice")
    if len(steps) < 2:
        raise ValueError(f"derivation {name!r} needs at least two steps")
    file, line = _caller_location()
    d = Derivation(name, title_en, title_zh, tuple(steps), dict(domain or {}), dict(definitions or {}),
                   tuple(mutations), file, line)
    DERIVATIONS[name] = d
    return d


def value(name: str, fmt: str = "{:.4f}", note: str = ""):
    """Decorator: register a zero-argument function computing a number a page quotes."""

    def register(fn):
        if name in VALUES:
            raise ValueError(f"value {name!r} registered twice")
        file = os.path.relpath(inspect.getsourcefile(fn), _ROOT)
        line = inspect.getsourcelines(fn)[1]
        VALUES[name] = Value(name, _cached(fn), fmt, note, file, line)
        return fn

    return register


def _cached(fn):
    box: list = []

    def compute():
        if not box:
            box.append(fn())
        return box[0]

    return compute


def get_derivation(name: str) -> Derivation:
    _load()
    try:
        return DERIVATIONS[name]
    except KeyError:
        raise UnknownName(f"unknown derivation {name!r}") from None


def get_value(name: str) -> Value:
    _load()
    try:
        return VALUES[name]
    except KeyError:
        raise UnknownName(f"unknown value {name!r}") from None


def all_derivations() -> list[Derivation]:
    _load()
    return [DERIVATIONS[k] for k in sorted(DERIVATIONS)]


def all_values() -> list[Value]:
    _load()
    return [VALUES[k] for k in sorted(VALUES)]


def _load() -> None:
    import derive.catalog  # noqa: F401  (importing registers everything)


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


class _StepPrinter(LatexPrinter):
    """SymPy's LaTeX printer, plus correct brackets for products built by product().

    SymPy prints Mul(a, UnevaluatedExpr(-b)) as "a - b": a different formula from the one proved. Here a
    factor is bracketed when it is a sum, or when it is not the first factor and prints with a sign.
    """

    def _print_Mul(self, expr):
        if not all(isinstance(f, sp.UnevaluatedExpr) for f in expr.args):
            return super()._print_Mul(expr)
        parts = []
        for i, factor in enumerate(expr.args):
            inner = factor.args[0]
            text = self._print(inner)
            if isinstance(inner, sp.Add) or (i > 0 and text.lstrip().startswith("-")):
                text = rf"\left({text}\right)"
            parts.append(text)
        return " ".join(parts)


def latex(expr) -> str:
    """LaTeX for a step, terms in the order the derivation wrote them (σ(1 − σ), not (1 − σ)σ)."""
    return _StepPrinter({"order": "none"}).doprint(expr)


# Mutations: ways to make a derivation wrong. Each derivation lists a few; the tests insist that the
# checker rejects every one of them, so a checker that accepts anything cannot pass.

def flip_sign(step: int = -1) -> Mutation:
    return Mutation(f"sign of step {step} flipped", lambda d: d.with_step(step, -d.steps[step].expr))


def scale_step(factor, step: int = -1) -> Mutation:
    return Mutation(f"step {step} multiplied by {factor}",
                    lambda d: d.with_step(step, factor * d.steps[step].expr))


def substitute(old, new, step: int = -1, what: str = "") -> Mutation:
    """Replace a sub-expression in one step: a dropped factor (new = 1), a wrong exponent, ..."""
    return Mutation(what or f"{old} replaced by {new} in step {step}",
                    lambda d: d.with_step(step, d.steps[step].expr.xreplace({old: new})))
