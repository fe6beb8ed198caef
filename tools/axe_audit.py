"""Accessibility audit of a built site with axe-core, in headless Chromium.

    python tools/axe_audit.py SITE_DIR [PAGE ...]

Every page (default: every index.html of the site) is opened at phone and desktop width, in light and
dark mode, and axe-core (node_modules/axe-core, pinned in package.json) is run over it. Prints one line per
violation (page, variant, impact, rule, nodes) and exits 1 if any is critical or serious.
"""

from __future__ import annotations

import http.server
import sys
import threading
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = ("light", "dark")
BLOCKING = ("critical", "serious")


def pages_of(site: Path) -> list[str]:
    urls = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in ("assets", "search"):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would bury the report
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def audit(browser, base: str, pages: list[str], sizes=SIZES, schemes=SCHEMES) -> list[dict]:
    """Every violation axe reports, one dict each: page, variant, impact, rule, help, nodes (selectors)."""
    script = AXE.read_text(encoding="utf-8")
    found = []
    for size, (width, height) in sizes.items():
        for scheme in schemes:
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            for url in pages:
                page.goto(base + url, wait_until="load")
                page.add_script_tag(content=script)
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                for v in result["violations"]:
                    found.append(
                        {
                            "page": url or "/",
                            "variant": f"{size}/{scheme}",
                            "impact": v["impact"],
                            "rule": v["id"],
                            "help": v["help"],
                            "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"]],
                        }
                    )
            context.close()
    return found


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "index.html").exists():
        print(f"axe_audit: {site} is not a built site (no index.html)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            found = audit(browser, base, argv[1:] or pages_of(site))
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    for v in found:
        nodes = ", ".join(v["nodes"][:3]) + (" …" if len(v["nodes"]) > 3 else "")
        print(f"{v['page']} [{v['variant']}] {v['impact']}: {v['rule']} ({len(v['nodes'])}): {nodes}")
    blocking = [v for v in found if v["impact"] in BLOCKING]
    print(f"{len(found)} violations, {len(blocking)} critical or serious")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
