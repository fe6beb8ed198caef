"""English and Chinese pages: the same pages, the same references, the same structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_handbook.references import find_references

DOCS = Path(__file__).resolve().parents[2] / "docs"
CJK = re.compile(r"[\u4e00-\u9fff]")


def pages(lang):
    return {p.name[: -len(f".{lang}.md")] for p in DOCS.rglob(f"*.{lang}.md")}


def test_same_pages_in_both_languages():
    assert pages("en") == pages("zh")
    assert pages("en"), "no pages found"


def structure(text: str) -> dict:
    """What must match across languages: references (captions aside), headings, admonitions, code, tables."""
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    return {
        "references": [(r.kind, r.name) for r in find_references(text)],
        "headings": [len(m) for m in re.findall(r"^(#+) ", body, flags=re.M)],
        # each heading's explicit id, shared by both languages (None: a heading without one)
        "heading_ids": [m or None for m in re.findall(r"^#+ .*?(?:\{#([^}]+)\})?\s*$", body, flags=re.M)],
        "admonitions": re.findall(r"^\s*(?:!!!|\?\?\?\+?) (\w+)", body, flags=re.M),
        "code_blocks": len(re.findall(r"^\s*```\w+", text, flags=re.M)),
        "table_rows": len(re.findall(r"^\|", body, flags=re.M)),
        "links": sorted(re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", body)),
        "math": sorted(re.findall(r"\$[^$]+\$", body)),
    }


@pytest.mark.parametrize("name", sorted(pages("en") & pages("zh")))
def test_page_pair_has_the_same_structure(name):
    en = (DOCS / f"{name}.en.md").read_text(encoding="utf-8")
    zh = (DOCS / f"{name}.zh.md").read_text(encoding="utf-8")
    s_en, s_zh = structure(en), structure(zh)
    for key in s_en:
        assert s_en[key] == s_zh[key], f"{name}: {key} differ between en and zh"


@pytest.mark.parametrize("name", sorted(pages("en")))
def test_every_heading_has_an_explicit_id(name):
    """The same id in both languages (compared above), so the language switch lands on the same section."""
    missing = [
        i
        for i, h in enumerate(structure((DOCS / f"{name}.en.md").read_text(encoding="utf-8"))["heading_ids"])
        if h is None
    ]
    assert not missing, f"{name}.en.md: headings {missing} have no {{#id}}"


@pytest.mark.parametrize("name", sorted(pages("zh")))
def test_chinese_page_is_written_in_chinese(name):
    zh = (DOCS / f"{name}.zh.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```|\[\[.*?\]\]|\$[^$]+\$|`[^`]+`", "", zh, flags=re.S)
    letters = re.findall(r"[A-Za-z\u4e00-\u9fff]", prose)
    share = len(CJK.findall(prose)) / max(1, len(letters))
    assert share > 0.5, f"{name}.zh.md is only {share:.0%} Chinese characters"


@pytest.mark.parametrize("name", sorted(pages("en")))
def test_english_page_has_no_chinese(name):
    en = (DOCS / f"{name}.en.md").read_text(encoding="utf-8")
    assert not CJK.search(en), f"{name}.en.md contains Chinese text"


def test_parity_check_can_fail():
    """A dropped reference or a missing heading is noticed by the same comparison."""
    en = "# T\n\n## A\n\n[[derivation:x]] and [[value:y]]\n"
    assert structure(en) != structure("# T\n\n## A\n\n[[derivation:x]]\n")
    assert structure(en) != structure("# T\n\n[[derivation:x]] and [[value:y]]\n")
    # a heading whose id differs between the languages, or that has none
    assert structure("## A {#a}\n")["heading_ids"] == ["a"]
    assert structure("## A {#a}\n") != structure("## 甲 {#b}\n")
    assert structure("## A\n")["heading_ids"] == [None]
