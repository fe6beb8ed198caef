"""Figures: every one renders, in both themes, to the same bytes every time, and only when stale."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from derive.core.cache import dependencies
from figures.build import build, load_figures

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every figure rendered once, for all the tests of this module."""
    out = tmp_path_factory.mktemp("figures")
    written = build(out, force=True)
    return out, written


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_figure_in_both_themes(rendered):
    out, written = rendered
    names = set(load_figures())
    assert names and len(written) == 2 * len(names)
    for name in names:
        assert (out / f"{name}.light.svg").exists() and (out / f"{name}.dark.svg").exists()


def test_render_is_deterministic(rendered, tmp_path):
    out, _ = rendered
    # one figure per module, re-rendered into a fresh folder: the bytes are the same
    figures = load_figures()
    one_per_module = {draw.__module__: name for name, draw in sorted(figures.items())}
    keys = json.loads((out / ".keys.json").read_text())
    again = tmp_path / "again"
    again.mkdir()
    (again / ".keys.json").write_text(
        json.dumps({k: v for k, v in keys.items() if k.split(".")[0] not in one_per_module.values()})
    )
    for file in keys:  # everything but the chosen figures counts as already rendered
        if file.split(".")[0] not in one_per_module.values():
            (again / file).write_bytes((out / file).read_bytes())
    redrawn = build(again)
    assert sorted(redrawn) == sorted(f"{n}.{t}.svg" for n in one_per_module.values() for t in ("light", "dark"))
    for file in redrawn:
        assert _digest(again / file) == _digest(out / file), file


def test_unchanged_figures_are_not_rendered_and_a_stale_one_is(rendered):
    out, _ = rendered
    assert build(out) == []
    keys_file = out / ".keys.json"
    keys = json.loads(keys_file.read_text())
    stale = sorted(keys)[0]
    keys[stale] = "an older key"
    keys_file.write_text(json.dumps(keys))
    assert build(out) == [stale]


def test_figure_keys_are_per_chapter():
    """A figure's key covers the chapter it draws from and not the others: an edit redraws only its own."""
    newton = {p.relative_to(ROOT).as_posix() for p in dependencies("figures.newton")}
    activations = {p.relative_to(ROOT).as_posix() for p in dependencies("figures.activations")}
    assert "derive/chapters/newton/derivations.py" in newton
    assert "derive/chapters/newton/derivations.py" not in activations
    assert "derive/chapters/activations/derivations.py" in activations


def test_svg_has_no_date_and_no_text_elements(rendered):
    out, _ = rendered
    for svg in out.glob("*.svg"):
        text = svg.read_text()
        assert "<dc:date>" not in text
        assert "<text" not in text  # glyphs are paths: no font lookup in the browser
