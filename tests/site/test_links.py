"""Every link and every #anchor of the built site resolves, checked offline by lychee.

Links in raw HTML (derivation blocks, erratum boxes, the claims and errata tables) are not rewritten
by MkDocs, so they are where a wrong relative path hides; lychee reads the built files as a browser would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LYCHEE = Path(sys.executable).with_name("lychee")


def broken_links(site: Path, root: Path | None = None) -> list[str]:
    """lychee's error lines for a built site served from `root` (default: the site itself), offline."""
    result = subprocess.run(
        [
            str(LYCHEE),
            "--offline",
            "--no-progress",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(root or site),
            "--format",
            "compact",
            str(site / "**" / "*.html"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.lstrip().startswith("[ERROR]")]
    assert result.returncode in (0, 2), result.stderr[-2000:]  # 2: broken links found
    assert (result.returncode == 2) == bool(errors), result.stdout[-2000:]
    return errors


pytestmark = pytest.mark.skipif(not LYCHEE.exists(), reason="lychee is installed with the test extras")


def test_a_broken_link_and_a_broken_anchor_are_caught(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">a</a> <a href="a/#there">there</a>')
    (site / "a" / "index.html").write_text(
        '<h2 id="there">There</h2> <a href="../b/">b</a> <a href="../#nowhere">x</a>'
    )
    errors = broken_links(site)
    assert any("/b" in e for e in errors), errors
    assert any("#nowhere" in e for e in errors), errors
    assert not any("#there" in e for e in errors), errors


@pytest.mark.xdist_group("site")  # shares the session's one build
def test_the_built_site_has_no_broken_link_or_anchor(built_site, tmp_path):
    assert broken_links(built_site) == []
    # Served under a sub-path (GitHub Pages: /REPO/), the relative links still resolve.
    mounted = tmp_path / "mount" / "repo"
    shutil.copytree(built_site, mounted, ignore=shutil.ignore_patterns("404.html"))  # 404: absolute by design
    assert broken_links(mounted, root=tmp_path / "mount") == []  # a link to /… would leave /repo/
