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
    },
}
_ADMONITION = {"wrong": "failure", "imprecise": "warning", "right": "success"}


def _math(tex: str) -> str:
    """Inline math in a Markdown table cell: arithmatex wraps it (a ready-made span would be wrapped twice)."""
    return "\\(" + tex.replace("|", r"\vert ") + "\\)"


def _inline(text: str, ctx: Context) -> str:
    from mkdocs_handbook.references import inline_html

    return inline_html(text, ctx)


_SPAN = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)


def _cell(text: str, ctx: Context) -> str:
    """Inline text for a Markdown table cell: math as plain \\( \\), which arithmatex wraps once."""
    return _SPAN.sub(lambda m: "\\(" + html.unescape(m[1]) + "\\)", _inline(text, ctx)).replace("|", "&#124;")


def pages_naming(lang: str) -> dict[str, str]:
    """name -> the page (path without language suffix) that first references it."""
    found: dict[str, str] = {}
    for page in sorted(DOCS.glob(f"*.{lang}.md")):
        stem = page.name[: -len(f".{lang}.md")]
        for m in REFERENCE.finditer(page.read_text(encoding="utf-8")):
            if m["name"] and m["kind"] not in ("figure", "code"):
                found.setdefault(m["name"], stem)
    return found


def _page_link(stem: str | None, depth: int, anchor: str = "") -> str:
    if not stem:
        return "—"
    url = "../" * depth + ("" if stem == "index" else f"{stem}/") + anchor
    return f'<a href="{url}">{html.escape(stem)}</a>'


def _evidence_links(c, depth: int) -> str:
    return ", ".join(
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
    evidence = _evidence_links(c, depth)
    source = post.en if ctx.lang == "en" else post.zh
    colon = ": " if ctx.lang == "en" else "："
    lines = [
        f'<div class="admonition {_ADMONITION[c.verdict]} erratum" id="erratum-{c.name}">',
        f'<p class="admonition-title">{title_html}</p>',
        f"<p><em>{html.escape(source)}</em>, {html.escape(c.section)}{colon}{_inline(said, ctx)}"
        f' <span class="erratum-verdict">({t["verdict"][c.verdict]})</span></p>',
    ]
    if why:
        lines.append(f"<p>{_inline(why, ctx)}</p>")
    if evidence:
        lines.append(f'<p class="erratum-evidence">{t["evidence"]}{colon}{evidence}</p>')
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def render_errata(ctx: Context, depth: int) -> str:
    t = TEXT[ctx.lang]
    naming = pages_naming(ctx.lang)
    out = []
    claims = all_claims()
    for key, post in POSTS.items():
        mine = [c for c in claims if c.post == key]
        out.append(f"## {html.escape(post.en if ctx.lang == 'en' else post.zh)}\n")
        if not mine:
            out.append(t["none"] + "\n")
            continue
        out.append(f"| {t['section']} | {t['claim']} | {t['status']} | {t['evidence']} | {t['page']} |")
        out.append("| --- | --- | --- | --- | --- |")
        for c in mine:
            said = _cell(c.claim_en if ctx.lang == "en" else c.claim_zh, ctx)
            evidence = _evidence_links(c, depth) or t["none"]
            page = naming.get(c.name)
            out.append(
                f"| {html.escape(c.section)} | {said} | {t['verdict'][c.verdict]} | {evidence} | "
                f"{_page_link(page, depth, f'#erratum-{c.name}')} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def _status(d, result, t) -> str:
    numeric = [str(s.index) for s in result.steps if s.method == "numeric"]
    conventions = [
        m["name"] for s in d.steps for text in (s.en,) for m in REFERENCE.finditer(text) if m["kind"] == "hypothesis"
    ]
    status = t["numeric"].format(k=", ".join(numeric)) if numeric else t["symbolic"]
    if conventions:
        status += "; " + t["convention"]
    return status


def refutations(d, store) -> list[str]:
    """For each registered wrong version: where the checker refutes it (cached with the check's key)."""
    from derive.core.checker import check_key

    key = check_key(d)
    stored = store.get(d.name, key) if store is not None else None
    if stored is not None:
        return stored
    found = []
    for m in d.mutations:
        # a fixed seed: the page shows the same point on every build
        result = check(m.apply(d), first_failure=True, seed=0)
        error = result.errors[0] if result.errors else "NOT REFUTED"
        point = re.search(r"\{[^{}]*\}", error)
        found.append(f"{m.what}: {point.group(0) if point else error[:80]}")
    if store is not None:
        store.put(d.name, key, found)
    return found


def render_claims(ctx: Context, depth: int, store=None) -> str:
    from derive.core.discovery import chapter_names

    t = TEXT[ctx.lang]
    naming = pages_naming(ctx.lang)
    out = []
    derivations, values, hypotheses = all_derivations(), all_values(), all_hypotheses()
    for chapter in chapter_names():
        page = chapter.replace("_", "-")
        first = DOCS / f"{page}.{ctx.lang}.md"
        heading = first.read_text(encoding="utf-8").splitlines()[0].lstrip("# ") if first.exists() else chapter
        mine = [d for d in derivations if d.chapter == chapter]
        my_values = [v for v in values if v.chapter == chapter]
        my_hyps = [h for h in hypotheses if h.chapter == chapter]
        if not (mine or my_values or my_hyps):
            continue
        out.append(f"## {heading}\n")
        if mine:
            out.append(f"### {t['derivations']}\n")
            out.append(
                f"| {t['name']} | {t['relation']} | {t['status']} | {t['page']} | {t['source']} | {t['refuted']} |"
            )
            out.append("| --- | --- | --- | --- | --- | --- |")
            for d in mine:
                result = ctx.results.get(d.name)
                status = _status(d, result, t) if result is not None and result.ok else "FAILED"
                refuted = "<br>".join(html.escape(r) for r in refutations(d, store)) or t["none_refuted"]
                tex = relation_tex(d)
                tex = tex if len(tex) <= 240 else latex(d.first)  # a matrix result: its page shows it whole
                out.append(
                    f'| <span id="claim-{d.name}">`{d.name}`</span> | {_math(tex)} | {status} | '
                    f"{_page_link(naming.get(d.name), depth, f'#derivation-{d.name}')} | "
                    f"`{d.source_file}:{d.source_line}` | {refuted} |"
                )
            out.append("")
        if my_values:
            out.append(f"### {t['values']}\n")
            out.append(f"| {t['name']} | {t['value']} | {t['status']} | {t['page']} | {t['source']} |")
            out.append("| --- | --- | --- | --- | --- |")
            for v in my_values:
                text = html.escape(ctx.value_text(v.name)).replace("|", "&#124;")
                out.append(
                    f'| <span id="claim-{v.name}">`{v.name}`</span> | {text} | {t["computed"]} | '
                    f"{_page_link(naming.get(v.name), depth)} | `{v.source_file}:{v.source_line}` |"
                )
            out.append("")
        if my_hyps:
            out.append(f"### {t['hypotheses']}\n")
            out.append(f"| {t['name']} | {t['relation']} | {t['status']} | {t['page']} | {t['source']} |")
            out.append("| --- | --- | --- | --- | --- |")
            for h in my_hyps:
                tex = inline_tex("hypothesis", h.name, ctx)
                out.append(
                    f'| <span id="claim-{h.name}">`{h.name}`</span> | {_math(tex)} | {t["kind"][h.kind]} | '
                    f"{_page_link(naming.get(h.name), depth)} | `{h.source_file}:{h.source_line}` |"
                )
            out.append("")
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
