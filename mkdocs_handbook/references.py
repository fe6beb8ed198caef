"""Turn a page's references ([[derivation:NAME]], [[value:NAME]], ...) into Markdown and HTML.

This is the only place that knows both derive/figures and the page syntax. It is plain Python (no
MkDocs import), so tests can render a page's references without running a build.

    [[derivation:NAME]]     the whole chain, each step with its reason, the check result and the source
    [[formula:NAME]]        just "first step = last step", as display math
    [[value:NAME]]          a number computed by derive, inline
    [[figure:NAME|caption]] an SVG drawn by figures/, one file per colour scheme
    [[code:derive.MODULE.FUNCTION]]  the source of a function, as a code block
"""

from __future__ import annotations

import ast
import functools
import html
import importlib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from derive.checker import SPOT_POINTS, CheckResult
from derive.registry import Derivation, UnknownName, get_derivation, get_value, latex

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<name>[A-Za-z0-9_.\-]+)(?:\|(?P<caption>[^\]]*))?\]\]")
KINDS = ("derivation", "formula", "value", "figure", "code")
FIGURE_DIR = "assets/generated/figures"

TEXT = {
    "en": {
        "checked": "Checked",
        "symbolic": "{n} {steps}, each proved by SymPy and spot-checked at {p} random points",
        "numeric": "{n} {steps}, each spot-checked at {p} random points; steps {k} are checked numerically "
                   "only (SymPy cannot prove them symbolically)",
        "gradient": "the result agrees with SymPy's own derivative and with central finite differences",
        "source": "Source",
        "line": "line",
        "where": "where",
        "separator": "; ",
    },
    "zh": {
        "checked": "已验证",
        "symbolic": "共 {n} 步，每一步都由 SymPy 符号证明，并在 {p} 个随机点上数值抽查",
        "numeric": "共 {n} 步，每一步都在 {p} 个随机点上数值抽查；其中第 {k} 步仅做了数值验证（SymPy 无法符号证明）",
        "gradient": "结果与 SymPy 自己求出的导数一致，也与中心差分的数值导数一致",
        "source": "源代码",
        "line": "第",
        "where": "其中",
        "separator": "；",
    },
}


class ReferenceError_(Exception):
    """A page names something that does not exist or whose check failed."""


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str
    caption: str


def find_references(markdown: str) -> list[Reference]:
    return [Reference(m["kind"], m["name"], m["caption"] or "") for m in REFERENCE.finditer(markdown)]


def _math(tex: str, display: bool) -> str:
    """Math in the form pymdownx.arithmatex (generic) produces, for the KaTeX pass to render."""
    tex = html.escape(tex, quote=False)
    return f'<div class="arithmatex">\\[{tex}\\]</div>' if display else f'<span class="arithmatex">\\({tex}\\)</span>'


_latex = latex


def _reason_html(text: str) -> str:
    """A step's reason: plain text with optional $inline math$."""
    parts = re.split(r"\$([^$]+)\$", text)
    return "".join(_math(part, False) if i % 2 else html.escape(part) for i, part in enumerate(parts))


def _relation(step) -> str:
    return "=" if step.relation == "=" else r"\le"


@functools.lru_cache(maxsize=None)
def _parsed(relpath: str) -> tuple[str, ast.Module]:
    text = (ROOT / relpath).read_text(encoding="utf-8")
    return text, ast.parse(text)


@functools.lru_cache(maxsize=None)
def _source_segment(relpath: str, line: int) -> str:
    """The whole statement that starts at `line` (a multi-line derivation(...) call)."""
    text, tree = _parsed(relpath)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno) \
                and not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.If, ast.For, ast.With)):
            return ast.get_source_segment(text, node) or ""
    return ""


def _code_block(code: str, caption: str) -> str:
    fence = "```"
    return f'{fence}python title="{caption}"\n{code.rstrip()}\n{fence}'



def render_derivation(d: Derivation, result: CheckResult, lang: str) -> str:
    t = TEXT[lang]
    rows = []
    for i, step in enumerate(d.steps):
        body = _latex(step.expr) if i == 0 else f"{_relation(step)} {_latex(step.expr)}"
        reason = _reason_html(step.en if lang == "en" else step.zh)
        rows.append(f'<li class="step"><div class="step-math">{_math(body, True)}</div>'
                    f'<div class="step-reason">{reason}</div></li>')
    where = ""
    shown = {k: v for k, v in d.definitions.items() if isinstance(k, sp.Symbol)}
    if shown:
        defs = ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in shown.items())
        where = f'<p class="derivation-where">{t["where"]} {_math(defs, False)}</p>'
    title = _reason_html(d.title_en if lang == "en" else d.title_zh)
    block = (f'<div class="derivation" id="derivation-{d.name}">\n'
             f'<p class="derivation-title">{title}</p>\n<ol class="steps">{"".join(rows)}</ol>{where}\n</div>')
    numeric = [str(s.index) for s in result.steps if s.method == "numeric"]
    n = len(result.steps)
    p = SPOT_POINTS
    steps = "step" if n == 1 else "steps"  # the Chinese templates have no plural and ignore it
    status = (t["numeric"] if numeric else t["symbolic"]).format(n=n, p=p, k=", ".join(numeric), steps=steps)
    if result.gradient:
        status += t["separator"] + t["gradient"]
    source = _source_segment(d.source_file, d.source_line)
    caption = f"{d.source_file}, {t['line']} {d.source_line}" if lang == "en" else \
        f"{d.source_file}，{t['line']} {d.source_line} 行"
    # Collapsed, and kept out of the search index: the source holds the reasons in both languages, so
    # indexing it would make Chinese queries find English pages and the other way round.
    details = (f'<details class="success derivation-check" data-search-exclude="" markdown="1">\n'
               f'<summary>{t["checked"]}: {html.escape(status)}</summary>\n\n'
               f"`python -m derive check {d.name}`\n\n{_code_block(source, caption)}\n\n</details>")
    return block + "\n\n" + details + "\n"


def render_formula(d: Derivation) -> str:
    first, last = d.steps[0], d.steps[-1]
    relation = r"\le" if any(s.relation == "<=" for s in d.steps[1:]) else "="
    return _math(f"{_latex(first.expr)} {relation} {_latex(last.expr)}", True)


def render_figure(name: str, caption: str, depth: int) -> str:
    from figures.registry import FIGURES

    if name not in FIGURES:
        raise UnknownName(f"unknown figure {name!r}")
    prefix = "../" * depth + FIGURE_DIR
    alt = caption.replace('"', "'") or name
    return (f'<figure markdown="span">\n'
            f'  ![{alt}]({prefix}/{name}.light.svg#only-light){{ loading=lazy }}\n'
            f'  ![{alt}]({prefix}/{name}.dark.svg#only-dark){{ loading=lazy }}\n'
            f'  <figcaption>{html.escape(caption)}</figcaption>\n</figure>')


def render_code(dotted: str, lang: str) -> str:
    module_name, _, attr = dotted.rpartition(".")
    if not module_name.startswith("derive"):
        raise UnknownName(f"code references must name something in derive/, got {dotted!r}")
    try:
        obj = inspect.unwrap(getattr(importlib.import_module(module_name), attr))  # past decorators
        source = inspect.getsource(obj)
        line = inspect.getsourcelines(obj)[1]
        rel = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT)
    except (ImportError, AttributeError, TypeError, OSError, ValueError):
        raise UnknownName(f"unknown code {dotted!r} (not a function or class defined in derive/)") from None
    caption = f"{rel}, line {line}" if lang == "en" else f"{rel}，第 {line} 行"
    return _code_block(source, caption)


def expand(markdown: str, lang: str, depth: int, results: dict[str, CheckResult], page: str,
           value_text=None) -> str:
    """Replace every reference in a page; raise ReferenceError_ naming the page and the reference.

    value_text(name) gives a value's printed text (a cache may stand in for computing it).
    """
    value_text = value_text or (lambda name: get_value(name).text())

    def one(match: re.Match) -> str:
        kind, name, caption = match["kind"], match["name"], match["caption"] or ""
        where = f"page {page}: [[{kind}:{name}]]"
        try:
            if kind in ("derivation", "formula"):
                d = get_derivation(name)
                result = results.get(name)
                if result is None or not result.ok:
                    why = "; ".join(result.errors) if result else "not checked"
                    raise ReferenceError_(f"{where}: the derivation fails its check: {why}")
                return render_derivation(d, result, lang) if kind == "derivation" else render_formula(d)
            if kind == "value":
                return value_text(name)
            if kind == "figure":
                return render_figure(name, caption, depth)
            if kind == "code":
                return render_code(name, lang)
        except UnknownName as exc:
            raise ReferenceError_(f"{where}: {exc}") from None
        raise ReferenceError_(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")

    return REFERENCE.sub(one, markdown)
