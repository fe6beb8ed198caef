"""No relation a reader sees is typed by hand: titles, reasons and pages reference proved objects."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive.core.registry import all_derivations
from mkdocs_handbook.typed_relations import in_page_math, in_page_prose, in_text

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
DERIVATIONS = all_derivations()


@pytest.mark.parametrize("d", DERIVATIONS, ids=[d.name for d in DERIVATIONS])
def test_titles_and_reasons_type_no_relation(d):
    texts = {"title_en": d.title_en, "title_zh": d.title_zh}
    for i, step in enumerate(d.steps):
        texts[f"step {i} en"], texts[f"step {i} zh"] = step.en, step.zh
    typed = {where: in_text(text) for where, text in texts.items() if in_text(text)}
    assert not typed, f"{d.name}: relations typed by hand: {typed}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_pages_type_no_relation(page):
    text = page.read_text(encoding="utf-8")
    typed = in_page_math(text) + in_page_prose(text)
    assert not typed, f"{page.name}: {len(typed)} relations typed by hand: {typed[:8]}"


@pytest.mark.parametrize(
    "text",
    [
        r"the slope is $\sigma'(x) = \sigma(x)(1 - \sigma(x))$",
        r"where $a \le b$",
        r"with $x < 0$",
        r"$\eta \approx 0.01$",
        r"$a \neq b$",
        r"$$f(x) = x^2$$",
        r"\(a = b\)",
        "σ′ = σ(1 − σ)",
        "at most 1/4 ≤ 1",
        "x > 0",
    ],
)
def test_a_planted_relation_is_found_in_a_title(text):
    assert in_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "The derivative of the sigmoid is [[relation]]",
        r"for $\sigma$ and $\tanh$",
        "[[relation:sigmoid_derivative]]",
        r"by [[def:sigma]]",
        r"the symbol $\leftarrow$ and $\langle x \rangle$",
    ],
)
def test_words_symbols_and_references_are_not_relations(text):
    assert not in_text(text)


def test_a_planted_relation_is_found_on_a_page():
    page = "Some prose with $x = 1$ and a reference [[relation:sigmoid_derivative]].\n\n```python\ny = 2\n```\n"
    assert in_page_math(page) == ["x = 1"]
    assert in_page_math("Display:\n\n$$\na \\le b\n$$\n") == ["a \\le b"]
    assert in_page_prose("so the rate is lr = 3 here") and in_page_prose("about 0.5 ≈ a half")
    # code, references and HTML attributes are not relations
    assert not in_page_math('`x = 1` and [[value:x]] and <div class="a"></div>')
    assert not in_page_prose('`x = 1` and <details class="a" markdown="1"> [[figure:f|a = b]]')
