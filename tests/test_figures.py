"""Figures: every one renders, in both themes, to the same bytes every time, and only when stale."""

from __future__ import annotations

import hashlib
import json

from figures.build import build


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.svg"))}


def test_figures_are_deterministic_and_cached(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    written = build(first, force=True)
    build(second, force=True)
    assert written, "no figure was rendered"
    assert _digests(first) == _digests(second)
    # Nothing changed, so nothing is rendered again.
    assert build(first) == []
    # A stale key (as after an edit to derive/ or figures/) re-renders.
    keys_file = first / ".keys.json"
    keys = json.loads(keys_file.read_text())
    stale = sorted(keys)[0]
    keys[stale] = "an older key"
    keys_file.write_text(json.dumps(keys))
    assert build(first) == [stale]


def test_svg_has_no_date_and_no_text_elements(tmp_path):
    build(tmp_path, force=True)
    for svg in tmp_path.glob("*.svg"):
        text = svg.read_text()
        assert "<dc:date>" not in text
        assert "<text" not in text  # glyphs are paths: no font lookup in the browser


def test_both_themes_for_every_figure(tmp_path):
    build(tmp_path, force=True)
    names = {p.name.split(".")[0] for p in tmp_path.glob("*.svg")}
    for name in names:
        assert (tmp_path / f"{name}.light.svg").exists() and (tmp_path / f"{name}.dark.svg").exists()
