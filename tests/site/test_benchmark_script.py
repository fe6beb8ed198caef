"""The benchmark's bare build (the pages without references, no hook) builds: a ratio against a build that
fails measures nothing. It once failed because the config still watched code folders the copy lacks."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_script

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _build_times():
    return load_script("benchmarks/build_times.py")


def test_the_bare_build_builds_both_languages_without_the_hook(tmp_path):
    bt = _build_times()
    config = bt.bare_project(ROOT, tmp_path / "bare")
    text = config.read_text()
    assert "hooks:" not in text and "\nwatch:" not in text
    seconds = bt.timed_build(tmp_path / "bare", config, tmp_path / "site")
    assert seconds > 0
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "zh" / "index.html").is_file()
    page = (tmp_path / "site" / "activations" / "index.html").read_text(encoding="utf-8")
    assert "[[" not in page and 'class="katex"' not in page  # references stripped, no math rendering


@pytest.mark.xdist_group("site")  # after the session's build: the expanding build finds warm caches
def test_the_rendered_bare_build_has_the_expanded_pages_without_the_hook(built_site, tmp_path):
    """The second bare build measures MkDocs on the content readers get: the derivation blocks must be there
    (else it measures the pages as written again) and the math not rendered (no hook ran)."""
    bt = _build_times()
    config = bt.rendered_bare_project(ROOT, ROOT / "mkdocs.yml", tmp_path)
    assert "hooks:" not in config.read_text()
    bt.timed_build(tmp_path / "bare-rendered", config, tmp_path / "site")
    for page in ("activations/index.html", "zh/activations/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert 'class="derivation-title' in html  # (a derivation's source, shown on the page, has [[…]] in it)
        assert 'class="katex"' not in html
