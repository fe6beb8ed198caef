"""A page that attributes a claim to a source post names the post ([[source:KEY]]) in the same paragraph.

"The source post" or 原文 alone does not tell a reader which of the five posts is meant.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
VAGUE = {
    "en": re.compile(r"\b(?:the|a|this|that|its) (?:first |second |same )?source(?: post)?\b(?!s)", re.I),
    "zh": re.compile(r"原文|原帖|原博|源博文|该博文|这篇博文|那篇博文"),
}


def unnamed_attributions(text: str, lang: str) -> list[str]:
    """Paragraphs that speak of "the source" without naming which post (code blocks aside)."""
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    found = []
    for paragraph in re.split(r"\n\s*\n", body):
        m = VAGUE[lang].search(paragraph)
        if m and "[[source:" not in paragraph and "[[erratum:" not in paragraph:
            found.append(paragraph.strip()[:80])
    return found


def test_a_vague_attribution_is_caught_and_a_named_one_passes():
    assert unnamed_attributions("As the source post says, x.\n\nOther.", "en") == ["As the source post says, x."]
    assert unnamed_attributions("As [[source:gradient_descent]] says, the source is right.", "en") == []
    assert unnamed_attributions("原文说错了。", "zh") == ["原文说错了。"]
    assert unnamed_attributions("[[source:numpy_mlp]]中，原文说错了。", "zh") == []
    assert unnamed_attributions("The sources differ; open source code.", "en") == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", sorted(p.name.split(".")[0] for p in DOCS.glob("*.en.md")))
def test_every_attribution_names_the_post(page, lang):
    text = (DOCS / f"{page}.{lang}.md").read_text(encoding="utf-8")
    assert unnamed_attributions(text, lang) == [], f"{page}.{lang}.md"
