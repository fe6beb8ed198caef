"""What a reader's browser and a screen reader get, beyond the theme's defaults.

- the Chinese build declares `zh-Hans` (Simplified Chinese), not the bare `zh`;
- theme strings Material leaves in English on Chinese pages (the palette toggle, permalinks) are Chinese;
- the language switch links are relative, so the site works under any sub-path (GitHub Pages);
- each page has its own description: its first paragraph, as plain text;
- each language has its own 404 page, whose language switch leads to the other language's home page.
"""

from __future__ import annotations

import html
import re

ZH_THEME_STRINGS = {
    'title="Permanent link"': 'title="永久链接"',
    "Switch to dark mode": "切换到深色模式",
    "Switch to light mode": "切换到浅色模式",
}
_SWITCH = re.compile(r'<a href="(/[^"]*)" hreflang="([a-zA-Z-]+)" class="md-select__link">')
_REFERENCE = re.compile(r"\[\[[^\]]*\]\]")
_MARKUP = re.compile(r"[`*_]|\$[^$]*\$|<[^>]+>|\[([^\]]*)\]\([^)]*\)")


def root_prefix(page_url: str) -> str:
    """The relative path from a page (MkDocs URL such as "zh/newton/") to the site root."""
    depth = page_url.count("/")
    return "../" * depth if depth else "./"


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = {"en": "Search", "zh": "搜索"}


# The theme's footer credit, written in English in its template whatever the page's language.
_MADE_WITH = re.compile(
    r'Made with\s*(<a href="https://squidfunk\.github\.io/mkdocs-material/"[^>]*>)\s*([^<]*?)\s*</a>'
)


def _theme_strings(output: str, lang: str) -> str:
    """zh-Hans and Chinese theme strings on Chinese pages; a name for the search dialog in each language."""
    if lang == "zh":
        output = output.replace('<html lang="zh"', '<html lang="zh-Hans"', 1)
        for english, chinese in ZH_THEME_STRINGS.items():
            output = output.replace(english, chinese)
        output = _MADE_WITH.sub(lambda m: f"本站用 {m[1]}{m[2]}</a> 构建", output)
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_NAME[lang]}">', 1)


_QUOTED_ENGLISH = re.compile(r"([“（])([A-Za-z][A-Za-z0-9 ,'\-]*[A-Za-z0-9])([”）])")
_NAV_TEXT = re.compile(r'(<span class="md-ellipsis">)([^<]*)(</span>)')


def polish(output: str, lang: str, page_url: str) -> str:
    output = _theme_strings(output, lang)
    if lang == "en":  # the table of contents repeats a heading's text without its markup: mark it again
        output = _NAV_TEXT.sub(lambda m: m[1] + mark_chinese(m[2]) + m[3], output)
    else:  # an English term quoted in Chinese text, “Mean Square Root” or （mean squared error）: read as English
        output = _QUOTED_ENGLISH.sub(lambda m: f'{m[1]}<span lang="en">{m[2]}</span>{m[3]}', output)
    prefix = root_prefix(page_url)
    output = _SWITCH.sub(lambda m: f'<a href="{prefix}{m[1][1:]}" hreflang="{m[2]}" class="md-select__link">', output)
    return output


_NOT_FOUND = {
    "en": ("404: page not found", "This page does not exist. The {home} lists every chapter.", "home page"),
    "zh": ("404：页面不存在", "这个页面不存在。{home}列出了所有章节。", "首页"),
}


def polish_404(output: str, lang: str, base: str) -> str:
    """A 404 page, served at any depth: its links are absolute from the site's path (`base`, e.g. /repo/),
    its words (the theme writes "404 - Not found" in English for every language) in its own language."""
    output = _theme_strings(output, lang)
    title, text, home = _NOT_FOUND.get(lang, _NOT_FOUND["en"])
    home_link = f'<a href="{base}{"" if lang == "en" else lang + "/"}">{home}</a>'
    output = output.replace("<h1>404 - Not found</h1>", f"<h1>{title}</h1>\n<p>{text.format(home=home_link)}</p>")
    return _SWITCH.sub(
        lambda m: f'<a href="{base}{"" if m[2] == "en" else m[2] + "/"}" hreflang="{m[2]}" class="md-select__link">',
        output,
    )


_HAN = "\u3400-\u9fff\uf900-\ufaff"
# a title in 《》, or Han characters with the punctuation between them
_CHINESE_RUN = re.compile(f"《[^》]*》|[{_HAN}][\u3000-\u303f{_HAN}\uff00-\uffef]*")


def mark_chinese(text: str) -> str:
    """On an English page, Chinese words (a post's title or section) marked as such, for screen readers.

    Takes escaped HTML text (no tags) and returns it with each Chinese run in <span lang="zh-Hans">.
    """
    return _CHINESE_RUN.sub(lambda m: f'<span lang="zh-Hans">{m[0]}</span>', text)


_ENGLISH_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*)+")


def mark_english(text: str) -> str:
    """On a Chinese page, English words quoted from a post (a section title) marked as English."""
    return _ENGLISH_WORDS.sub(lambda m: f'<span lang="en">{m[0]}</span>', text)


# One inline formula as arithmatex writes it, its TeX in group 1. The TeX holds no "\)</span>": a lazy
# ".*?" would run from the first formula of a line to the next one the pattern needs.
INLINE_MATH = r'<span class="arithmatex">\\\(((?:(?!\\\)</span>).)*)\\\)</span>'
# A formula, then the Chinese punctuation after it (a run of it: "）。").
_MATH_THEN_PUNCTUATION = re.compile(INLINE_MATH + "([，。、；：？！）》」』]+)")


def keep_punctuation_with_math(html_text: str) -> str:
    """Chinese punctuation after inline math stays on the formula's line, by setting it inside the formula
    as text (\\text{。}): it then shares the formula's last box, and no line can start with it.

    Outside the formula nothing held it there in Chromium: it breaks after an inline box whatever follows
    (a word joiner does not stop it), and a span set in nowrap around formula and mark also kept a long
    formula from breaking after its "=" or "+", so the formula ran off the right edge of a phone."""
    return _MATH_THEN_PUNCTUATION.sub(
        lambda m: f'<span class="arithmatex">\\({m[1]}\\text{{{m[2]}}}\\)</span>', html_text
    )


def description(markdown: str, limit: int = 200) -> str:
    """The page's first paragraph of prose, as plain text (references and markup removed)."""
    paragraph: list[str] = []
    for line in markdown.splitlines():
        text = line.strip()
        if not text:
            if paragraph:
                break
            continue
        if text.startswith(("#", "!!!", "???", "<", "|", "```", "[[", "-", "*")) and not paragraph:
            continue
        paragraph.append(text)
    words = " ".join(paragraph)
    words = _MARKUP.sub(lambda m: m.group(1) or "", _REFERENCE.sub("", words))
    words = html.unescape(" ".join(words.split()))
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
