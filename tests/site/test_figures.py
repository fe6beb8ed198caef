"""Figures: every one renders, in both themes, to the same bytes every time, and only when stale; and every
one reads on a phone, in both colour schemes and both languages: text at least 12 px at a phone's width,
lines, markers and labels at least 3:1 against the page, no words (the captions and alt texts carry
them), a file small enough to load on a phone, and alt text of its own in each language."""

from __future__ import annotations

import colorsys
import difflib
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from derive.core.cache import Store, dependencies
from figures.build import build, load_figures
from figures.registry import ALT_TEXT
from figures.style import DARK, FONT_PT, LIGHT, THEMES, WIDTH_IN, save_svg, themed
from mkdocs_handbook.references import find_references, render_figure

ROOT = Path(__file__).resolve().parents[2]
MATERIAL_CSS = ROOT / ".venv/lib/python3.11/site-packages/material/templates/assets/stylesheets"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every figure rendered once, for all the tests of this module (with a cache of their own)."""
    out = tmp_path_factory.mktemp("figures")
    store = Store("figures", tmp_path_factory.mktemp("cache"))
    written = build(out, force=True, store=store)
    return out, written, store


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_figure_in_both_themes(rendered):
    out, written, _ = rendered
    names = set(load_figures())
    assert names and len(written) == 2 * len(names)
    for name in names:
        assert (out / f"{name}.light.svg").exists() and (out / f"{name}.dark.svg").exists()


def test_render_is_deterministic(rendered, tmp_path):
    out, _, store = rendered
    # one figure per module, re-rendered into a fresh folder: the bytes are the same
    figures = load_figures()
    one_per_module = {draw.__module__: name for name, draw in sorted(figures.items())}
    again = tmp_path / "again"
    again.mkdir()
    for file in sorted(p.name for p in out.glob("*.svg")):  # the others count as rendered: same bytes
        if file.split(".")[0] not in one_per_module.values():
            (again / file).write_bytes((out / file).read_bytes())
    redrawn = build(again, store=store)
    assert sorted(redrawn) == sorted(f"{n}.{t}.svg" for n in one_per_module.values() for t in ("light", "dark"))
    for file in redrawn:
        assert _digest(again / file) == _digest(out / file), file


def test_unchanged_figures_are_not_rendered_and_a_stale_one_is(rendered, tmp_path):
    out, _, store = rendered
    assert build(out, store=store) == []
    files = sorted(p.name for p in out.glob("*.svg"))
    stale, edited = files[0], files[1]
    store.put(stale, "an older key", _digest(out / stale))  # drawn by older code
    (out / edited).write_text("<svg/>")  # the file is not the one the key was drawn to
    assert sorted(build(out, store=store)) == sorted([stale, edited])
    assert build(out, store=store) == []
    # the keys live in the cache, not beside the SVGs in docs/, which `mkdocs serve` watches
    assert not [p for p in out.iterdir() if p.suffix != ".svg"]
    # and a fresh folder is not taken for rendered because the cache knows the figures
    fresh = tmp_path / "fresh"
    assert sorted(build(fresh, store=store)) == files


def test_figure_keys_are_per_chapter():
    """A figure's key covers the chapter it draws from and not the others: an edit redraws only its own."""
    newton = {p.relative_to(ROOT).as_posix() for p in dependencies("figures.newton")}
    activations = {p.relative_to(ROOT).as_posix() for p in dependencies("figures.activations")}
    assert "derive/chapters/newton/derivations.py" in newton
    assert "derive/chapters/newton/derivations.py" not in activations
    assert "derive/chapters/activations/derivations.py" in activations


def test_svg_has_no_date_and_no_text_elements(rendered):
    out, _, _ = rendered
    for svg in out.glob("*.svg"):
        text = svg.read_text()
        assert "<dc:date>" not in text
        assert "<text" not in text  # glyphs are paths: no font lookup in the browser


# ---------------------------------------------------------------- reading a rendered SVG

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PHONE_COLUMN_PX = 360  # the content column of a 390 px phone
MIN_TEXT_PX = 12
PX_PER_PT = 4 / 3
_SCALE = re.compile(r"scale\(\s*([-+\d.e]+)(?:[\s,]+([-+\d.e]+))?\s*\)")


def _parse(path: Path) -> ET.Element:
    return ET.parse(path, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))).getroot()


def _scale(element) -> tuple[float, float] | None:
    m = _SCALE.search(element.get("transform", ""))
    if not m:
        return None
    sx = float(m[1])
    return sx, float(m[2]) if m[2] is not None else sx


def _text_groups(root):
    """matplotlib draws each text run (svg.fonttype = path) as <g transform="... scale(s -s)"> holding one
    <use> per glyph; s is the run's font size over the glyph outlines' 100 units (text2path.FONT_SCALE)."""
    for g in root.iter(f"{SVG}g"):
        scale = _scale(g)
        if scale and scale[1] < 0 and g.find(f"{SVG}use") is not None:
            yield g, abs(scale[0]) * 100


def glyph_sizes_pt(root) -> list[float]:
    """The size of every glyph drawn, in points: a mathtext glyph (a sub- or superscript) carries its own
    scale relative to its run. A radical sign or a big delimiter (STIX's size variants) is left out: its
    scale is chosen to make it as tall as what it encloses, which is measured in its own right."""
    sizes = []
    for g, run_pt in _text_groups(root):
        for use in g.findall(f"{SVG}use"):
            if "STIXSize" not in use.get(XLINK_HREF, ""):
                sizes.append(run_pt * (_scale(use) or (1.0, 1.0))[0])
    return sizes


def width_px(root) -> float:
    width = root.get("width")
    assert width.endswith("pt"), width
    return float(width[:-2]) * PX_PER_PT


def smallest_text_on_phone_px(path: Path) -> float:
    """The smallest glyph as a phone shows it: the image is drawn at its natural width, or shrunk to the
    column if wider (max-width: 100%)."""
    root = _parse(path)
    shown = min(width_px(root), PHONE_COLUMN_PX) / width_px(root)
    return min(glyph_sizes_pt(root)) * PX_PER_PT * shown


def drawn_texts(path: Path) -> list[str]:
    """Every string a Text artist drew: matplotlib writes each one as a comment before its glyphs."""
    return [html.unescape(c.text.strip()) for c in _parse(path).iter(ET.Comment)]


def _draw_and_save(theme, draw, path: Path) -> Path:
    with themed(theme):
        save_svg(draw(), path)
    return path


def _all_svgs(out: Path) -> list[Path]:
    return sorted(out.glob("*.svg"))


# ---------------------------------------------------------------- 1. text readable on a phone


# Unicode's sub- and superscript characters are glyphs drawn small inside a run of the full size, which the
# measurement above cannot see: a figure writes x_1 and 10^{-5} as mathtext, whose scripts it measures.
_UNICODE_SCRIPTS = re.compile("[\u00b2\u00b3\u00b9\u2070-\u209f]")


def unicode_scripts(path: Path) -> list[str]:
    return [text for text in drawn_texts(path) if _UNICODE_SCRIPTS.search(text)]


def test_text_is_at_least_12px_on_a_phone(rendered):
    out, _, _ = rendered
    small = {p.name: round(smallest_text_on_phone_px(p), 2) for p in _all_svgs(out)}
    assert {name: px for name, px in small.items() if px < MIN_TEXT_PX} == {}
    assert {p.name: found for p in _all_svgs(out) if (found := unicode_scripts(p))} == {}


def test_figures_are_not_wider_than_the_desktop_column(rendered):
    """Shown at their natural size on a desktop (never stretched), and that size fits the ~690 px column."""
    out, _, _ = rendered
    assert {p.name: width_px(_parse(p)) for p in _all_svgs(out) if width_px(_parse(p)) > 690} == {}
    css = (ROOT / "docs/assets/handbook.css").read_text()
    assert "max-width: 100%" in css and not re.search(r"figure img\s*{[^}]*(?<!max-)width:\s*100%", css)


def test_a_too_small_figure_is_caught(tmp_path):
    def tiny_labels():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 3))
        ax.plot([0, 1], [0, 1], label="$x_0$")
        ax.legend(fontsize=7)
        return fig

    def too_wide():  # the house font size, but on a desktop-wide figure that a phone shrinks
        fig, ax = plt.subplots(figsize=(8, 3))
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("$x_0$")
        return fig

    assert smallest_text_on_phone_px(_draw_and_save(LIGHT, tiny_labels, tmp_path / "tiny.svg")) < MIN_TEXT_PX

    def unicode_subscript():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 3))
        ax.set_xlabel("x₁")
        return fig

    assert unicode_scripts(_draw_and_save(LIGHT, unicode_subscript, tmp_path / "sub.svg")) == ["x₁"]
    assert smallest_text_on_phone_px(_draw_and_save(LIGHT, too_wide, tmp_path / "wide.svg")) < MIN_TEXT_PX

    def house():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 3))
        ax.plot([0, 1], [0, 1], label="$x_0$")
        ax.legend()
        return fig

    # and the measurement reads sizes right: a subscript is 0.7 of the house size
    size = smallest_text_on_phone_px(_draw_and_save(LIGHT, house, tmp_path / "house.svg"))
    assert size == pytest.approx(0.7 * FONT_PT * PX_PER_PT, rel=0.02)


# ---------------------------------------------------------------- 2. contrast against the page


def _hsl_var(block: str, name: str, hue_deg: float) -> tuple[float, float, float]:
    m = re.search(rf"{name}:hsla\(var\(--md-hue\),([\d.]+)%,([\d.]+)%,1\)", block)
    r, g, b = colorsys.hls_to_rgb(hue_deg / 360, float(m[2]) / 100, float(m[1]) / 100)
    return r, g, b


def page_backgrounds() -> dict[str, str]:
    """Material's --md-default-bg-color for its default and slate schemes, computed from its own CSS."""
    (main,) = MATERIAL_CSS.glob("main.*.min.css")
    (palette,) = MATERIAL_CSS.glob("palette.*.min.css")
    root_block = re.search(r":root,\[data-md-color-scheme=default\]\{([^}]*)\}", main.read_text())[1]
    light = re.search(r"--md-default-bg-color:(#[0-9a-f]+)", root_block)[1]
    hue = float(re.search(r"--md-hue:([\d.]+)deg", root_block)[1])
    slate_block = re.search(r"\[data-md-color-scheme=slate\]\{([^}]*)\}", palette.read_text())[1]
    dark = _hsl_var(slate_block, "--md-default-bg-color", hue)
    return {"light": matplotlib.colors.to_hex(light), "dark": matplotlib.colors.to_hex(dark)}


def _luminance(rgb) -> float:
    c = np.asarray(rgb[:3], dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    la, lb = sorted((_luminance(matplotlib.colors.to_rgb(a)), _luminance(matplotlib.colors.to_rgb(b))))
    return (lb + 0.05) / (la + 0.05)


def _style(element) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in element.get("style", "").split(";") if ":" in p)
    return {k.strip(): v.strip() for k, v in pairs}


def painted_colours(root, theme):
    """(where, colour as shown) for every stroke and fill an SVG paints. A colour drawn with opacity is
    blended with the page, as the reader sees it.

    Exempt: the figure's own background (patch_1, the page colour); grid lines (in the theme's grid
    colour, inside a tick group), decoration that should stay faint; and tints (an artist whose gid starts
    with "tint-"), faint fills whose information is carried by lines drawn over them. Only the basins of
    Himmelblau's function have tints, and their borders are drawn in the text colour. No figure has a filled
    contour or a colour map (the momentum region is drawn as labelled level curves), and a raster image,
    which this parser cannot read, fails the test outright.
    """
    bg = matplotlib.colors.to_rgb(theme.background)
    found = []

    def walk(element, ancestors):
        tag = element.tag.replace(SVG, "") if isinstance(element.tag, str) else ""
        assert tag != "image", f"a raster image in the figure: {ancestors[-1:]}"
        gid = element.get("id", "")
        if gid.startswith("tint-"):
            return
        style = _style(element)
        where = "/".join(a for a in ancestors if a) + f"/{tag}"
        is_text = tag == "g" and (_scale(element) or (1, 1))[1] < 0 and element.find(f"{SVG}use") is not None
        if is_text and "fill" not in style:
            style["fill"] = "#000000"  # matplotlib leaves out a black fill
        for prop in ("stroke", "fill"):
            value = style.get(prop, "none")
            if not value.startswith("#"):
                continue
            if "patch_1" in ancestors[:3] and value == theme.background:
                continue
            if value == theme.grid and any(re.fullmatch(r"[xy]tick_\d+", a) for a in ancestors):
                continue
            alpha = float(style.get("opacity", 1)) * float(style.get(f"{prop}-opacity", 1))
            shown = alpha * np.asarray(matplotlib.colors.to_rgb(value)) + (1 - alpha) * np.asarray(bg)
            found.append((where, matplotlib.colors.to_hex(shown)))
        for child in element:
            walk(child, [*ancestors, gid])

    walk(root, [])
    return found


def low_contrast(path: Path, theme) -> list[str]:
    found = painted_colours(_parse(path), theme)
    return sorted(
        f"{colour} ({contrast(colour, theme.background):.2f}:1) at {where}"
        for where, colour in found
        if contrast(colour, theme.background) < 3
    )


def test_themes_use_materials_page_backgrounds():
    assert page_backgrounds() == {"light": LIGHT.background, "dark": DARK.background}


def test_lines_markers_and_labels_stand_out_from_the_page(rendered):
    out, _, _ = rendered
    bad = {}
    for theme in THEMES:
        for svg in sorted(out.glob(f"*.{theme.name}.svg")):
            if found := low_contrast(svg, theme):
                bad[svg.name] = found[:3]
    assert bad == {}


def test_low_contrast_is_caught(tmp_path):
    def old_dark_contours():  # the dark theme's former levels: the low ones dark blue on near-black
        cmap = matplotlib.colormaps["Blues_r"]
        fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
        grid = np.linspace(-2, 2, 41)
        X, Y = np.meshgrid(grid, grid)
        ax.contour(X, Y, X**2 + Y**2, levels=[0.5, 1, 2], colors=[cmap(v) for v in (0.15, 0.4, 0.6)])
        return fig

    def black_label():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 2))
        ax.text(0.5, 0.5, "$x$", color="black")
        return fig

    def faint_line():  # a series colour at 30 % opacity: it blends into the page
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 2))
        ax.plot([0, 1], [0, 1], color=DARK.lines[0], alpha=0.3)
        return fig

    for draw in (old_dark_contours, black_label, faint_line):
        svg = _draw_and_save(DARK, draw, tmp_path / f"{draw.__name__}.svg")
        assert low_contrast(svg, DARK), draw.__name__
    # and the house colours pass on both pages
    for theme in THEMES:
        for colour in (theme.text, *theme.lines):
            assert contrast(colour, theme.background) >= 3


# ---------------------------------------------------------------- 3. no words in a figure

# Names that read the same on the English and the Chinese pages: functions, methods and abbreviations the
# Chinese text uses as they are, and the engine's own attribute name. Everything else is a symbol.
ALLOWED_WORDS = {
    "sin", "cos", "exp", "log", "max", "min", "tanh", "sigmoid", "ReLU",  # functions
    "RMSprop", "Adam", "He", "BN", "MLP",  # methods and models the pages name in both languages
    "MAE", "RMS", "SVM", "CE", "BCE", "MSE",  # abbreviations both pages use
    "grad",  # the autograd engine's Value.grad, printed as code
}  # fmt: skip
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def words_in(text: str) -> list[str]:
    """The runs of two or more letters a reader sees (TeX commands such as \\mathrm or \\nabla are not
    seen as words, their arguments are: $L_{\\mathrm{hinge}}$ shows the word 'hinge'), and any CJK text."""
    seen = _TEX_COMMAND.sub(" ", text)
    return _WORD.findall(seen) + _CJK.findall(seen)


def foreign_words(path: Path) -> list[str]:
    return sorted({w for text in drawn_texts(path) for w in words_in(text) if w not in ALLOWED_WORDS})


def test_figures_carry_no_words(rendered):
    out, _, _ = rendered
    assert {p.name: w for p in _all_svgs(out) if (w := foreign_words(p))} == {}


def test_a_word_in_a_figure_is_caught(tmp_path):
    def start_legend():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 3))
        ax.plot([0, 1], [0, 1], label="(3, 2)")
        ax.legend(title="start")
        ax.set_ylabel(r"$L_{\mathrm{hinge}}$")
        ax.set_xlabel(r"$\sigma(x)$, $\mathrm{ReLU}$, $x_0$")
        return fig

    svg = _draw_and_save(LIGHT, start_legend, tmp_path / "words.svg")
    assert foreign_words(svg) == ["hinge", "start"]


# ---------------------------------------------------------------- 4. weight

BUDGET_BYTES = 120_000


def test_every_svg_is_within_its_budget(rendered):
    out, _, _ = rendered
    assert {p.name: p.stat().st_size for p in _all_svgs(out) if p.stat().st_size > BUDGET_BYTES} == {}


def test_an_overweight_figure_is_caught(tmp_path):
    def dense_contours():  # levels traced on a fine grid, as the contour figures used to be
        fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN))
        grid = np.linspace(-2, 2, 401)
        X, Y = np.meshgrid(grid, grid)
        ax.contour(X, Y, 5 * X**2 + Y**2, levels=np.arange(0.25, 20.01, 0.25))
        return fig

    assert _draw_and_save(LIGHT, dense_contours, tmp_path / "dense.svg").stat().st_size > BUDGET_BYTES


# ---------------------------------------------------------------- 5. alt text of its own, in each language


def page_captions() -> dict[str, list[str]]:
    """Every caption a page gives each figure, in either language."""
    captions: dict[str, list[str]] = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        for ref in find_references(page.read_text()):
            if ref.kind == "figure":
                captions.setdefault(ref.name, []).append(ref.caption)
    return captions


def _same_words(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split())).ratio()


def alt_text_problems(alts: dict[str, dict[str, str]], captions: dict[str, list[str]]) -> list[str]:
    problems = []
    for name in sorted(load_figures()):
        alt = alts.get(name, {})
        for lang in ("en", "zh"):
            text = alt.get(lang, "")
            if len(text) < (60 if lang == "en" else 25):
                problems.append(f"{name} {lang}: missing or too short to say what is plotted")
                continue
            if bool(_CJK.search(text)) != (lang == "zh"):
                problems.append(f"{name} {lang}: written in the other language")
            if re.search(r"[\[\]{}$`*_<>\\\"]", text):
                problems.append(f"{name} {lang}: markup characters (the text goes into ![alt](...))")
            for caption in captions.get(name, []):
                if _same_words(text, caption) > 0.6 or caption.strip() in text:
                    problems.append(f"{name} {lang}: repeats its caption {caption[:40]!r}")
    return problems


def test_every_figure_has_its_own_alt_text_in_both_languages():
    captions = page_captions()
    assert set(captions) <= set(load_figures())
    assert alt_text_problems(ALT_TEXT, captions) == []


def test_a_missing_or_copied_alt_text_is_caught():
    captions = page_captions()
    name = "gd_contours"
    copied = {**ALT_TEXT, name: {"en": captions[name][0], "zh": ALT_TEXT[name]["zh"]}}
    assert alt_text_problems(copied, captions) == [f"{name} en: repeats its caption {captions[name][0][:40]!r}"]
    missing = {k: v for k, v in ALT_TEXT.items() if k != name}
    assert len(alt_text_problems(missing, captions)) == 2


# ---------------------------------------------------------------- 6. on the page: a link to each scheme's file


def test_a_figure_on_a_page_links_to_its_own_file_with_the_pages_alt_text():
    import markdown

    md = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    for lang in ("en", "zh"):
        out = md.reset().convert(render_figure("gd_contours", "A caption.", 1, lang))
        links = re.findall(r'<a class="([^"]*)" href="([^"]*)"><img ([^>]*)/></a>', out)
        assert len(links) == 2, out
        for (classes, href, img), scheme in zip(links, ("light", "dark"), strict=True):
            assert href == f"../assets/generated/figures/gd_contours.{scheme}.svg"
            assert f'src="{href}#only-{scheme}"' in img and 'loading="lazy"' in img
            assert f"handbook-figure-link--{scheme}" in classes
            assert f'alt="{html.escape(ALT_TEXT["gd_contours"][lang])}"' in img
        assert "<figcaption>A caption.</figcaption>" in out
    css = (ROOT / "docs/assets/handbook.css").read_text()
    figures_css = css[css.index("/* figures */") :]
    # the link of the hidden scheme is hidden with its image, so a keyboard never stops on it
    assert '[data-md-color-scheme="default"] .handbook-figure-link--dark' in figures_css
    assert '[data-md-color-scheme="slate"] .handbook-figure-link--light' in figures_css
