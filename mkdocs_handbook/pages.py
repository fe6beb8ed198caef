"""The page hooks: the glue between the pages and derive/figures (loaded through mkdocs_handbook/hooks.py).

Before a build: render figures (cached per figure), copy KaTeX's CSS and fonts, check every derivation
(cached per derivation). Per page: refuse relations typed by hand, expand references
(mkdocs_handbook.references), then, once the page is indexed for search, render all its math to HTML
with KaTeX through one Node process for the whole build. A page that names an unknown or failing
derivation stops the build with a one-line message naming the page and the reference.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from derive.core.cache import Store, digest, module_of_file
from derive.core.checker import check_all
from derive.core.files import write_file
from derive.core.registry import get_value
from figures.build import build as build_figures
from mkdocs_handbook import katex, reader, references, search_split, typed_relations

search_split.add_terms()

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "docs" / "assets" / "generated"
CACHE = ROOT / ".cache"
log = logging.getLogger("mkdocs.plugins.handbook")

# benchmarks/build_times.py sets this to a folder: each page's Markdown is written there as expanded
EXPANDED_PAGES_ENV = "HANDBOOK_EXPANDED_PAGES"
DEFAULT_LANGUAGE = "en"  # at the site root; every other language under /<lang>/
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
    except Exception as exc:  # a broken figure or chapter module: one line, not a traceback
        raise PluginError(f"figures: {type(exc).__name__}: {exc}") from None
    if "results" not in _state:
        reproved: list[str] = []
        _state["results"] = check_all(Store("checks", CACHE), on_check=reproved.append)
        if reproved:
            log.info(
                "handbook: proved %d derivations (%d from the cache)",
                len(reproved),
                len(_state["results"]) - len(reproved),
            )
        _state["values"] = Store("values", CACHE)
        _state["refutations"] = Store("refutations", CACHE)


def _value_text(name: str) -> str:
    """A value's text: from the cache while the modules it is computed from are unchanged.

    Pages quote a value several times (both languages, the claims page, errata boxes), so its text is
    looked up once and kept in _state: that lives only while the project's code is unchanged (the hook
    forgets this module, and _state with it, when a source under derive/, figures/ or here changes)."""
    known = _state.setdefault("value_texts", {})
    if name in known:
        return known[name]
    v = get_value(name)
    key = digest(name, v.fmt, modules=(module_of_file(v.source_file),))
    text = _state["values"].get(name, key)
    if text is None:
        text = v.text()
        _state["values"].put(name, key, text)
    known[name] = text
    return text


def _typed_relations(markdown: str) -> list[str]:
    return typed_relations.in_page_math(markdown) + typed_relations.in_page_prose(markdown)


def on_page_markdown(markdown, page, config, files):
    lang = config["theme"]["language"]
    depth = page.file.src_uri.count("/")
    if not page.meta.get("description"):
        page.meta["description"] = reader.description(markdown)
    typed = _typed_relations(markdown)
    if typed:
        message = (
            f"page {page.file.src_uri}: {len(typed)} relation(s) typed by hand, e.g. {typed[0]!r}: "
            "reference a derivation, fact, value or hypothesis instead"
        )
        if config["extra"].get("typed_relations") == "error":
            raise PluginError(message)
        log.info("handbook: %s", message)
    try:
        expanded = references.expand(
            markdown,
            lang,
            depth,
            _state["results"],
            page.file.src_uri,
            _value_text,
            _state["refutations"],
            link_depth=page.url.count("/") - (0 if lang == DEFAULT_LANGUAGE else 1),
        )
    except references.ReferenceError_ as exc:
        raise PluginError(str(exc)) from None
    except Exception as exc:  # a bug in derive shows up as one line naming the page, not a traceback
        raise PluginError(f"page {page.file.src_uri}: {type(exc).__name__}: {exc}") from None
    if os.environ.get(EXPANDED_PAGES_ENV):  # the benchmark's "bare, rendered pages" build reads these
        write_file(Path(os.environ[EXPANDED_PAGES_ENV]) / Path(page.file.abs_src_path).name, expanded)
    return expanded


def on_page_context(context, page, config, nav):
    # The footer records which commit and which SymPy checked the derivations, in the page's language.
    from mkdocs_handbook.inventory import footer

    config["copyright"] = footer(config["theme"]["language"])
    return context


def on_page_content(html, page, config, files):
    # Math is rendered after the search plugin has indexed the page (on_post_page): KaTeX's markup
    # is most of a page's tags, and parsing it for the index took longer than the rest of the build.
    # Meanwhile the TeX source is marked so the index leaves it out too.
    # The index reads a plain-text copy of each inline formula instead (search_split.with_search_text),
    # dropped from the page in on_post_page, so a result's snippet keeps its formulas.
    if config["theme"]["language"] == "zh":
        html = reader.keep_punctuation_with_math(html)
    if "formula_texts" not in _state:
        _state["formula_texts"] = search_split.FormulaTexts(Store("formula-texts", CACHE))
    html = search_split.with_search_text(html, _state["formula_texts"])
    return html.replace('class="arithmatex"', 'class="arithmatex" data-search-exclude=""')


# Material treats every <link rel="alternate" hreflang> as a language root and fetches sitemap.xml
# next to it; static-i18n points them at the counterpart *page*, so each page load logged two 404s.
# The header's language switcher already links each page to its counterpart, so the head links go.
_ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    try:
        output = katex.render_math_in_html(search_split.without_search_text(output), _renderer())
    except katex.KatexError as exc:
        raise PluginError(f"page {page.file.src_uri}: {exc}") from None
    return reader.polish(_ALTERNATE_LINK.sub("", output), config["theme"]["language"], page.url)


def on_post_template(output, template_name, config):
    # static-i18n builds 404.html once per language into the same file, the last (Chinese) one winning:
    # the English one is kept for the site root, the Chinese one goes to zh/404.html.
    if template_name != "404.html":
        return output
    from mkdocs_handbook.inventory import footer

    lang = config["theme"]["language"]
    output = output.replace(footer(DEFAULT_LANGUAGE), footer(lang))  # no page context set it for this one
    page = reader.polish_404(output, lang, urlsplit(config["site_url"] or "/").path or "/")
    if not _inside_i18n_build(config):
        _state["404"] = page
        return page
    write_file(Path(config["site_dir"]) / lang / "404.html", page)
    return _state.get("404", page)


@event_priority(-200)  # after the search and i18n plugins have written the shared index
def on_post_build(config) -> None:
    # A failing derivation that a page names has already stopped the build, naming the page; one that
    # no page names must stop it too: the site never ships beside a wrong derivation.
    failed = [r for r in _state.get("results", {}).values() if not r.ok]
    if failed:
        raise PluginError("derivation check failed: " + " | ".join(r.summary() for r in failed))
    # static-i18n builds the other languages inside the default language's post-build (same config, its
    # `building` flag set), then rewrites the shared search index; the outer build finishes last, with the
    # config's language left at the last language built, so the flag, not the language, says where to split.
    if not _inside_i18n_build(config):
        search_split.split_index(Path(config["site_dir"]))
    _close()


def _inside_i18n_build(config) -> bool:
    i18n = config["plugins"].get("i18n")
    return bool(getattr(i18n, "building", False))


def on_build_error(error) -> None:
    _close()


def _close() -> None:
    # Nothing (no Node process) may outlive a build: the next `serve` rebuild may run reloaded modules.
    if "formula_texts" in _state:
        _state.pop("formula_texts").save()
    if "katex" in _state:
        renderer = _state.pop("katex")
        renderer.save()
        renderer.close()


def on_shutdown() -> None:
    _close()
