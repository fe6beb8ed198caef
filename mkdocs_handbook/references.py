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
import io
import re
import tokenize
import unicodedata
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
from mkdocs_handbook.code_comments_zh import COMMENTS_ZH
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


_MESSAGE = re.compile(r"[A-Za-z]{2,}[ \-][A-Za-z]{2,}")


def _value_html(text: str) -> str:
    """A value's text: a number as it is, a message a program printed in code type (quoted, not prose)."""
    return f"<code>{html.escape(text)}</code>" if _MESSAGE.search(text) else html.escape(text)


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
        out.append(_value_html(tex) if kind == "value" else _math(tex, False))
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


def _names_in(expr) -> set:
    import sympy as sp

    if isinstance(expr, sp.Lambda):
        expr = expr.expr
    found = set(getattr(expr, "free_symbols", set()))
    if hasattr(expr, "atoms"):  # an expression or a Matrix
        found |= {f.func for f in expr.atoms(sp.Function)}  # display functions (σ, ReLU, iterate) among them
    return found


def definitions_used(d: Derivation) -> dict:
    """The definitions the steps use, directly or through another definition (a chapter may pass one
    dictionary to all its derivations; the sigmoid's page should not list ReLU)."""
    wanted = set().union(*(_names_in(s.expr) for s in d.steps))
    used: dict = {}
    while True:
        new = {k: v for k, v in d.definitions.items() if k in wanted and k not in used}
        if not new:
            return {k: v for k, v in d.definitions.items() if k in used}  # in the registered order
        used.update(new)
        for meaning in new.values():
            wanted |= _names_in(meaning)


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
    used = definitions_used(d)
    if used:  # every display name the proof expands is shown: the page hides no definition
        defs = ", \\quad ".join(definition_tex(k, v) for k, v in used.items())
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
    if ctx.lang == "zh":  # the call's comments in Chinese (its strings hold both languages already)
        source = _in_chinese(source, d.name)
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


def render_figure(name: str, caption: str, depth: int, lang: str) -> str:
    """Both colour schemes' SVGs (Material shows the one whose #only-light / #only-dark matches), each a link
    to its own file so a reader can open it full size, with the figure's alt text in the page's language."""
    from figures.build import load_figures
    from figures.registry import alt_text

    if name not in load_figures():
        raise UnknownName(f"unknown figure {name!r}")
    prefix = "../" * depth + FIGURE_DIR
    alt = alt_text(name, lang).replace('"', "'")
    images = "".join(
        f"  [![{alt}]({prefix}/{name}.{scheme}.svg#only-{scheme}){{ loading=lazy }}]({prefix}/{name}.{scheme}.svg)"
        f"{{ .handbook-figure-link .handbook-figure-link--{scheme} }}\n"
        for scheme in ("light", "dark")
    )
    return f'<figure markdown="span">\n{images}  <figcaption>{html.escape(caption)}</figcaption>\n</figure>'


def render_source(key: str, lang: str, text: str, at: int) -> str:
    """A source post by its title (or, if untitled, the description the seeds' README gives it).

    The first mention on a page is in full, later ones short ("the post “Gradient Descent”").
    Capitalised in English at the start of a sentence; the Chinese name needs no case.
    """
    from derive.core.sources import POSTS

    if key not in POSTS:
        raise UnknownName(f"unknown source {key!r} (known: {', '.join(POSTS)})")
    named_before = f"[[source:{key}]]" in text[:at]  # in full the first time on a page, short after
    post = POSTS[key]
    full, short = (post.en, post.short_en) if lang == "en" else (post.zh, post.short_zh)
    name = short if named_before else full
    if lang == "zh":
        return name
    before = text[:at].rstrip(" *_")
    if not before or before.endswith((".", "!", "?", "\n")):
        name = name[0].upper() + name[1:]
    from mkdocs_handbook.reader import mark_chinese

    return mark_chinese(name)


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
    return _code_block(_in_chinese(source, dotted) if lang == "zh" else source, caption)


# Chinese pages show the same code with every comment and docstring replaced by its translation from
# mkdocs_handbook/code_comments_zh.py; the code itself is kept byte for byte.

_CODE_WIDTH = (80, 120)  # translated prose is wrapped at the original's width, kept within these bounds
_RULE = re.compile(r"\s+-{3,}$")  # the "----" that draws a section comment out to a column
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_ATOM = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NO_LINE_START = set("，。、；：？！）》」』】")
_NO_LINE_END = set("（《「『【")
_OPERATORS = set("=+-*/<>≤≥≈→←^|·×±~")  # a formula written with spaces is not broken next to these


@dataclass(frozen=True)
class CodeProse:
    """A comment (or a run of comment lines) or a docstring in a source, by its place in the text."""

    kind: str  # "comment" (after code), "comment block" (lines of their own) or "docstring"
    start: int  # offsets into the source
    end: int
    english: str  # normalised: the key of COMMENTS_ZH
    column: int  # where it starts on its line
    width: int  # display width of its widest line, from column 0
    rule_to: int = 0  # a section comment: the display column its "----" rule reached, else 0


def normalise_prose(text: str) -> str:
    return " ".join(text.split())


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def code_prose(source: str) -> list[CodeProse]:
    """Every comment and docstring of a source (a function or a class), in order."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    found = []
    for group in _comment_groups(tokens, lines):
        (row, col), (end_row, end_col) = group[0].start, group[-1].end
        bodies = [t.string[1:].strip() for t in group]
        rule = len(group) == 1 and _RULE.search(bodies[0])
        width = max(_display_width(lines[t.start[0] - 1][: t.end[1]]) for t in group)
        found.append(
            CodeProse(
                "comment" if lines[row - 1][:col].strip() else "comment block",
                starts[row - 1] + col,
                starts[end_row - 1] + end_col,
                normalise_prose(_RULE.sub("", bodies[0]) if rule else " ".join(bodies)),
                col,
                width,
                width if rule else 0,
            )
        )
    for node in ast.walk(ast.parse(source)):
        doc = node.body[0] if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None
        if not (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
            continue
        strings = [t for t in tokens if t.type == tokenize.STRING and doc.lineno <= t.start[0] <= doc.end_lineno]
        (row, col), (end_row, end_col) = strings[0].start, strings[-1].end
        width = max(_display_width(lines[r - 1].rstrip("\n")) for r in range(row, end_row + 1))
        found.append(
            CodeProse(
                "docstring",
                starts[row - 1] + col,
                starts[end_row - 1] + end_col,
                normalise_prose(doc.value.value),
                col,
                width,
            )
        )
    return sorted(found, key=lambda p: p.start)


def _comment_groups(tokens, lines) -> list[list[tokenize.TokenInfo]]:
    """One group per comment, except that comment lines of their own, one under the other, form one group."""
    groups: list[list[tokenize.TokenInfo]] = []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        row, col = token.start
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and previous.start == (row - 1, col)
            and not lines[row - 1][:col].strip()
            and not lines[row - 2][:col].strip()
        ):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


@dataclass
class _Unit:
    text: str
    spaced: bool  # a space separates it from the unit before
    breakable: bool  # a line may start with it


def _units(text: str) -> list[_Unit]:
    """Text cut where a line may break: between Chinese characters, or at a space outside a formula.

    Never before a closing mark (，。）) nor after an opening one (（), never inside ASCII brackets,
    never next to an operator of a formula written with spaces (w = w - lr * g stays whole).
    """
    units: list[_Unit] = []
    pos = depth = 0
    for m in _ATOM.finditer(text):
        atom, spaced = m[0], m.start() > pos
        pos = m.end()
        if units and not spaced and (atom[0] in _NO_LINE_START or units[-1].text[-1] in _NO_LINE_END):
            units[-1].text += atom
        else:
            before = units[-1].text[-1] if units else ""
            operator = spaced and (atom[0] in _OPERATORS or before in _OPERATORS)
            units.append(_Unit(atom, spaced, bool(units) and depth == 0 and not operator))
        for c in atom:
            depth = max(0, depth + (c in "([{") - (c in ")]}"))
    return units


_SHORT_LAST = 16  # display columns: a last line shorter than this looks left behind


def _break_cost(units: list[_Unit], j: int) -> float:
    """How much a line break before units[j] costs, in squared columns of slack."""
    before = "".join(u.text for u in units[:j])
    if before[-1] in _NO_LINE_START:
        return 0.0  # after a punctuation mark: where a Chinese reader expects it
    inside = before.count("（") > before.count("）")  # splits a parenthesis
    word = units[j].spaced and not _CJK_CHAR.search(before[-1] + units[j].text[0])  # two Latin words
    return (10.0 if word else 60.0) + (60.0 if inside else 0.0)


def _wrap_zh(text: str, first: int, width: int) -> list[str]:
    """Chinese prose in lines of at most `width` display columns (`first` for the first line).

    Chooses the breaks that make the lines most even (least squared slack), with a cost for a break
    that is not after a punctuation mark (_break_cost) and one for a last line of a few characters;
    a piece that cannot be broken and is longer than a line overflows it.
    """
    units = _units(text)
    n = len(units)
    widths = [_display_width(u.text) for u in units]

    def line_width(i: int, j: int) -> int:
        return sum(widths[i:j]) + sum(u.spaced for u in units[i + 1 : j])

    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n  # cost of units[:j], where its line starts
    for j in range(1, n + 1):
        if j < n and not units[j].breakable:
            continue
        inner = False  # whether units[i:j] could be broken further: only then may it not overflow
        for i in range(j - 1, -1, -1):
            if i and not units[i].breakable:
                continue
            w, room = line_width(i, j), first if i == 0 else width
            if w > room and inner:
                break
            inner = True
            if j == n:
                cost = 0.0 if i == 0 or w >= _SHORT_LAST else 10.0 * (_SHORT_LAST - w) ** 2
            else:
                cost = ((room - w) / 2) ** 2 + _break_cost(units, j)
            if best[i][0] + cost < best[j][0]:
                best[j] = (best[i][0] + cost, i)
    lines, j = [], n
    while j:
        i = best[j][1]
        lines.append("".join((" " if u.spaced and k else "") + u.text for k, u in enumerate(units[i:j])))
        j = i
    return lines[::-1]


def _docstring_zh(zh: str, original: str, column: int, limit: int) -> str:
    """A docstring token in Chinese: the original's prefix and quotes, zh's lines, re-wrapped.

    In zh, a line starting with a space is kept as written (a formula), an empty line separates
    paragraphs, and every other line is prose, wrapped. One line of prose stays on the line of its
    quotes if that line fits in the longest code line allowed.
    """
    quotes = re.match(r"[A-Za-z]*('''|\"\"\"|'|\")", original)[0]
    close = quotes.lstrip("rRbBuUfF")
    if len(close) == 1:  # a docstring in single quotes cannot span lines
        return quotes + normalise_prose(zh) + close
    if "\n" not in zh and column + len(quotes) + _display_width(zh) + len(close) <= _CODE_WIDTH[1]:
        return quotes + zh + close
    lines: list[str] = []
    for line in zh.split("\n"):
        if not line.strip():
            lines.append("")
        elif line[0] == " ":
            lines.append(line)
        else:
            lines += _wrap_zh(line, limit - column - len(quotes) if not lines else limit - column, limit - column)
    indent = " " * column
    return quotes + "\n".join([lines[0], *(indent + line if line else "" for line in lines[1:]), indent + close])


def _in_chinese(source: str, dotted: str) -> str:
    """source with its comments and docstrings in Chinese; raise naming the first untranslated one."""
    out, pos = [], 0
    for prose in code_prose(source):
        zh = COMMENTS_ZH.get(prose.english)
        if zh is None:
            shown = prose.english if len(prose.english) <= 100 else prose.english[:99] + "…"
            raise ReferenceError_(
                f"{dotted}: {prose.kind} {shown!r} has no Chinese in mkdocs_handbook/code_comments_zh.py"
            )
        limit = min(max(prose.width, _CODE_WIDTH[0]), _CODE_WIDTH[1])
        if prose.kind == "docstring":
            text = _docstring_zh(zh, source[prose.start : prose.end], prose.column, limit)
        elif prose.kind == "comment":
            text = "# " + normalise_prose(zh)
        else:
            lines = _wrap_zh(normalise_prose(zh), limit - prose.column - 2, limit - prose.column - 2)
            if prose.rule_to:  # redrawn after the last line, out to the column the original's reached
                last = prose.column + _display_width("# " + lines[-1])
                lines[-1] += " " + "-" * max(3, prose.rule_to - last - 1)
            text = ("\n" + " " * prose.column).join("# " + line for line in lines)
        out += [source[pos : prose.start], text]
        pos = prose.end
    return "".join(out) + source[pos:]


def expand(
    markdown: str,
    lang: str,
    depth: int,
    results: dict[str, CheckResult],
    page: str,
    value_text=None,
    refutation_store=None,
    link_depth: int | None = None,
) -> str:
    """Replace every reference in a page; raise ReferenceError_ naming the page and the reference.

    value_text(name) gives a value's printed text (a cache may stand in for computing it). `depth` is the
    page's source depth (for Markdown images, which MkDocs rewrites); `link_depth` the depth of its URL
    below its language's root (for links in raw HTML, which MkDocs leaves as written): "activations/" and
    "zh/activations/" are both 1, so "../claims/" reaches the claims page of the page's own language.
    """
    ctx = Context(lang, results, value_text, depth=depth if link_depth is None else link_depth)
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
                    return inventory.render_claims(ctx, ctx.depth, refutation_store)
                return inventory.render_errata(ctx, ctx.depth)
            if name is None:
                raise ReferenceError_(f"[[{kind}]] needs a name on a page: [[{kind}:NAME]]")
            if kind == "erratum":
                from mkdocs_handbook import inventory

                return inventory.render_erratum(name, ctx, ctx.depth)
            if kind in ("derivation", "formula"):
                d = checked_derivation(name, ctx)
                return render_derivation(d, results[name], ctx) if kind == "derivation" else render_formula(d)
            if kind == "value":
                return ctx.value_text(name)
            if kind in INLINE_KINDS:
                # Plain \( \) in Markdown: arithmatex wraps it once (a span here would be wrapped again)
                return "\\(" + inline_tex(kind, name, ctx) + "\\)"
            if kind == "figure":
                return render_figure(name, caption, depth, lang)
            if kind == "source":
                return render_source(name, lang, markdown, match.start())
            if kind == "code":
                return render_code(name, lang)
        except (UnknownName, ReferenceError_) as exc:
            raise ReferenceError_(f"{where}: {exc}") from None
        raise ReferenceError_(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")

    out = REFERENCE.sub(one, markdown)
    return chinese_tex_words(out) if lang == "zh" else out


# SymPy writes a Piecewise with English words ("1 for x > 0, 0 otherwise"); a Chinese textbook writes the
# condition alone and 其他 for the remaining case.
_TEX_WORDS_ZH = ((r"\text{for}\: ", ""), (r"\text{otherwise}", r"\text{其他}"))


def chinese_tex_words(text: str) -> str:
    for english, chinese in _TEX_WORDS_ZH:
        text = text.replace(english, chinese)
    return text
