"""What a reader's browser and a screen reader get, beyond the theme's defaults.

- the Chinese build declares `zh-Hans` (Simplified Chinese), not the bare `zh`;
- theme strings Material leaves in English on Chinese pages (the palette toggle, permalinks) are Chinese;
- the language switch links are relative, so the site works under any sub-path (GitHub Pages);
- each page has its own description: its first paragraph, as plain text.
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


def polish(output: str, lang: str, page_url: str) -> str:
    if lang == "zh":
        output = output.replace('<html lang="zh"', '<html lang="zh-Hans"', 1)
        for english, chinese in ZH_THEME_STRINGS.items():
            output = output.replace(english, chinese)
    prefix = root_prefix(page_url)
    output = _SWITCH.sub(lambda m: f'<a href="{prefix}{m[1][1:]}" hreflang="{m[2]}" class="md-select__link">', output)
    return output


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
