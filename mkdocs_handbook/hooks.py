"""MkDocs hooks: the glue between the pages and derive/figures.

Before a build: render figures (cached), copy KaTeX's CSS and fonts, check every derivation (cached).
Per page: expand references (mkdocs_handbook.references), then, once the page is indexed for search,
render all its math to HTML with KaTeX through one Node process for the whole build. A page that
names an unknown or failing derivation stops the build with a one-line message naming the page and
the reference.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from derive.checker import check_all, source_key
from derive.files import write_file
from derive.registry import get_value
from figures.build import build as build_figures
from mkdocs_handbook import katex, references

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "docs" / "assets" / "generated"
CACHE = ROOT / ".cache"
log = logging.getLogger("mkdocs.plugins.handbook")

_state: dict = {}


def _renderer() -> katex.KatexRenderer:
    if "katex" not in _state:
        _state["katex"] = katex.KatexRenderer(CACHE / f"katex-{katex.katex_version()}.json")
    return _state["katex"]


def on_pre_build(config) -> None:
    try:
        written = build_figures(GENERATED / "figures")
        if written:
            log.info("handbook: rendered %d figure files", len(written))
        katex.copy_katex_assets(GENERATED / "katex")
    except katex.KatexError as exc:
        raise PluginError(str(exc)) from None
    if "results" not in _state:
        _state["results"] = check_all(CACHE / "checks.json")
        _state["values_key"] = source_key()
        stored = _read_json(CACHE / "values.json")
        _state["values"] = stored["values"] if stored.get("key") == _state["values_key"] else {}


def _value_text(name: str) -> str:
    """A value's text, from the cache while derive/ is unchanged, else computed (and remembered)."""
    values = _state["values"]
    if name not in values:
        values[name] = get_value(name).text()
    return values[name]


def on_page_markdown(markdown, page, config, files):
    lang = config["theme"]["language"]
    depth = page.file.src_uri.count("/")
    try:
        return references.expand(markdown, lang, depth, _state["results"], page.file.src_uri, _value_text)
    except references.ReferenceError_ as exc:
        raise PluginError(str(exc)) from None
    except Exception as exc:  # a bug in derive shows up as one line naming the page, not a traceback
        raise PluginError(f"page {page.file.src_uri}: {type(exc).__name__}: {exc}") from None


def on_page_content(html, page, config, files):
    # Math is rendered after the search plugin has indexed the page (on_post_page): KaTeX's markup
    # is most of a page's tags, and parsing it for the index took longer than the rest of the build.
    # Meanwhile the TeX source is marked so the index leaves it out too.
    return html.replace('class="arithmatex"', 'class="arithmatex" data-search-exclude=""')


# Material treats every <link rel="alternate" hreflang> as a language root and fetches sitemap.xml
# next to it; static-i18n points them at the counterpart *page*, so each page load logged two 404s.
# The header's language switcher already links each page to its counterpart, so the head links go.
_ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    try:
        output = katex.render_math_in_html(output, _renderer())
    except katex.KatexError as exc:
        raise PluginError(f"page {page.file.src_uri}: {exc}") from None
    return _ALTERNATE_LINK.sub("", output)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def on_post_build(config) -> None:
    # A failing derivation that a page names has already stopped the build, naming the page; one that
    # no page names must stop it too: the site never ships beside a wrong derivation.
    failed = [r for r in _state.get("results", {}).values() if not r.ok]
    if failed:
        raise PluginError("derivation check failed: " + " | ".join(r.summary() for r in failed))
    if "katex" in _state:
        _state["katex"].save()
    if "values" in _state:
        payload = json.dumps({"key": _state["values_key"], "values": _state["values"]}, sort_keys=True)
        write_file(CACHE / "values.json", payload)


def on_shutdown() -> None:
    if "katex" in _state:
        _state.pop("katex").close()
