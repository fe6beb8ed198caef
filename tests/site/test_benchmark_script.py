"""The benchmark's bare build (the pages without references, no hook) builds: a ratio against a build that
fails measures nothing. It once failed because the config still watched code folders the copy lacks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _build_times():
    spec = importlib.util.spec_from_file_location("build_times", ROOT / "benchmarks" / "build_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
