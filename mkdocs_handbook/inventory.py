"""The site's trust, inspectable: the claims page, the errata page, and the errata boxes of the chapters.

[[claims]]        every derivation, value and declared hypothesis, by chapter, with its status, the page
                  that shows it, its source, and where each registered wrong version is refuted
[[errata]]        every claim of the five source posts the site reviewed, with verdict and evidence
[[erratum:NAME]]  one reviewed claim, as a box in a chapter (the same entry the errata page lists)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from derive.core.checker import check
from derive.core.errata import all_claims, get_claim
from derive.core.inline import REFERENCE, Context, inline_tex, relation_tex
from derive.core.notation import latex
from derive.core.registry import all_derivations, all_hypotheses, all_values
from derive.core.sources import POSTS
from mkdocs_handbook.reader import mark_chinese, mark_english

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

TEXT = {
    "en": {
        "verdict": {"wrong": "wrong", "imprecise": "imprecise", "right": "right"},
        "evidence": "Evidence",
        "says": "says",
        "name": "Name",
        "relation": "Relation",
        "status": "Status",
        "page": "Page",
        "source": "Source",
        "refuted": "Wrong versions refuted",
        "symbolic": "proved symbolically",
        "numeric": "steps {k} checked numerically only",
        "convention": "rests on a stated convention",
        "computed": "computed value",
        "value": "Value",
        "kind": {"assumption": "assumption", "definition": "definition", "convention": "convention"},
        "derivations": "Derivations",
        "values": "Values",
        "hypotheses": "Stated without proof",
        "post": "Post",
        "section": "Section",
        "claim": "Claim",
        "none": "—",
        "at": "at",
        "none_refuted": "none registered",
        "and": "; ",
    },
    "zh": {
        "verdict": {"wrong": "错误", "imprecise": "不严谨", "right": "正确"},
        "evidence": "依据",
        "says": "写道",
        "name": "名称",
        "relation": "关系式",
        "status": "状态",
        "page": "页面",
        "source": "源代码",
        "refuted": "被否定的错误版本",
        "symbolic": "已符号证明",
        "numeric": "第 {k} 步仅做了数值验证",
        "convention": "依赖一条声明的约定",
        "computed": "计算所得的值",
        "value": "值",
        "kind": {"assumption": "假设", "definition": "定义", "convention": "约定"},
        "derivations": "推导",
        "values": "数值",
        "hypotheses": "未经证明而声明的关系",
        "post": "博文",
        "section": "小节",
        "claim": "原文观点",
        "none": "—",
        "at": "反例点",
        "none_refuted": "未登记",
        "and": "；",
    },
}
_HEADING_ID = re.compile(r"\s*\{#[^}]*\}\s*$")  # a heading's explicit id, not part of its text
_ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ \-][A-Za-z]{2,}")
_ADMONITION = {"wrong": "failure", "imprecise": "warning", "right": "success"}


def _math(tex: str) -> str:
    """Inline math in a Markdown table cell: arithmatex wraps it (a ready-made span would be wrapped twice)."""
    return "\\(" + tex.replace("|", r"\vert ") + "\\)"


def _inline(text: str, ctx: Context) -> str:
    from mkdocs_handbook.references import inline_html

    return inline_html(text, ctx)


_SPAN = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)


def _table_text(text: str) -> str:
    """Plain text for one Markdown table cell: escaped, Markdown's own characters inert, lines as <br>."""
    text = html.escape(text)
    for char in "|*_`\\[]":
        text = text.replace(char, f"&#{ord(char)};")
    return "<br>".join(text.splitlines())


def _cell(text: str, ctx: Context) -> str:
    """Inline text for a Markdown table cell: math as plain \\( \\), which arithmatex wraps once."""
    return _SPAN.sub(lambda m: "\\(" + html.unescape(m[1]) + "\\)", _inline(text, ctx)).replace("|", "&#124;")


BLOCKS = ("derivation", "erratum")  # the references that put an anchor (#derivation-…, #erratum-…) on a page


def _references(lang: str):
    for page in sorted(DOCS.glob(f"*.{lang}.md")):
        stem = page.name[: -len(f".{lang}.md")]
        for m in REFERENCE.finditer(page.read_text(encoding="utf-8")):
            if m["name"] and m["kind"] not in ("figure", "code", "source"):
                yield stem, m["kind"], m["name"]


def pages_naming(lang: str) -> dict[str, str]:
    """name -> the page (path without language suffix) that shows it: the one with its block, if any,
    else the first that mentions it inline."""
    found: dict[str, str] = {}
    for stem, kind, name in _references(lang):
        if kind in BLOCKS:
            found.setdefault(name, stem)
    for stem, _, name in _references(lang):
        found.setdefault(name, stem)
    return found


def shown_as_block(lang: str) -> set[str]:
    """Names whose page shows them as a block, so that a link may point at the block's anchor."""
    return {name for _, kind, name in _references(lang) if kind in BLOCKS}


def _page_link(stem: str | None, depth: int, anchor: str = "") -> str:
    if not stem:
        return "—"
    url = "../" * depth + ("" if stem == "index" else f"{stem}/") + anchor
    return f'<a href="{url}"><code>{html.escape(stem)}</code></a>'


def _text_en(text: str) -> str:
    """Text for an English page: escaped, its Chinese words marked as Chinese."""
    return mark_chinese(html.escape(text))


def _evidence_links(c, depth: int, lang: str = "en") -> str:
    return ("，" if lang == "zh" else ", ").join(
        f'<a href="{"../" * depth}claims/#claim-{e}"><code>{html.escape(e)}</code></a>' for e in c.evidence
    )


def render_erratum(name: str, ctx: Context, depth: int) -> str:
    t = TEXT[ctx.lang]
    c = get_claim(name)
    post = POSTS[c.post]
    title = c.title_en if ctx.lang == "en" else c.title_zh
    title_html = _inline(title, ctx)
    said = c.claim_en if ctx.lang == "en" else c.claim_zh
    why = c.why_en if ctx.lang == "en" else c.why_zh
    evidence = _evidence_links(c, depth, ctx.lang)
    colon = ": " if ctx.lang == "en" else "："
    if ctx.lang == "en":  # "The post “…”, §1.9: claim (wrong)"; Chinese titles and sections marked as Chinese
        where = f"{_text_en(post.en[0].upper() + post.en[1:])}, {_text_en(c.section)}"  # starts the line
        verdict = f' <span class="erratum-verdict">({t["verdict"][c.verdict]})</span>'
    else:  # 博文《…》§1.9：观点（错误）: full-width punctuation, no italic (Chinese has none)
        section = mark_english(html.escape(c.section))
        # "§1.9" follows the title directly; a named section is quoted: 博文《…》“2.1 MAE函数的梯度”一节
        where = html.escape(post.zh) + (section if c.section.startswith("§") else f"“{section}”一节")
        verdict = f'<span class="erratum-verdict">（{t["verdict"][c.verdict]}）</span>'
    lines = [
        f'<div class="admonition {_ADMONITION[c.verdict]} erratum" id="erratum-{c.name}">',
        f'<p class="admonition-title">{title_html}</p>',
        f"<p>{where}{colon}{_inline(said, ctx)}{verdict}</p>",
    ]
    if why:
        lines.append(f"<p>{_inline(why, ctx)}</p>")
    if evidence:
        lines.append(f'<p class="erratum-evidence">{t["evidence"]}{colon}{evidence}</p>')
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def render_errata(ctx: Context, depth: int) -> str:
    t = TEXT[ctx.lang]
    naming, blocks = pages_naming(ctx.lang), shown_as_block(ctx.lang)
    out = []
    claims = all_claims()
    for key, post in POSTS.items():
        mine = [c for c in claims if c.post == key]
        title = _text_en(post.en[0].upper() + post.en[1:]) if ctx.lang == "en" else html.escape(post.zh)
        out.append(f"## {title} {{#post-{key.replace('_', '-')}}}\n")  # one id in both languages
        if not mine:
            out.append(t["none"] + "\n")
            continue
        out.append(f"| {t['section']} | {t['claim']} | {t['status']} | {t['evidence']} | {t['page']} |")
        out.append("| --- | --- | --- | --- | --- |")
        for c in mine:
            said = _cell(c.claim_en if ctx.lang == "en" else c.claim_zh, ctx)
            evidence = _evidence_links(c, depth, ctx.lang) or t["none"]
            page = naming.get(c.name)
            section = _text_en(c.section) if ctx.lang == "en" else mark_english(html.escape(c.section))
            out.append(
                f"| {section} | {said} | {t['verdict'][c.verdict]} | {evidence} | "
                f"{_page_link(page, depth, f'#erratum-{c.name}' if c.name in blocks else '')} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def _status(d, result, t) -> str:
    numeric = [str(s.index) for s in result.steps if s.method == "numeric"]
    conventions = [
        m["name"] for s in d.steps for text in (s.en,) for m in REFERENCE.finditer(text) if m["kind"] == "hypothesis"
    ]
    status = t["numeric"].format(k=("、" if t is TEXT["zh"] else ", ").join(numeric)) if numeric else t["symbolic"]
    if conventions:
        status += t["and"] + t["convention"]
    return status


# A sample point as the checker prints it in an error ("differs at {x=0.5, W_{0,1}=2}: ..."); a step's
# reason, which the error quotes before it, holds braces of its own ($e^{x}$): the point follows " at ".
_POINT_IN_ERROR = re.compile(r" at (\{(?:[^{}]|\{[^{}]*\})*\})")
# What the store holds and how the point is read, part of its key: an entry of another shape, or read
# another way, is recomputed, never misread.
_REFUTATION_SHAPE = f"[label, point or checker error] per wrong version, point {_POINT_IN_ERROR.pattern}"


def refutations(d, store) -> list[tuple[str, str]]:
    """For each registered wrong version: its label and where the checker refutes it, a sample point
    (or, if it names none, the checker's error). Cached with the check's key, in no language: both
    pages share the store and translate when they render."""
    from derive.core.checker import check_key

    if store is not None:
        key = f"{check_key(d)} {_REFUTATION_SHAPE}"
        stored = store.get(d.name, key)
        if stored is not None:
            return [(what, outcome) for what, outcome in stored]
    found = []
    for m in d.mutations:
        # a fixed seed: the page shows the same point on every build
        result = check(m.apply(d), first_failure=True, seed=0)
        error = result.errors[0] if result.errors else "NOT REFUTED"
        point = _POINT_IN_ERROR.search(error)
        found.append((m.what, point.group(1) if point else error))
    if store is not None:
        store.put(d.name, key, [list(r) for r in found])
    return found


def _refuted_cell(d, store, lang: str) -> str:
    """The wrong versions of d and where each is refuted, one a line, in the page's language."""
    from mkdocs_handbook.mutation_labels_zh import POINT, label_zh, outcome_zh

    lines = []
    for what, outcome in refutations(d, store):
        if lang == "zh":  # a label with no Chinese fails the build, naming d and the label
            lines.append(f"{label_zh(d.name, what)}：{outcome_zh(d.name, outcome)}")
        else:
            lines.append(f"{what}: {outcome if POINT.fullmatch(outcome) else outcome[:80]}")
    return "<br>".join(html.escape(line).replace("|", "&#124;") for line in lines)  # a table cell


def _unsearched(table: list[str]) -> list[str]:
    """A claims table kept out of the search index: the tables were almost half of it (every name,
    status and source path again), and every page loads the index; the chapter pages hold the same."""
    return ['<div markdown="1" data-search-exclude>\n', *table, "\n</div>\n"]


def render_claims(ctx: Context, depth: int, store=None) -> str:
    from derive.core.discovery import chapter_names

    t = TEXT[ctx.lang]
    naming, blocks = pages_naming(ctx.lang), shown_as_block(ctx.lang)
    out = []
    derivations, values, hypotheses = all_derivations(), all_values(), all_hypotheses()
    for chapter in chapter_names():
        page = chapter.replace("_", "-")
        first = DOCS / f"{page}.{ctx.lang}.md"
        heading = first.read_text(encoding="utf-8").splitlines()[0].lstrip("# ") if first.exists() else chapter
        heading = _HEADING_ID.sub("", heading)
        mine = [d for d in derivations if d.chapter == chapter]
        my_values = [v for v in values if v.chapter == chapter]
        my_hyps = [h for h in hypotheses if h.chapter == chapter]
        if not (mine or my_values or my_hyps):
            continue
        out.append(f"## {heading} {{#{page}}}\n")  # ids shared by both languages (the switch keeps #…)
        if mine:
            out.append(f"### {t['derivations']} {{#{page}-derivations}}\n")
            table = []
            table.append(
                f"| {t['name']} | {t['relation']} | {t['status']} | {t['page']} | {t['source']} | {t['refuted']} |"
            )
            table.append("| --- | --- | --- | --- | --- | --- |")
            for d in mine:
                result = ctx.results.get(d.name)
                status = _status(d, result, t) if result is not None and result.ok else "FAILED"
                refuted = _refuted_cell(d, store, ctx.lang) or t["none_refuted"]
                tex = relation_tex(d)
                tex = tex if len(tex) <= 240 else latex(d.first)  # a matrix result: its page shows it whole
                table.append(
                    f'| <span id="claim-{d.name}">`{d.name}`</span> | {_math(tex)} | {status} | '
                    f"{_page_link(naming.get(d.name), depth, f'#derivation-{d.name}' if d.name in blocks else '')} | "
                    f"`{d.source_file}:{d.source_line}` | {refuted} |"
                )
            out += _unsearched(table)
        if my_values:
            out.append(f"### {t['values']} {{#{page}-values}}\n")
            table = []
            table.append(f"| {t['name']} | {t['value']} | {t['status']} | {t['page']} | {t['source']} |")
            table.append("| --- | --- | --- | --- | --- |")
            for v in my_values:
                text = _table_text(ctx.value_text(v.name))
                if _ENGLISH_WORDS.search(text) or "<br>" in text:  # a program's output: quoted, in code type
                    text = f"<code>{text}</code>"
                table.append(
                    f'| <span id="claim-{v.name}">`{v.name}`</span> | {text} | {t["computed"]} | '
                    f"{_page_link(naming.get(v.name), depth)} | `{v.source_file}:{v.source_line}` |"
                )
            out += _unsearched(table)
        if my_hyps:
            out.append(f"### {t['hypotheses']} {{#{page}-hypotheses}}\n")
            table = []
            table.append(f"| {t['name']} | {t['relation']} | {t['status']} | {t['page']} | {t['source']} |")
            table.append("| --- | --- | --- | --- | --- |")
            for h in my_hyps:
                tex = inline_tex("hypothesis", h.name, ctx)
                table.append(
                    f'| <span id="claim-{h.name}">`{h.name}`</span> | {_math(tex)} | {t["kind"][h.kind]} | '
                    f"{_page_link(naming.get(h.name), depth)} | `{h.source_file}:{h.source_line}` |"
                )
            out += _unsearched(table)
    return "\n".join(out) + "\n"


def footer(lang: str) -> str:
    import subprocess

    import sympy

    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        commit = "unknown"
    if lang == "zh":
        return f"本站每个推导都在提交 {commit} 上由 SymPy {sympy.__version__} 验证"
    return f"Every derivation on this site checked at commit {commit} with SymPy {sympy.__version__}"
