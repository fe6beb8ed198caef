"""Screenshots of built pages in headless Chromium, to look at what the site shows a reader.

    python tools/screenshots.py SITE_DIR OUT_DIR [PAGE ...]

PAGE is a site-relative URL such as "activations/" or "zh/activations/" (default: the home pages).
Each page is shot at desktop and phone width, in light and dark mode, full length.
"""

from __future__ import annotations

import http.server
import sys
import threading
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    site, out = Path(argv[0]), Path(argv[1])
    pages = argv[2:] or ["", "zh/"]
    out.mkdir(parents=True, exist_ok=True)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for page_url in pages:
            for size, (w, h) in SIZES.items():
                for scheme in ("light", "dark"):
                    ctx = browser.new_context(
                        viewport={"width": w, "height": h}, color_scheme=scheme, device_scale_factor=1
                    )
                    page = ctx.new_page()
                    page.goto(base + page_url, wait_until="networkidle")
                    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
                    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
                    name = (page_url.strip("/").replace("/", "_") or "home") + f"-{size}-{scheme}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                    ctx.close()
                    print(out / name)
        browser.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
