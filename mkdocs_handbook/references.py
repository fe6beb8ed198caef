"""Turn a page's references ([[derivation:NAME]], [[value:NAME]], ...) into Markdown and HTML.

This is the only place that knows both derive/figures and the page syntax. It is plain Python (no
MkDocs import), so tests can render a page's references without running a build.

    [[derivation:NAME]]     the whole chain, each step with its reason, the check result and the source
    [[formula:NAME]]        just "first step = last step", as display math
    [[relation:NAME]]       the same relation, inline (a derivation, or a one-link fact)
    [[first:NAME]] [[final:NAME]]  one end of a derivation, inline
    [[value:NAME]]          a number computed by derive, inline
    [[eq:NAME]]             a value with its symbol, inline math: "η = 0.0017"
    [[hypothesis:NAME]]     a declared assumption, definition or convention, inline math
    [[def:NAME]]            (in a derivation's title or reason) the definition of a display name it uses
    [[figure:NAME|caption]] an SVG drawn by figures/, one file per colour scheme
    [[code:derive.MODULE.FUNCTION]]  the source of a function, as a code block
    [[source:KEY]]          a source post by its title (derive.core.sources.POSTS), in the page's language

In a derivation's title and reasons, [[relation]], [[first]] and [[final]] without a name mean the
derivation itself.
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

from derive.core.checker import SPOT_POINTS, CheckResult
from derive.core.inline import (
    INLINE_KINDS,
    KINDS,
    REFERENCE,
    Context,
    InlineError,
    checked_derivation,
    definition_tex,
    inline_tex,
    relation_tex,
)
from derive.core.notation import RELATION_TEX, latex
from derive.core.registry import Derivation, UnknownName
from mkdocs_handbook.typed_relations import REFERENCE_TEXT, strip_code

ROOT = Path(__file__).resolve().parent.parent
FIGURE_DIR = "assets/generated/figures"

TEXT = {
    "en": {
        "checked": "Checked",
        "symbolic": "{n} {steps}, each proved by SymPy and spot-checked at {p} random points",
        "numeric": "{n} {steps}, each spot-checked at {p} random points; steps {k} are checked numerically "
        "only (SymPy cannot prove them symbolically)",
        "gradient": "the result agrees with SymPy's own derivative and with central finite differences",
        "source": "Source",
        "number": "Derivation {n}.",
        "permalink": "Permanent link",
        "colon": ": ",
        "status": "its entry among all claims",
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
        "number": "推导 {n}",
        "permalink": "永久链接",
        "colon": "：",
        "status": "在全部结论中的条目",
        "line": "第",
        "where": "其中",
        "separator": "；",
    },
}


ReferenceError_ = InlineError  # a page names something that does not exist or whose check failed


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


def inline_html(text: str, ctx: Context) -> str:
    """A title or a reason: words, $symbols$ and inline references, as HTML (math for the KaTeX pass)."""
    out = []
    pos = 0
    for m in REFERENCE.finditer(text):
        out.append(_words_html(text[pos : m.start()]))
        kind = m["kind"]
        if kind not in INLINE_KINDS:
            raise ReferenceError_(f"[[{kind}]] cannot stand inside a title or a reason")
        tex = inline_tex(kind, m["name"], ctx)
        out.append(html.escape(tex) if kind == "value" else _math(tex, False))
        pos = m.end()
    out.append(_words_html(text[pos:]))
    return "".join(out)


def _words_html(text: str) -> str:
    """Plain text with optional $inline math$ (symbols only: relations come from references)."""
    parts = re.split(r"\$([^$]+)\$", text)
    return "".join(_math(part, False) if i % 2 else html.escape(part) for i, part in enumerate(parts))


def malformed(markdown: str) -> list[str]:
    """Texts between [[ and ]] (outside code) that are not a well-formed reference of a known kind."""
    bad = []
    for m in REFERENCE_TEXT.finditer(strip_code(markdown)):
        ref = REFERENCE.fullmatch(m.group(0))
        if ref is None or ref["kind"] not in KINDS:
            bad.append(m.group(0))
    text = REFERENCE_TEXT.sub("", strip_code(markdown))
    bad += ["[[" + t[:30] for t in text.split("[[")[1:]]  # an opening [[ that never closes
    return bad


@functools.lru_cache(maxsize=None)
def _parsed(relpath: str) -> tuple[str, ast.Module]:
    text = (ROOT / relpath).read_text(encoding="utf-8")
    return text, ast.parse(text)


@functools.lru_cache(maxsize=None)
def _source_segment(relpath: str, line: int) -> str:
    """The whole statement that starts at `line` (a multi-line derivation(...) call)."""
    text, tree = _parsed(relpath)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.stmt)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.If, ast.For, ast.With))
        ):
            return ast.get_source_segment(text, node) or ""
    return ""


def _code_block(code: str, caption: str) -> str:
    fence = "```"
    return f'{fence}python title="{caption}"\n{code.rstrip()}\n{fence}'


def render_derivation(d: Derivation, result: CheckResult, ctx: Context) -> str:
    t = TEXT[ctx.lang]
    inner = ctx.inside(d)
    rows = []
    for i, step in enumerate(d.steps):
        body = _latex(step.expr) if i == 0 else f"{RELATION_TEX[step.relation]} {_latex(step.expr)}"
        reason = inline_html(step.en if ctx.lang == "en" else step.zh, inner)
        rows.append(
            f'<li class="step"><div class="step-math">{_math(body, True)}</div>'
            f'<div class="step-reason">{reason}</div></li>'
        )
    where = ""
    if d.definitions:  # every display name the proof expands is shown: the page hides no definition
        defs = ", \\quad ".join(definition_tex(k, v) for k, v in d.definitions.items())
        where = f'<p class="derivation-where">{t["where"]} {_math(defs, False)}</p>'
    title = inline_html(d.title_en if ctx.lang == "en" else d.title_zh, inner)
    ctx.numbered += 1
    label = t["number"].format(n=ctx.numbered)
    block = (
        f'<div class="derivation" id="derivation-{d.name}">\n'
        f'<h4 class="derivation-title"><span class="derivation-number">{label}</span> {title}'
        f'<a class="headerlink" href="#derivation-{d.name}" title="{t["permalink"]}">¶</a></h4>\n'
        f'<ol class="steps">{"".join(rows)}</ol>{where}\n</div>'
    )
    numeric = [str(s.index) for s in result.steps if s.method == "numeric"]
    n = len(result.steps)
    p = SPOT_POINTS
    steps = "step" if n == 1 else "steps"  # the Chinese templates have no plural and ignore it
    status = (t["numeric"] if numeric else t["symbolic"]).format(n=n, p=p, k=", ".join(numeric), steps=steps)
    if result.gradient:
        status += t["separator"] + t["gradient"]
    source = _source_segment(d.source_file, d.source_line)
    caption = (
        f"{d.source_file}, {t['line']} {d.source_line}"
        if ctx.lang == "en"
        else f"{d.source_file}，{t['line']} {d.source_line} 行"
    )
    # Collapsed, and kept out of the search index: the source holds the reasons in both languages, so
    # indexing it would make Chinese queries find English pages and the other way round.
    details = (
        f'<details class="success derivation-check" data-search-exclude="" markdown="1">\n'
        f"<summary>{t['checked']}{t['colon']}{html.escape(status)}</summary>\n\n"
        f'`python -m derive check {d.name}` · <a href="{"../" * ctx.depth}claims/#claim-{d.name}">'
        f"{t['status']}</a>\n\n{_code_block(source, caption)}\n\n</details>"
    )
    return block + "\n\n" + details + "\n"


def render_formula(d: Derivation) -> str:
    return _math(relation_tex(d), True)


def render_figure(name: str, caption: str, depth: int) -> str:
    from figures.build import load_figures

    if name not in load_figures():
        raise UnknownName(f"unknown figure {name!r}")
    prefix = "../" * depth + FIGURE_DIR
    alt = caption.replace('"', "'") or name
    return (
        f'<figure markdown="span">\n'
        f"  ![{alt}]({prefix}/{name}.light.svg#only-light){{ loading=lazy }}\n"
        f"  ![{alt}]({prefix}/{name}.dark.svg#only-dark){{ loading=lazy }}\n"
        f"  <figcaption>{html.escape(caption)}</figcaption>\n</figure>"
    )


def render_source(key: str, lang: str, text: str, at: int) -> str:
    """A source post by its title (or, if untitled, the description the seeds' README gives it).

    Capitalised in English at the start of a sentence; the Chinese name needs no case.
    """
    from derive.core.sources import POSTS

    if key not in POSTS:
        raise UnknownName(f"unknown source {key!r} (known: {', '.join(POSTS)})")
    name = getattr(POSTS[key], lang)
    before = text[:at].rstrip(" *_")
    if lang == "en" and (not before or before.endswith((".", "!", "?", "\n"))):
        name = name[0].upper() + name[1:]
    return name


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


def expand(
    markdown: str,
    lang: str,
    depth: int,
    results: dict[str, CheckResult],
    page: str,
    value_text=None,
    refutation_store=None,
) -> str:
    """Replace every reference in a page; raise ReferenceError_ naming the page and the reference.

    value_text(name) gives a value's printed text (a cache may stand in for computing it).
    """
    ctx = Context(lang, results, value_text, depth=depth)
    bad = malformed(markdown)
    if bad:
        raise ReferenceError_(
            f"page {page}: malformed reference {bad[0]!r} (expected [[KIND:NAME]], KIND one of {', '.join(KINDS)})"
        )

    def one(match: re.Match) -> str:
        kind, name, caption = match["kind"], match["name"], match["caption"] or ""
        where = f"page {page}: [[{kind}:{name}]]"
        try:
            if kind in ("claims", "errata"):
                from mkdocs_handbook import inventory

                if kind == "claims":
                    return inventory.render_claims(ctx, depth, refutation_store)
                return inventory.render_errata(ctx, depth)
            if name is None:
                raise ReferenceError_(f"[[{kind}]] needs a name on a page: [[{kind}:NAME]]")
            if kind == "erratum":
                from mkdocs_handbook import inventory

                return inventory.render_erratum(name, ctx, depth)
            if kind in ("derivation", "formula"):
                d = checked_derivation(name, ctx)
                return render_derivation(d, results[name], ctx) if kind == "derivation" else render_formula(d)
            if kind == "value":
                return ctx.value_text(name)
            if kind in INLINE_KINDS:
                # Plain \( \) in Markdown: arithmatex wraps it once (a span here would be wrapped again)
                return "\\(" + inline_tex(kind, name, ctx) + "\\)"
            if kind == "figure":
                return render_figure(name, caption, depth)
            if kind == "source":
                return render_source(name, lang, markdown, match.start())
            if kind == "code":
                return render_code(name, lang)
        except (UnknownName, ReferenceError_) as exc:
            raise ReferenceError_(f"{where}: {exc}") from None
        raise ReferenceError_(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")

    return REFERENCE.sub(one, markdown)
