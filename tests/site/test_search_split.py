"""One search index per language: the split, and the check that catches a mixed index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_handbook import search_split


def _mixed_site(root: Path) -> Path:
    """The shape static-i18n leaves: one index holding both languages, Chinese pages pointing at it."""
    docs = [
        {"location": "", "title": "Home", "text": "gradient"},
        {"location": "activations/", "title": "Activations", "text": "tanh"},
        {"location": "zh/", "title": "首页", "text": "梯度"},
        {"location": "zh/activations/", "title": "激活函数", "text": "tanh"},
    ]
    config = {"lang": ["en"], "separator": "[\\s]+"}
    (root / "search").mkdir(parents=True)
    (root / "search" / "search_index.json").write_text(json.dumps({"config": config, "docs": docs}))
    (root / "zh" / "activations").mkdir(parents=True)
    (root / "zh" / "activations" / "index.html").write_text('<script>{"base": "../..", "x": 1}</script>')
    return root


def test_a_mixed_index_is_caught_and_split(tmp_path):
    site = _mixed_site(tmp_path)
    assert search_split.misplaced(site) == ["no zh/search/search_index.json"]
    (site / "zh" / "search").mkdir()
    (site / "zh" / "search" / "search_index.json").write_text('{"docs": []}')
    planted = search_split.misplaced(site)
    assert "search/: zh/" in planted and "search/: zh/activations/" in planted
    assert "zh/activations/index.html: search base '../..'" in planted

    assert search_split.split_index(site)
    assert search_split.misplaced(site) == []
    en = json.loads((site / "search" / "search_index.json").read_text())
    zh = json.loads((site / "zh" / "search" / "search_index.json").read_text())
    assert [d["location"] for d in en["docs"]] == ["", "activations/"]
    assert [d["location"] for d in zh["docs"]] == ["", "activations/"]  # relative to /zh/
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    assert '"base": "../../zh/"' in (site / "zh" / "activations" / "index.html").read_text()


def test_the_split_is_idempotent(tmp_path):
    site = _mixed_site(tmp_path)
    search_split.split_index(site)
    page = (site / "zh" / "activations" / "index.html").read_text()
    search_split.split_index(site)  # nothing of zh left in the default index: nothing to do
    assert (site / "zh" / "activations" / "index.html").read_text() == page


@pytest.mark.xdist_group("site")  # shares the session's one build
def test_the_built_site_has_one_index_per_language(built_site):
    assert search_split.misplaced(built_site) == []
    zh = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("\u200b" in d["text"] for d in zh["docs"]), "Chinese text is not segmented into words"


def test_an_english_term_is_found_in_either_spelling():
    doc = {"location": "backpropagation/", "title": "Back-propagation by hand", "text": "the back-propagation pass"}
    assert "backpropagation" in search_split.add_spellings(doc)["text"].split()
    plain = {"location": "", "title": "Home", "text": "gradients"}
    assert search_split.add_spellings(plain) == plain


def test_a_formula_reads_as_text_in_a_snippet():
    assert search_split.formula_text(r"(0, 1)") == "(0, 1)"
    assert search_split.formula_text(r"\sigma{\left(x \right)} \left(1 - \sigma{\left(x \right)}\right)") == (
        "σ(x) (1 - σ(x))"
    )
    assert search_split.formula_text(r"\frac{1}{4}") == "1/4"
    page = '<p>the interval <span class="arithmatex">\\((0, 1)\\)</span>, which</p>'
    marked = search_split.with_search_text(page)
    assert '<span class="handbook-search-text" hidden>(0, 1)</span>' in marked
    assert search_split.without_search_text(marked) == page
    long = '<span class="arithmatex">\\(' + " + ".join(f"x_{{{i}}}" for i in range(20)) + "\\)</span>"
    assert search_split.with_search_text(long) == long  # too long for a snippet: left out


@pytest.mark.xdist_group("site")  # shares the session's one build
def test_snippets_keep_their_formulas_and_pages_do_not_show_the_copy(built_site):
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("the open interval (0, 1), which" in d["text"] for d in en["docs"]), "a formula left a hole"
    zh = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("(-1, 1)" in d["text"] for d in zh["docs"])
    # The claims page's tables (a name, status and source path per row) stay out of the index
    claims = [d for d in en["docs"] + zh["docs"] if d["location"].startswith(("claims/", "zh/claims/"))]
    assert claims and not [d["location"] for d in claims if "derive/chapters/" in d["text"]]
    shown = [p for p in built_site.rglob("*.html") if "handbook-search-text" in p.read_text(encoding="utf-8")]
    assert not shown, f"the index's copy of a formula is left on {shown[:3]}"


def test_formula_texts_are_remembered_on_disk(tmp_path, monkeypatch):
    from derive.core.cache import Store

    texts = search_split.FormulaTexts(Store("formula-texts", tmp_path))
    assert texts(r"\frac{1}{4}") == "1/4"
    texts.save()
    calls = []
    monkeypatch.setattr(search_split, "formula_text", lambda tex: calls.append(tex) or "planted")
    again = search_split.FormulaTexts(Store("formula-texts", tmp_path))
    assert again(r"\frac{1}{4}") == "1/4" and calls == []  # from the file
    assert again(r"\sigma") == "planted" and calls == [r"\sigma"]  # a new formula is converted
