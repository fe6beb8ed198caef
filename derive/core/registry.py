"""The registry: named derivations (chains of SymPy steps), values (numbers for pages) and declared
hypotheses (the few relations a page may state without proof: assumptions, definitions, conventions).

A page names a derivation, value or hypothesis; the site build looks it up here. Chapters register
their content when imported; derive.core.discovery imports every chapter (no hand-kept catalogue).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import sympy as sp

# The relations the checker proves. Anything else is a registration error, not a silent "<=".
RELATIONS = ("=", "<=")


class UnknownName(KeyError):
    """A page or a command named a derivation or value that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class RegistrationError(ValueError):
    """A derivation, value or hypothesis is malformed (caught when its chapter is imported)."""


@dataclass(frozen=True)
class Step:
    """One link of a chain: `relation expr`, justified by a short reason in both languages.

    relation is "=" or "<=" (an upper bound, e.g. sigma' <= 1/4). numeric_only marks a step that SymPy
    cannot prove symbolically; the checker then relies on the numeric check and the page says so.
    A reason is words; a formula in it is a reference ([[relation:NAME]], [[def:NAME]], ...).
    """

    expr: Any
    en: str
    zh: str
    relation: str = "="
    numeric_only: bool = False

    def __post_init__(self):
        if self.relation not in RELATIONS:
            raise RegistrationError(f"unknown relation {self.relation!r} (the checker proves {', '.join(RELATIONS)})")


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
    a symbol such as a maps to an expression (a = sigma(h)). Pages show the names and their
    definitions; proofs expand them.
    The title is words; `[[relation]]`, `[[first]]` and `[[final]]` in it print this derivation's own
    relation (first step, relation, last step) or one end of it, from the steps.
    """

    name: str
    title_en: str
    title_zh: str
    steps: tuple[Step, ...]
    domain: dict = field(default_factory=dict)
    definitions: dict = field(default_factory=dict)
    mutations: tuple[Mutation, ...] = ()
    chapter: str = ""
    source_file: str = ""
    source_line: int = 0

    def with_step(self, index: int, expr) -> "Derivation":
        """A copy with step `index` replaced by `expr` (used to build mutations)."""
        steps = list(self.steps)
        steps[index] = replace(steps[index], expr=expr)
        return replace(self, steps=tuple(steps), mutations=())

    @property
    def first(self):
        return self.steps[0].expr

    @property
    def final(self):
        return self.steps[-1].expr

    @property
    def relation(self) -> str:
        """The relation between the first and the last step: "<=" if any link is a bound, else "="."""
        return "<=" if any(s.relation == "<=" for s in self.steps[1:]) else "="


@dataclass(frozen=True)
class Value:
    """A number (or tuple of numbers) computed for a page, with how to print it.

    symbol is the LaTeX of what the number is (r"\\eta", "K"): [[eq:NAME]] prints "symbol = number".
    """

    name: str
    compute: Callable[[], Any]
    fmt: str = "{:.4f}"
    note: str = ""
    symbol: str = ""
    chapter: str = ""
    source_file: str = ""
    source_line: int = 0

    def text(self) -> str:
        v = self.compute()
        if isinstance(v, (tuple, list)):
            return "(" + ", ".join(self.fmt.format(x) for x in v) + ")"
        return self.fmt.format(v)


@dataclass(frozen=True)
class Hypothesis:
    """A relation a page states without proof: an assumption ("K > 0"), a definition, a convention.

    kind is "assumption", "definition" or "convention". The relation is a SymPy relational (or an
    Eq for a definition), printed by the same printer as the steps; `python -m derive hypotheses`
    lists them all, so a reviewer reads every unproved relation of the site in one place.
    """

    name: str
    relation: Any
    kind: str
    en: str
    zh: str
    chapter: str = ""
    source_file: str = ""
    source_line: int = 0


HYPOTHESIS_KINDS = ("assumption", "definition", "convention")

DERIVATIONS: dict[str, Derivation] = {}
VALUES: dict[str, Value] = {}
HYPOTHESES: dict[str, Hypothesis] = {}

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _caller_location(depth: int = 2) -> tuple[str, int, str]:
    """(file relative to the repository, line, chapter) of the code that registers something."""
    # sys._getframe, not inspect.stack(): the latter reads source context for every frame (slow)
    frame = sys._getframe(depth)
    while frame.f_code.co_filename == __file__:  # registered through a helper of this module
        frame = frame.f_back
    rel = os.path.relpath(frame.f_code.co_filename, _ROOT)
    parts = rel.split(os.sep)
    chapter = parts[2] if parts[:2] == ["derive", "chapters"] and len(parts) > 3 else ""
    return rel, frame.f_lineno, chapter


def derivation(
    name: str, *, title_en: str, title_zh: str, steps, domain=None, definitions=None, mutations=()
) -> Derivation:
    """Register a derivation under `name` and return it. Raises on a duplicate name or a bad relation."""
    if name in DERIVATIONS:
        raise RegistrationError(f"derivation {name!r} registered twice")
    if len(steps) < 2:
        raise RegistrationError(f"derivation {name!r} needs at least two steps")
    if steps[0].relation != "=" or steps[0].numeric_only:
        raise RegistrationError(f"derivation {name!r}: the first step starts the chain and has no relation")
    file, line, chapter = _caller_location()
    d = Derivation(
        name,
        title_en,
        title_zh,
        tuple(steps),
        dict(domain or {}),
        dict(definitions or {}),
        tuple(mutations),
        chapter,
        file,
        line,
    )
    DERIVATIONS[name] = d
    return d


def fact(
    name: str,
    lhs,
    rhs,
    *,
    en: str,
    zh: str,
    title_en: str = "",
    title_zh: str = "",
    relation: str = "=",
    domain=None,
    definitions=None,
    mutations=(),
    numeric_only: bool = False,
) -> Derivation:
    """A one-link derivation: `lhs relation rhs`, proved by the checker, for prose to cite inline.

    The reason (en, zh) says why it holds; the title defaults to the relation itself.
    """
    return derivation(
        name,
        title_en=title_en or "[[relation]]",
        title_zh=title_zh or "[[relation]]",
        steps=[Step(lhs, "", ""), Step(rhs, en, zh, relation=relation, numeric_only=numeric_only)],
        domain=domain,
        definitions=definitions,
        mutations=mutations,
    )


def value(name: str, fmt: str = "{:.4f}", note: str = "", symbol: str = ""):
    """Decorator: register a zero-argument function computing a number a page quotes."""

    def register(fn):
        if name in VALUES:
            raise RegistrationError(f"value {name!r} registered twice")
        code = getattr(fn, "__code__", None)
        file = os.path.relpath(code.co_filename, _ROOT) if code else ""
        line = code.co_firstlineno if code else 0
        parts = file.split(os.sep)
        chapter = parts[2] if parts[:2] == ["derive", "chapters"] and len(parts) > 3 else ""
        VALUES[name] = Value(name, _cached(fn), fmt, note, symbol, chapter, file, line)
        return fn

    return register


def hypothesis(name: str, relation, *, kind: str, en: str, zh: str) -> Hypothesis:
    """Declare a relation a page may state without proof (see Hypothesis)."""
    if name in HYPOTHESES:
        raise RegistrationError(f"hypothesis {name!r} registered twice")
    if kind not in HYPOTHESIS_KINDS:
        raise RegistrationError(f"hypothesis {name!r}: kind must be one of {', '.join(HYPOTHESIS_KINDS)}")
    if not isinstance(relation, (sp.core.relational.Relational, sp.logic.boolalg.Boolean)):
        raise RegistrationError(f"hypothesis {name!r}: the relation must be a SymPy relation (Eq, Gt, ...)")
    file, line, chapter = _caller_location()
    h = Hypothesis(name, relation, kind, en, zh, chapter, file, line)
    HYPOTHESES[name] = h
    return h


def _cached(fn):
    box: list = []

    def compute():
        if not box:
            box.append(fn())
        return box[0]

    compute.__wrapped__ = fn
    return compute


def _lookup(table: dict, kind: str, name: str):
    from derive.core.discovery import load_chapters

    load_chapters()
    try:
        return table[name]
    except KeyError:
        raise UnknownName(f"unknown {kind} {name!r}") from None


def get_derivation(name: str) -> Derivation:
    return _lookup(DERIVATIONS, "derivation", name)


def get_value(name: str) -> Value:
    return _lookup(VALUES, "value", name)


def get_hypothesis(name: str) -> Hypothesis:
    return _lookup(HYPOTHESES, "hypothesis", name)


def _all(table: dict) -> list:
    from derive.core.discovery import load_chapters

    load_chapters()
    return [table[k] for k in sorted(table)]


def all_derivations() -> list[Derivation]:
    return _all(DERIVATIONS)


def all_values() -> list[Value]:
    return _all(VALUES)


def all_hypotheses() -> list[Hypothesis]:
    return _all(HYPOTHESES)
