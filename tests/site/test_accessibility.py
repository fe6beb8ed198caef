"""axe-core over the built site: no critical or serious violation, in both languages and both schemes.

Every page is audited at phone width in the dark scheme (where contrast and overflow are hardest), and
the home and one chapter page in each language at phone and desktop width, light and dark: the rules that
depend on the viewport or scheme (scroll regions, contrast) are thus exercised everywhere they differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import axe_audit  # noqa: E402

pytestmark = [pytest.mark.xdist_group("site")]  # shares the session's one build


@pytest.fixture(scope="module")
def chromium():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _blocking(found: list[dict]) -> list[str]:
    return [
        f"{v['page']} [{v['variant']}] {v['impact']} {v['rule']}: {', '.join(v['nodes'][:3])}"
        for v in found
        if v["impact"] in axe_audit.BLOCKING
    ]


def test_a_planted_violation_is_reported(chromium, tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color:#999;background:#fff">faint text</p><div role="dialog">unnamed</div>'
        "</main></body></html>"
    )
    httpd, base = axe_audit.serve(tmp_path)
    try:
        found = axe_audit.audit(chromium, base, [""], sizes={"phone": (390, 844)}, schemes=("light",))
    finally:
        httpd.shutdown()
        httpd.server_close()
    rules = {v["rule"] for v in found if v["impact"] in axe_audit.BLOCKING}
    assert {"color-contrast", "aria-dialog-name"} <= rules, rules


def test_every_page_has_no_serious_violation(built_site, chromium):
    httpd, base = axe_audit.serve(built_site)
    try:
        pages = axe_audit.pages_of(built_site)
        found = axe_audit.audit(chromium, base, pages, sizes={"phone": (390, 844)}, schemes=("dark",))
        both = ["", "zh/", "gradient-descent/", "zh/gradient-descent/"]
        found += axe_audit.audit(chromium, base, both)
    finally:
        httpd.shutdown()
        httpd.server_close()
    blocking = _blocking(found)
    assert not blocking, f"{len(blocking)} violations:\n" + "\n".join(blocking[:40])
