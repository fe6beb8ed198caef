"""Search in each language: one index per language, and the handbook's terms as words for jieba.

static-i18n with Material writes one search index holding both languages, so an English query lists
Chinese pages and the other way round. After the build, the index is split: site/search/ keeps the
English documents, site/zh/search/ gets the Chinese ones (locations relative to /zh/), and every Chinese
page tells Material's search worker to load the Chinese index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from derive.core.files import write_file
from mkdocs_handbook.reader import INLINE_MATH

# Multi-character terms jieba would otherwise cut (链式 | 法则), so a query for the term matches it whole.
TERMS = (
    "链式法则",
    "梯度消失",
    "梯度爆炸",
    "反向传播",
    "交叉熵",
    "激活函数",
    "学习率",
    "牛顿法",
    "梯度下降",
    "自动微分",
    "梯度检查",
    "损失函数",
    "海森矩阵",
    "鞍点",
    "批归一化",
    "梯度裁剪",
    "偏差修正",
    "等高线",
    "计算图",
    "数值稳定",
    "中心差分",
    "前向模式",
    "反向模式",
    "指示函数",
    "多分类",
    "归一化",
    "初始化",
    "动量法",
    "泰勒展开",
    "牛顿迭代",
)


def add_terms() -> None:
    import jieba

    for term in TERMS:
        jieba.add_word(term, freq=2_000_000)


# English spellings a reader may type for a term the pages spell another way: each document holding the
# first gets the second appended to its text, so either query finds it (the separator splits at "-").
SPELLINGS = (
    ("back-propagation", "backpropagation"),
    ("Back-propagation", "backpropagation"),
    ("cross-entropy", "crossentropy"),
    ("Cross-entropy", "crossentropy"),
)


def add_spellings(doc: dict) -> dict:
    extra = sorted({other for written, other in SPELLINGS if written in doc["text"] or written in doc["title"]})
    return {**doc, "text": doc["text"] + " " + " ".join(extra)} if extra else doc


_BASE = re.compile(r'("base": ")([^"]*)(")')


def split_index(site: Path, lang: str = "zh") -> bool:
    """Split site/search/search_index.json by language; point the `lang` pages at their own index."""
    index_file = site / "search" / "search_index.json"
    if not index_file.exists():
        return False
    index = json.loads(index_file.read_text(encoding="utf-8"))
    prefix = f"{lang}/"
    theirs = [d for d in index["docs"] if d["location"].startswith(prefix) or d["location"] == lang]
    if not theirs:
        return False
    ours = [add_spellings(d) for d in index["docs"] if d not in theirs]
    for d in theirs:
        d["location"] = d["location"][len(prefix) :] if d["location"].startswith(prefix) else ""
    write_file(
        index_file,
        json.dumps(
            {**index, "config": {**index["config"], "lang": ["en"]}, "docs": ours},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    )
    write_file(
        site / lang / "search" / "search_index.json",
        json.dumps(
            {**index, "config": {**index["config"], "lang": [lang]}, "docs": theirs},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    )
    for page in (site / lang).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # Material resolves the index and every result against `base` as a URL: the trailing slash keeps zh/.
        new = _BASE.sub(lambda m: m[0] if m[2].endswith(f"/{lang}/") else f"{m[1]}{m[2]}/{lang}/{m[3]}", text, 1)
        if new != text:
            write_file(page, new)
    return True


def misplaced(site: Path, lang: str = "zh") -> list[str]:
    """Documents in the wrong language's index (empty for a well-split site), and a missing `lang` index."""
    problems = []
    default = site / "search" / "search_index.json"
    own = site / lang / "search" / "search_index.json"
    if not own.exists():
        return [f"no {lang}/search/search_index.json"]
    for d in json.loads(default.read_text(encoding="utf-8"))["docs"]:
        if d["location"] == lang or d["location"].startswith(f"{lang}/"):
            problems.append(f"search/: {d['location']}")
    for page in (site / lang).rglob("*.html"):
        match = _BASE.search(page.read_text(encoding="utf-8"))
        if match and not match[2].endswith(f"/{lang}/"):
            problems.append(f"{page.relative_to(site).as_posix()}: search base {match[2]!r}")
    return problems


# --- formulas in result snippets ---------------------------------------------------------------------
# The index leaves out a formula's TeX (it is marked data-search-exclude: KaTeX's markup is most of a
# page), which left holes in the snippets ("into the open interval , which"). Each inline formula gets a
# plain-text reading beside it, (0, 1) or σ(x)(1 - σ(x)), in a hidden span the index reads and the page
# drops once indexed (mkdocs_handbook.pages). pylatexenc turns TeX into Unicode text.
_INLINE_MATH = re.compile(INLINE_MATH, re.S)
_SEARCH_TEXT = re.compile(r'<span class="handbook-search-text" hidden>[^<]*</span>')


def formula_text(tex: str) -> str:
    """A formula as plain text for a search snippet: σ(x)(1 - σ(x)), e^-x/(1 + e^-x)^2."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        text = LatexNodes2Text().latex_to_text(tex)
    except Exception:  # a snippet without this formula's text is better than a failed build
        return ""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"([(\[])\s+|\s+([)\]])", lambda m: m[1] or m[2], text)  # "σ(x )" -> "σ(x)"


class FormulaTexts:
    """formula_text, remembered in the one cache (derive.core.cache.Store, keyed by this module and the
    pylatexenc version): a warm build would otherwise convert its ~3,000 inline formulas again, about 2 s."""

    def __init__(self, store):
        from importlib.metadata import version

        from derive.core.cache import digest

        self.store, self.key = store, digest("formula text", version("pylatexenc"), modules=(__name__,))
        self.known = store.get("inline", self.key) or {}
        self.changed = False

    def __call__(self, tex: str) -> str:
        if tex not in self.known:
            self.known[tex] = formula_text(tex)
            self.changed = True
        return self.known[tex]

    def save(self) -> None:
        if self.changed:
            self.store.put("inline", self.key, self.known)
            self.changed = False


# Longer readings (a whole derivation's relation in a table of the claims page) would only lengthen the
# snippets, and the index every page loads: with all of them the heaviest page went over its 400 KB.
SEARCH_TEXT_LIMIT = 40


def with_search_text(html_text: str, text_of=formula_text) -> str:
    """Each short inline formula followed by its plain-text reading, for the search index only."""
    import html

    def add(m: re.Match) -> str:
        text = text_of(html.unescape(m[1]))
        if not text or len(text) > SEARCH_TEXT_LIMIT:
            return m[0]
        return m[0] + f'<span class="handbook-search-text" hidden>{html.escape(text)}</span>'

    return _INLINE_MATH.sub(add, html_text)


def without_search_text(html_text: str) -> str:
    return _SEARCH_TEXT.sub("", html_text)
