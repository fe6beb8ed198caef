"""The built site: strict build, failures that name page and reference, determinism, and a real browser."""

from __future__ import annotations

import filecmp
import http.server
import re
import shutil
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT, build_site

LANGS = ("en", "zh")
# One worker runs all of these, so the site is built once (the session fixture) rather than per worker.
pytestmark = pytest.mark.xdist_group("site")


def html_pages(site: Path) -> list[str]:
    """Site-relative URLs of every page (directory URLs), both languages, 404 excluded."""
    urls = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


def test_every_page_exists_in_both_languages(built_site):
    urls = html_pages(built_site)
    en = {u for u in urls if not u.startswith("zh/")}
    zh = {u[3:] for u in urls if u.startswith("zh/")} | ({""} if "zh/" in urls else set())
    assert en == zh and len(en) >= 3


def test_pages_have_rendered_math_and_no_leftover_references(built_site):
    for url in html_pages(built_site):
        text = (built_site / url / "index.html").read_text(encoding="utf-8")
        assert not re.search(r"\[\[(derivation|formula|value|figure|code):", text), url
        assert 'class="arithmatex">\\(' not in text and 'class="arithmatex">\\[' not in text, url
        assert "katex-error" not in text, url


def test_no_external_asset_in_html(built_site):
    """No <script src>, <link href> or <img src> points off the site (the browser test checks requests)."""
    for url in html_pages(built_site):
        text = (built_site / url / "index.html").read_text(encoding="utf-8")
        for ref in re.findall(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', text):
            assert not urlparse(ref).netloc, f"{url}: external asset {ref}"


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = tmp_path / "again"
    result = build_site(again)
    assert result.returncode == 0, result.stderr[-2000:]
    cmp = filecmp.dircmp(built_site, again)

    def differences(c, prefix=""):
        out = [prefix + n for n in c.left_only + c.right_only + c.diff_files]
        for name, sub in c.subdirs.items():
            out += differences(sub, prefix + name + "/")
        return out

    # dircmp compares shallowly by stat; compare contents of common files explicitly
    mismatch = differences(cmp)
    for path in built_site.rglob("*"):
        if path.is_file():
            other = again / path.relative_to(built_site)
            if other.exists() and path.read_bytes() != other.read_bytes():
                mismatch.append(str(path.relative_to(built_site)))
    assert not mismatch, f"builds differ: {sorted(set(mismatch))[:10]}"


def _broken_copy(tmp_path: Path, page: str, old: str, new: str) -> Path:
    """A copy of the project whose page `page` has `old` replaced by `new`; returns its mkdocs.yml."""
    copy = tmp_path / "proj"
    shutil.copytree(ROOT / "docs", copy / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    target = copy / "docs" / page
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    # the copy's hooks and watched folders are the project's own
    yml = re.sub(
        r"^(\s+- )(derive|figures|mkdocs_handbook|notebooks)\b",
        lambda m: m[1] + str(ROOT / m[2]),
        (copy / "mkdocs.yml").read_text(),
        flags=re.M,
    )
    (copy / "mkdocs.yml").write_text(yml)
    return copy / "mkdocs.yml"


def test_unknown_reference_fails_the_build_naming_page_and_name(tmp_path):
    config = _broken_copy(
        tmp_path, "activations.en.md", "[[derivation:sigmoid_derivative]]", "[[derivation:sigmoid_derivatve]]"
    )
    result = build_site(tmp_path / "out", config)
    assert result.returncode != 0
    assert "activations.en.md" in result.stderr and "sigmoid_derivatve" in result.stderr
    assert "Traceback" not in result.stderr


_ID = re.compile(r'<(h[1-6]|div class="derivation")[^>]*\sid="([^"]+)"')


def section_ids(html: str) -> list[str]:
    """The ids of a page's headings and derivation blocks, in order (what the language switch carries)."""
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    return [m[1] for m in _ID.findall(article)]


def id_mismatches(en_html: str, zh_html: str) -> list[tuple[str, str]]:
    en, zh = section_ids(en_html), section_ids(zh_html)
    pairs = [(a, b) for a, b in zip(en, zh, strict=False) if a != b]
    return pairs + [(a, "") for a in en[len(zh) :]] + [("", b) for b in zh[len(en) :]]


def test_a_section_id_that_differs_between_the_languages_is_caught():
    en = '<article><h2 id="summary">Summary</h2><div class="derivation" id="derivation-x"></div></article>'
    assert id_mismatches(en, en) == []
    assert id_mismatches(en, en.replace('id="summary"', 'id="小结"')) == [("summary", "小结")]
    assert id_mismatches(en, en.replace('<div class="derivation" id="derivation-x"></div>', "")) == [
        ("derivation-x", "")
    ]


def test_every_section_has_the_same_id_in_both_languages(built_site):
    """So a link to a section, and the language switch (docs/assets/handbook.js), land on the counterpart."""
    wrong = {}
    for url in html_pages(built_site):
        if url.startswith("zh/"):
            continue
        en = (built_site / url / "index.html").read_text(encoding="utf-8")
        zh = (built_site / "zh" / url / "index.html").read_text(encoding="utf-8")
        assert section_ids(en), f"{url}: no headings found (has the page markup changed?)"
        if id_mismatches(en, zh):
            wrong[url or "/"] = id_mismatches(en, zh)[:3]
    assert not wrong, wrong


def test_a_configured_site_url_gives_canonical_and_hreflang_links(built_site, tmp_path):
    """SITE_URL (the Pages workflow sets it): each page names its canonical URL, and the sitemap lists both
    languages of every page with absolute hreflang links (in the sitemap, not the page head: Material
    fetches a sitemap.xml beside every head alternate, which would 404 for every page URL)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", SITE_URL="https://example.org/handbook/")
    dest = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for page, url in (("activations", "activations/"), ("zh/activations", "zh/activations/")):
        head = (dest / page / "index.html").read_text(encoding="utf-8").split("</head>")[0]
        assert f'<link rel="canonical" href="https://example.org/handbook/{url}">' in head
    sitemap = (dest / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/handbook/activations/</loc>" in sitemap
    assert 'hreflang="zh" href="https://example.org/handbook/zh/activations/"' in sitemap
    assert 'hreflang="en" href="https://example.org/handbook/activations/"' in sitemap


# ---------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def server(built_site):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("Debian's chromium is required for the browser test (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(chromium),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def _open(browser, url, scheme="light"):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    # A console error for a failed load does not name the file: record which one it was.
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return context, page, errors, requests


def test_every_page_in_a_browser(built_site, server, browser):
    for url in html_pages(built_site):
        context, page, errors, requests = _open(browser, server + url)
        # Load every image, lazy or hidden by the colour scheme, and wait until all have arrived.
        page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.src)")
        formulas = page.evaluate("document.querySelectorAll('.arithmatex').length")
        rendered = page.evaluate("document.querySelectorAll('.arithmatex .katex').length")
        leftovers = page.evaluate("document.querySelectorAll('.katex-error').length")
        context.close()
        assert not errors, f"{url}: console errors {errors}"
        assert not broken, f"{url}: images that did not load {broken}"
        assert formulas == rendered and not leftovers, f"{url}: {rendered}/{formulas} formulas rendered"
        outside = [r for r in requests if not r.startswith(server) and not r.startswith("data:")]
        assert not outside, f"{url}: requests leaving localhost {outside}"


def test_language_switch_lands_on_the_counterpart(built_site, server, browser):
    for url in html_pages(built_site):
        if url.startswith("zh/") or url == "zh/":
            continue
        context, page, _, _ = _open(browser, server + url)
        link = page.locator('.md-select a[hreflang="zh"]').first
        href = link.get_attribute("href")
        with page.expect_navigation():
            link.evaluate("a => a.click()")
        page.wait_for_load_state("networkidle")
        landed = page.url
        lang = page.evaluate("document.documentElement.lang")
        context.close()
        assert landed == server + "zh/" + url, f"{url}: switcher ({href}) went to {landed}"
        assert lang.startswith("zh"), f"{url}: landed on a page whose language is {lang!r}"


def _switch_to_chinese(page) -> str:
    link = page.locator('.md-select a[hreflang="zh"]').first
    with page.expect_navigation():
        link.evaluate("a => a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))")
    page.wait_for_load_state("networkidle")
    return page.url


# At phone width: nothing widens the page (a long formula or table scrolls in its own box), and the reasons
# column and the "where" lines of the derivations, maths included, are set at 14 px or more.
_PHONE_PROBLEMS = """async () => {
  await document.fonts.ready;  // measured with the fonts the reader gets, not the fallback's widths
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1)
    problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  document.querySelectorAll('.derivation .step-reason, .derivation-where').forEach(e => {
    [e, ...e.querySelectorAll('.katex')].forEach(x => {
      const size = parseFloat(getComputedStyle(x).fontSize);
      if (x.getClientRects().length && size < 14)
        problems.push(size.toFixed(1) + ' px: ' + e.textContent.trim().slice(0, 30));
    });
  });
  // Chinese punctuation right after an inline formula must not start a line (mkdocs_handbook.reader).
  document.querySelectorAll('.md-typeset span.arithmatex').forEach(m => {
    const next = m.nextSibling;
    if (!next || next.nodeType !== 3) return;
    const at = next.textContent.search(/[，。、；：？！）]/);
    if (at !== 0) return;
    const range = document.createRange();
    range.setStart(next, at);
    range.setEnd(next, at + 1);
    const mark = range.getBoundingClientRect(), boxes = m.getClientRects();
    const last = boxes[boxes.length - 1];
    if (last && mark.top >= last.bottom - 1)
      problems.push('line starts with ' + next.textContent[at] + ' after ' + m.textContent.slice(0, 20));
  });
  return problems.slice(0, 5);
}"""


def test_phone_pages_fit_and_derivation_text_is_readable(built_site, server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    # Planted: a reason set at 11 px and a formula that widens the page are both reported.
    page.goto(server + "activations/", wait_until="networkidle")
    assert page.evaluate(_PHONE_PROBLEMS) == []
    page.add_style_tag(content=".derivation .step-reason { font-size: 11px !important; }")
    page.evaluate(
        "document.querySelector('.md-typeset p').insertAdjacentHTML('beforeend', "
        "'<span style=\"display:inline-block;width:900px\">wide</span>')"
    )
    planted = page.evaluate(_PHONE_PROBLEMS)
    assert any("sideways" in p for p in planted) and any(p.startswith("11.0 px") for p in planted), planted
    # Planted: a "，" pushed onto the next line after a formula (outside any nowrap span, the formula a full line).
    page.goto(server + "zh/activations/", wait_until="networkidle")
    page.evaluate(
        """() => { const m = [...document.querySelectorAll('.md-typeset p span.arithmatex')]
             .find(m => m.nextSibling && m.nextSibling.nodeType === 3);
           m.nextSibling.textContent = '，' + m.nextSibling.textContent;
           m.style.display = 'inline-block'; m.style.width = '100%'; }"""
    )
    assert any(p.startswith("line starts with ，") for p in page.evaluate(_PHONE_PROBLEMS))
    found = {}
    for url in html_pages(built_site):
        page.goto(server + url, wait_until="networkidle")
        problems = page.evaluate(_PHONE_PROBLEMS)
        if problems:  # the largest pages (the claims) may still be laying out: what persists counts
            page.wait_for_timeout(2000)
            problems = page.evaluate(_PHONE_PROBLEMS)
        if problems:
            found[url] = problems
    context.close()
    assert not found, found


def test_language_switch_keeps_the_section(built_site, server, browser):
    # A section named in the address is carried over.
    context, page, _, _ = _open(browser, server + "activations/#computing-the-sigmoid-safely")
    assert _switch_to_chinese(page) == server + "zh/activations/#computing-the-sigmoid-safely"
    heading = page.evaluate("document.getElementById('computing-the-sigmoid-safely').textContent")
    assert "安全地计算" in heading
    context.close()
    # With no #…, the section being read: scroll a derivation block to the top of the window.
    context, page, _, _ = _open(browser, server + "activations/")
    page.evaluate("document.getElementById('derivation-tanh_derivative').scrollIntoView()")
    assert _switch_to_chinese(page) == server + "zh/activations/#derivation-tanh_derivative"
    context.close()
    # At the top of the page there is no section to carry.
    context, page, _, _ = _open(browser, server + "newton/")
    assert _switch_to_chinese(page) == server + "zh/newton/"
    context.close()


@pytest.mark.parametrize(
    "lang,query,expected",
    [
        ("en", "cross-entropy", "sigmoid-cross-entropy/"),
        ("en", "tanh", "activations/"),
        ("en", "backpropagation", "backpropagation/"),
        ("zh", "梯度", "zh/"),
        ("zh", "交叉熵", "zh/sigmoid-cross-entropy/"),
        ("zh", "激活函数", "zh/activations/"),
        ("zh", "tanh", "zh/activations/"),
        ("zh", "Adam", "zh/optimisers/"),
    ],
)
def test_search_finds_the_right_page(server, browser, lang, query, expected):
    start = server + ("zh/" if lang == "zh" else "")
    context, page, _, _ = _open(browser, start)
    box = page.locator("input.md-search__input")
    box.click(force=True)
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on keyup; typing CJK text fires no keyup of its own
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    context.close()
    paths = [urlparse(h).path for h in hrefs]
    assert paths, f"no results for {query!r}"
    assert "/" + expected in paths, (query, paths)
    # Each language searches its own pages only (one index per language, mkdocs_handbook.search_split).
    other = [p for p in paths if p.startswith("/zh/") != (lang == "zh")]
    assert not other, f"{lang} search for {query!r} lists pages of the other language: {other[:3]}"


_ITALIC_CHINESE = """() => Array.from(document.querySelectorAll('.md-typeset *'))
    .filter(e => getComputedStyle(e).fontStyle === 'italic' && !e.closest('.katex'))
    .filter(e => Array.from(e.childNodes).some(n => n.nodeType === 3 && /[\\u4e00-\\u9fff]/.test(n.textContent)))
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 20))"""


def test_no_chinese_text_is_set_in_italic(built_site, server, browser):
    # Planted: an <em> on a Chinese page without the stylesheet's rule is italic, and is found.
    context, page, _, _ = _open(browser, server + "zh/")
    planted = '<span style="font-style:italic">斜体</span>'
    page.evaluate("html => document.querySelector('.md-typeset p').insertAdjacentHTML('beforeend', html)", planted)
    assert page.evaluate(_ITALIC_CHINESE), "the check does not see italic Chinese text"
    context.close()
    for url in html_pages(built_site):
        if not url.startswith("zh/"):
            continue
        context, page, _, _ = _open(browser, server + url)
        italic = page.evaluate(_ITALIC_CHINESE)
        context.close()
        assert not italic, f"{url}: Chinese text in italic: {italic[:5]}"
