"""Inline references: how a title, a reason or a sentence names a proved or computed object.

    [[relation:NAME]]  first step, relation, last step of a derivation (or a one-link fact)
    [[first:NAME]] [[final:NAME]]  one end of it
    [[value:NAME]]  a computed number;  [[eq:NAME]]  "symbol = number"
    [[hypothesis:NAME]]  a declared assumption, definition or convention
    [[def:NAME]]  (in a derivation's own title or reasons) the definition of a display name it uses

Inside a derivation's title and reasons, [[relation]], [[first]] and [[final]] without a name mean
the derivation itself. The site (mkdocs_handbook) and the CLI both print through here.
"""

from __future__ import annotations

import re

import sympy as sp

from derive.core.notation import RELATION_TEX, latex
from derive.core.registry import Derivation, UnknownName, get_derivation, get_hypothesis, get_value

REFERENCE = re.compile(r"\[\[(?P<kind>[a-z]+)(?::(?P<name>[A-Za-z0-9_.\-]+))?(?:\|(?P<caption>[^\]]*))?\]\]")
KINDS = (
    "derivation",
    "formula",
    "relation",
    "first",
    "final",
    "value",
    "eq",
    "hypothesis",
    "def",
    "figure",
    "code",
    "erratum",
    "errata",
    "claims",
    "source",
)
INLINE_KINDS = ("relation", "first", "final", "value", "eq", "hypothesis", "def")


class InlineError(Exception):
    """A reference names something that does not exist, fails its check, or is not allowed where it is."""


class Context:
    """What inline references need: the language, the check results, values, and (inside a derivation's
    title or reasons) the derivation itself."""

    def __init__(self, lang: str, results: dict, value_text=None, derivation: Derivation | None = None, depth: int = 0):
        self.lang = lang
        self.results = results
        self.value_text = value_text or (lambda name: get_value(name).text())
        self.derivation = derivation
        self.depth = depth  # of the page, for links to other pages (the claims page)
        self.numbered = 0  # derivations shown so far on the page

    def inside(self, d: Derivation) -> "Context":
        return Context(self.lang, self.results, self.value_text, d, self.depth)


def checked_derivation(name: str, ctx: Context) -> Derivation:
    d = get_derivation(name)
    if ctx.results is None:  # no check results at hand (the CLI showing a derivation): print as registered
        return d
    result = ctx.results.get(name)
    if result is None or not result.ok:
        why = "; ".join(result.errors) if result else "not checked"
        raise InlineError(f"the derivation {name} fails its check: {why}")
    return d


def relation_tex(d: Derivation) -> str:
    return f"{latex(d.first)} {RELATION_TEX[d.relation]} {latex(d.final)}"


def definition_tex(key, meaning) -> str:
    """σ(x) = 1/(1 + e^{−x}) for a function, a = σ(h) for a display symbol."""
    if isinstance(meaning, sp.Lambda):
        return f"{latex(key(*meaning.variables))} = {latex(meaning.expr)}"
    return f"{latex(key)} = {latex(meaning)}"


def _display_name(key) -> str:
    return key.name if isinstance(key, sp.Symbol) else getattr(key, "__name__", str(key))


def _definition(name: str, ctx: Context) -> str:
    if ctx.derivation is None:
        raise InlineError("[[def:...]] names a definition of a derivation: use it in a title or a reason")
    for key, meaning in ctx.derivation.definitions.items():
        if _display_name(key) == name:
            return definition_tex(key, meaning)
    defined = ", ".join(_display_name(k) for k in ctx.derivation.definitions) or "nothing"
    raise UnknownName(f"{ctx.derivation.name} defines no {name!r} (it defines {defined})")


def inline_tex(kind: str, name: str | None, ctx: Context) -> str:
    """The TeX (or, for a value, the text) an inline reference stands for."""
    if kind in ("relation", "first", "final"):
        if name is None:
            if ctx.derivation is None:
                raise InlineError(f"[[{kind}]] without a name is only for a derivation's own title or reasons")
            d = ctx.derivation
        else:
            d = checked_derivation(name, ctx)
        if kind == "relation":
            return relation_tex(d)
        return latex(d.first if kind == "first" else d.final)
    if name is None:
        raise InlineError(f"[[{kind}]] needs a name: [[{kind}:NAME]]")
    if kind == "value":
        return ctx.value_text(name)
    if kind == "eq":
        v = get_value(name)
        if not v.symbol:
            raise InlineError(f"value {name} has no symbol: register it with symbol=... to use [[eq:{name}]]")
        return f"{v.symbol} = {ctx.value_text(name)}"
    if kind == "hypothesis":
        return latex(get_hypothesis(name).relation)
    if kind == "def":
        return _definition(name, ctx)
    raise InlineError(f"[[{kind}:{name}]] is not an inline reference")


def inline_plain(text: str, ctx: Context) -> str:
    """A title or a reason as one line of text with $TeX$, for the terminal (python -m derive show)."""

    def one(m):
        tex = inline_tex(m["kind"], m["name"], ctx)
        return tex if m["kind"] == "value" else f"${tex}$"

    return REFERENCE.sub(one, text)
