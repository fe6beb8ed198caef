"""What each page of a built site costs a reader: bytes transferred, gzip-compressed, fully scrolled.

    python benchmarks/page_weight.py SITE_DIR [--budget KB] [PAGE ...]

Each page is opened in headless Chromium at phone width, scrolled to the end (so lazy images load) and
left until the network is idle; every response it fetched (HTML, CSS, scripts, fonts, figures, the search
index) is counted at its gzip size (level 6, what a static host such as GitHub Pages sends) — the local
server sends files uncompressed, so the compression is computed here. Also prints the DOM size.
Prints one line a page, heaviest first; exits 1 when a page exceeds the budget (default 400 KB).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from axe_audit import pages_of, serve  # noqa: E402

BUDGET_KB = 400


def weigh(browser, base: str, url: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    seen: dict[str, int] = {}

    def on_response(response):
        if response.url.startswith(base) and response.url not in seen:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                return
            seen[response.url] = len(gzip.compress(body, compresslevel=6, mtime=0))

    page.on("response", on_response)
    page.goto(base + url, wait_until="networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 844, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    elements = page.evaluate("document.getElementsByTagName('*').length")
    context.close()
    return {"page": url or "/", "kb": sum(seen.values()) / 1024, "requests": len(seen), "elements": elements}


def main(argv: list[str]) -> int:
    args = list(argv)
    budget = BUDGET_KB
    if "--budget" in args:
        i = args.index("--budget")
        try:
            budget = float(args[i + 1])
        except (IndexError, ValueError):
            print("page_weight: --budget needs a number of KB", file=sys.stderr)
            return 2
        del args[i : i + 2]
    if not args or not (Path(args[0]) / "index.html").exists():
        print("usage: python benchmarks/page_weight.py SITE_DIR [--budget KB] [PAGE ...]", file=sys.stderr)
        return 2
    site = Path(args[0])
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            rows = [weigh(browser, base, url) for url in (args[1:] or pages_of(site))]
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    rows.sort(key=lambda r: -r["kb"])
    for r in rows:
        flag = "  OVER BUDGET" if r["kb"] > budget else ""
        print(f"{r['kb']:8.1f} KB  {r['requests']:3d} requests  {r['elements']:6d} elements  {r['page']}{flag}")
    over = [r for r in rows if r["kb"] > budget]
    print(f"heaviest {rows[0]['kb']:.1f} KB ({rows[0]['page']}); budget {budget:g} KB; {len(over)} over")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
