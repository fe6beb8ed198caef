"""Tests for the build-time KaTeX glue (mkdocs_handbook.katex)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from mkdocs_handbook import katex as katex_mod
from mkdocs_handbook.katex import (
    KatexError,
    KatexRenderer,
    copy_katex_assets,
    katex_assets_dir,
    katex_version,
    render_math_in_html,
)

FORMULAS = [
    (r"\frac{a}{b}", False),
    (r"\sigma(z) = \frac{1}{1 + e^{-z}}", True),
    (r"\mathbb{1}\{j \ne y\}", False),
    (r"\text{链式法则}", False),
    (r"\frac{\partial L}{\partial w} \quad \text{（链式法则）}", True),
]


def arithmatex(md_text: str) -> str:
    """HTML exactly as MkDocs produces it with pymdownx.arithmatex generic: true."""
    return markdown.markdown(
        md_text,
        extensions=["pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / f"katex-{katex_version()}.json"


@pytest.fixture
def renderer(cache_path: Path):
    r = KatexRenderer(cache_path)
    yield r
    r.close()


def test_version_and_assets_dir() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", katex_version())
    assert (katex_assets_dir() / "katex.min.css").is_file()


@pytest.mark.parametrize(("tex", "display"), FORMULAS)
def test_render(renderer: KatexRenderer, tex: str, display: bool) -> None:
    out = renderer.render(tex, display)
    assert 'class="katex"' in out
    assert 'class="katex-mathml"' in out  # htmlAndMathml output
    assert ("katex-display" in out) is display
    assert "\n" not in out


def test_chinese_text_is_kept(renderer: KatexRenderer) -> None:
    out = renderer.render(r"\text{链式法则}", False)
    assert "链式法则" in out


def test_render_many_matches_render(renderer: KatexRenderer) -> None:
    many = renderer.render_many(FORMULAS + FORMULAS[:2])
    assert many == [renderer.render(tex, display) for tex, display in FORMULAS + FORMULAS[:2]]
    assert renderer.render_many([]) == []


def test_inline_and_display_differ(renderer: KatexRenderer) -> None:
    assert renderer.render("x", False) != renderer.render("x", True)


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{1}{",
        r"\undefinedmacro x",
        "中文",  # CJK outside \text{} is rejected by strict mode
        r"\href{https://example.com}{x}",  # trust is off: error, not red text
    ],
)
def test_invalid_tex_raises(renderer: KatexRenderer, tex: str) -> None:
    with pytest.raises(KatexError) as info:
        renderer.render(tex, True)
    message = str(info.value)
    assert tex in message
    assert "\n" not in message
    assert info.value.tex == tex
    assert info.value.katex_message


def test_batch_error_names_first_bad_formula_and_keeps_good_ones(renderer: KatexRenderer) -> None:
    with pytest.raises(KatexError) as info:
        renderer.render_many([("a", False), (r"x^", False), ("b", False), (r"\frac{1}{", True)])
    assert "x^" in str(info.value)
    assert "1 more" in str(info.value)
    assert [e[0] for e in info.value.errors] == ["x^", r"\frac{1}{"]
    # The process is still usable after errors.
    assert 'class="katex"' in renderer.render("c", False)


def test_warm_cache_does_not_start_node(cache_path: Path) -> None:
    with KatexRenderer(cache_path) as cold:
        cold_out = cold.render_many(FORMULAS)
        assert cold.process is not None
    assert cold.process is None  # closed
    data = json.loads(cache_path.read_text(encoding="utf-8"))
    assert len(data) == len(FORMULAS)
    assert list(data) == sorted(data)

    warm = KatexRenderer(cache_path)
    try:
        assert warm.render_many(FORMULAS) == cold_out
        assert warm.render(*FORMULAS[0]) == cold_out[0]
        assert warm.process is None
    finally:
        warm.close()


def test_cache_file_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name, order in (("a.json", FORMULAS), ("b.json", FORMULAS[::-1])):
        with KatexRenderer(tmp_path / name) as r:
            r.render_many(order)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_save_prune_keeps_only_used(cache_path: Path) -> None:
    with KatexRenderer(cache_path) as r:
        r.render_many(FORMULAS)
    with KatexRenderer(cache_path) as r:
        r.render(*FORMULAS[0])
        r.save(prune=True)
        assert r.process is None
    assert len(json.loads(cache_path.read_text(encoding="utf-8"))) == 1


def test_corrupt_cache_is_ignored(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_text("{not json", encoding="utf-8")
    with KatexRenderer(cache_path) as r:
        assert 'class="katex"' in r.render("x", False)
    assert len(json.loads(cache_path.read_text(encoding="utf-8"))) == 1


def test_missing_node_is_a_clean_error(cache_path: Path) -> None:
    r = KatexRenderer(cache_path, node="no-such-node-binary-for-katex")
    with pytest.raises(KatexError, match="npm ci") as info:
        r.render("x", False)
    assert "\n" not in str(info.value)
    r.close()


def test_missing_katex_is_a_clean_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(katex_mod, "REPO_ROOT", tmp_path)
    with pytest.raises(KatexError, match="npm ci"):
        KatexRenderer(tmp_path / "cache.json")
    with pytest.raises(KatexError, match="npm ci"):
        copy_katex_assets(tmp_path / "out")


def test_arithmatex_format_is_what_we_expect() -> None:
    html = arithmatex("Let $a<b$.\n\n$$\n\\frac{1}{2}\n$$\n")
    assert '<span class="arithmatex">\\(a&lt;b\\)</span>' in html
    assert '<div class="arithmatex">\\[\n\\frac{1}{2}\n\\]</div>' in html


def test_render_math_in_html(renderer: KatexRenderer) -> None:
    md_text = "\n".join(
        [
            r"The loss $L = -\log \sigma(z)$ with $\mathbb{1}\{j \ne y\}$ and $a < b > c$ and $x \& y$.",
            "",
            r"中文：$\text{链式法则}$，以及 $\frac{\partial L}{\partial z}$。",
            "",
            "$$",
            r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial z} \cdot \frac{\partial z}{\partial w} < 1",
            "$$",
            "",
            r"\begin{align}",
            r"a &= b \\",
            r"c &< d",
            r"\end{align}",
            "",
            "Code `$not math$` stays.",
        ]
    )
    html = arithmatex(md_text)
    n_inline = html.count('<span class="arithmatex">')
    n_display = html.count('<div class="arithmatex">')
    assert (n_inline, n_display) == (6, 2)

    out = render_math_in_html(html, renderer)
    assert "\\(" not in out and "\\)" not in out
    assert "\\[" not in out and "\\]" not in out
    assert out.count('<span class="arithmatex"><span class="katex">') == n_inline
    assert out.count('<div class="arithmatex"><span class="katex-display">') == n_display
    assert "<code>$not math$</code>" in out
    assert "链式法则" in out
    # Escaped <, >, & reached KaTeX as real characters: the TeX annotation
    # is escaped exactly once, and nothing was double-escaped.
    assert '<annotation encoding="application/x-tex">a &lt; b &gt; c</annotation>' in out
    assert '<annotation encoding="application/x-tex">x \\&amp; y</annotation>' in out
    assert "&amp;lt;" not in out and "&amp;amp;" not in out
    assert "<mo>&lt;</mo>" in out
    # Idempotent on already rendered HTML; untouched without formulas.
    assert render_math_in_html(out, renderer) == out
    assert render_math_in_html("<p>no maths</p>", renderer) == "<p>no maths</p>"


def test_render_math_in_html_fails_on_bad_formula(renderer: KatexRenderer) -> None:
    html = arithmatex("Fine $x$, broken $\\frac{1}{$.")
    with pytest.raises(KatexError, match=re.escape("\\frac{1}{")):
        render_math_in_html(html, renderer)


def test_copy_katex_assets(tmp_path: Path) -> None:
    dest = tmp_path / "site" / "assets" / "katex"
    css_path = copy_katex_assets(dest)
    assert css_path == dest / "katex.min.css"
    css = css_path.read_text(encoding="utf-8")
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", css)
    assert urls, "no font urls in the CSS"
    for url in urls:
        assert url.endswith(".woff2"), url
        assert (dest / url).is_file(), url
    assert ".woff)" not in css and ".ttf" not in css
    assert css.count("@font-face") == len(urls)
    # Only what the CSS references was copied.
    copied = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert copied == set(urls) | {"katex.min.css"}
    # Deterministic: a second copy gives identical bytes.
    dest2 = tmp_path / "again"
    copy_katex_assets(dest2)
    assert (dest2 / "katex.min.css").read_bytes() == css_path.read_bytes()
