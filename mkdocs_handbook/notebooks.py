"""MkDocs hooks for the lab notebooks: execute them (cached), hand them to mkdocs-jupyter, keep the page light.

A lab is a jupytext percent source per language, notebooks/<lab>.<lang>.py, under version control. Before
the first language's build, every stale notebook is executed (all languages at once, one kernel each) into
.cache/notebooks/<lang>/<page>.ipynb, keyed by its source and the sources of the derive modules it imports;
a raising cell stops the build naming the notebook and the cell. mkdocs-jupyter (execute: false) renders
the executed notebook; this module then:

- adds the notebook pages after static-i18n has rebuilt the file list (static-i18n issue #198: it keeps only
  Markdown pages, so a notebook page would vanish), one per language build, with its language alternates so
  that the language switch lands on the counterpart notebook, not on the home page;
- gives each language its own mkdocs-jupyter cache directory (its post-build eviction would otherwise drop
  the other language's entry on every build);
- drops the ~600 KB of CSS and the scripts nbconvert inlines (MathJax from a CDN among them) for a few lines
  of CSS over Material's own colours (so light and dark schemes both apply), turns the notebook's $…$ into
  arithmatex spans for the build-time KaTeX pass of mkdocs_handbook.pages, and adds a download link.

Outputs are never committed: .cache/ is git-ignored.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from derive.core.cache import digest
from derive.core.files import write_file

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "notebooks"
CACHE = ROOT / ".cache"
EXECUTED = CACHE / "notebooks"
log = logging.getLogger("mkdocs.plugins.handbook.notebooks")

# page (URL slug) -> (jupytext source stem, the derive modules its cells import: they key the cache)
LABS = {
    "backpropagation-lab": (
        "backpropagation",
        (
            "derive.numerics.mlp",
            "derive.chapters.backpropagation.experiments",
            "derive.chapters.backpropagation.source_code",
            "derive.chapters.backpropagation.derivations_linear",
        ),
    ),
}
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
EXECUTION_TIMEOUT = 600

_state: dict = {}


# --- execution ------------------------------------------------------------------------------------------------


def source_path(page: str, lang: str) -> Path:
    return SOURCES / f"{LABS[page][0]}.{lang}.py"


def executed_path(page: str, lang: str) -> Path:
    return EXECUTED / lang / f"{page}.ipynb"


def _key(page: str, lang: str) -> str:
    import jupytext
    import nbclient

    text = source_path(page, lang).read_text(encoding="utf-8")
    return digest(page, lang, text, jupytext.__version__, nbclient.__version__, modules=LABS[page][1])


class NotebookError(Exception):
    """A notebook cell raised: the message names the notebook source and the cell."""


def execute(page: str, lang: str) -> dict:
    """Execute one notebook source top to bottom; return the notebook (nbformat dict). Raises NotebookError."""
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    src = source_path(page, lang)
    nb = jupytext.read(src)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # deterministic ids: the same sources give the same notebook
    import tempfile

    from traitlets.config import Config

    sockets = tempfile.mkdtemp(prefix="handbook-kernel-")
    # IPC sockets in a private directory: no TCP port, and no "running over TCP without encryption" warning.
    # nbclient creates (and so shuts down and cleans up) the kernel manager itself.
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(sockets, "kernel")
    client = NotebookClient(
        nb,
        config=config,
        kernel_name="python3",
        timeout=EXECUTION_TIMEOUT,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        failing = next(
            (i for i, c in enumerate(nb.cells) for o in c.get("outputs", ()) if o.get("output_type") == "error"), None
        )
        where = f"cell {failing}" if failing is not None else "a cell"
        first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"notebook {src.relative_to(ROOT)}: {where} raised: {first_line}") from None
    except Exception as exc:  # kernel died, timeout, ...: still one line naming the notebook
        raise NotebookError(f"notebook {src.relative_to(ROOT)}: {type(exc).__name__}: {exc}") from None
    finally:
        import shutil

        shutil.rmtree(sockets, ignore_errors=True)
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            output.pop("transient", None)  # display ids are random; only the live kernel needs them
    nb.metadata.pop("widgets", None)
    return nb


def _kernel_path_env() -> None:
    # The kernelspec runs "python": make that the interpreter of this build (the one with derive installed).
    bindir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if not path.split(os.pathsep)[:1] == [bindir]:
        os.environ["PATH"] = bindir + os.pathsep + path


def ensure_executed(langs=LANGUAGES) -> list[str]:
    """Execute every stale notebook (in parallel, one kernel each); return the ones executed."""
    import nbformat

    stale = []
    for page in LABS:
        for lang in langs:
            key = _key(page, lang)
            key_file = executed_path(page, lang).with_suffix(".key")
            if not (
                executed_path(page, lang).is_file()
                and key_file.is_file()
                and key_file.read_text(encoding="utf-8") == key
            ):
                stale.append((page, lang, key))
    if not stale:
        return []
    _kernel_path_env()
    errors: list[str] = []

    def run(page, lang, key):
        try:
            nb = execute(page, lang)
        except NotebookError as exc:
            errors.append(str(exc))
            return
        write_file(executed_path(page, lang), nbformat.writes(nb) + "\n")
        write_file(executed_path(page, lang).with_suffix(".key"), key)

    threads = [threading.Thread(target=run, args=job) for job in stale]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise NotebookError(" | ".join(sorted(errors)))
    return [f"{page}.{lang}" for page, lang, _ in stale]


# --- the pages ------------------------------------------------------------------------------------------------


class NotebookPageFile(File):
    """An executed notebook served as a documentation page (mkdocs-jupyter renders it)."""

    def is_documentation_page(self) -> bool:
        return True


def _page_file(page: str, lang: str, config) -> NotebookPageFile:
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    f = NotebookPageFile(
        f"{page}.ipynb",
        str(EXECUTED / lang),
        config["site_dir"],
        config["use_directory_urls"],
        dest_uri=f"{prefix}{page}/index.html" if config["use_directory_urls"] else f"{prefix}{page}.html",
    )
    f.locale, f.localization, f.locale_alternate_of, f.norm_src_uri = lang, lang, lang, f"{page}.ipynb"
    return f


def _language(config) -> str:
    return config["theme"]["language"]


@event_priority(-110)  # after static-i18n (-100) has set this build's language
def on_config(config):
    _state["lang"] = _language(config)
    jupyter = config["plugins"].get("mkdocs-jupyter")
    if jupyter is not None:  # each language its own cache: the plugin evicts whatever one build did not use
        jupyter.config["cache_dir"] = str(CACHE / "mkdocs-jupyter" / _state["lang"])
    return config


def on_pre_build(config):
    if "executed" not in _state:  # once per `mkdocs build`, for every language (the zh build reuses it)
        try:
            done = ensure_executed()
        except NotebookError as exc:
            raise PluginError(str(exc)) from None
        if done:
            log.info("handbook: executed %d notebook(s): %s", len(done), ", ".join(done))
        _state["executed"] = True


@event_priority(-110)  # after static-i18n (-100), which rebuilds the file list without the notebooks
def on_files(files, config):
    lang = _language(config)
    for page in LABS:
        here = _page_file(page, lang, config)
        here.alternates = {other: (here if other == lang else _page_file(page, other, config)) for other in LANGUAGES}
        files.append(here)
    return files


def _is_notebook(page) -> bool:
    return isinstance(page.file, NotebookPageFile)


def on_page_markdown(markdown, page, config, files):
    # The "markdown" of a notebook page is its JSON: nothing for the reference expander to read.
    return "" if _is_notebook(page) else markdown


_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_MARKDOWN_CELL = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$]+?)(?<!\\)\$")  # may span a soft line break
_NOTEBOOK_CSS = """<style>
.jupyter-wrapper .jp-InputPrompt,.jupyter-wrapper .jp-OutputPrompt,.jupyter-wrapper .anchor-link,
.jupyter-wrapper .zeroclipboard-container,.jupyter-wrapper .clipboard-copy-txt{display:none}
.jupyter-wrapper .jp-Cell{margin:0 0 .8em}
.jupyter-wrapper .highlight-ipynb pre,.jupyter-wrapper .jp-OutputArea-output pre{margin:0;padding:.7em 1em;
overflow-x:auto;font-size:.8em;line-height:1.45;font-family:var(--md-code-font-family)}
.jupyter-wrapper .highlight-ipynb pre{background:var(--md-code-bg-color);color:var(--md-code-fg-color)}
.jupyter-wrapper .jp-OutputArea-output pre{border-left:.2em solid var(--md-default-fg-color--lighter)}
.jupyter-wrapper .jp-OutputArea-output img{max-width:100%;height:auto;background:#fff}
.jupyter-wrapper .highlight-ipynb .k,.jupyter-wrapper .highlight-ipynb .kn,.jupyter-wrapper .highlight-ipynb .ow{
color:var(--md-code-hl-keyword-color)}
.jupyter-wrapper .highlight-ipynb .s,.jupyter-wrapper .highlight-ipynb .s1,.jupyter-wrapper .highlight-ipynb .s2,
.jupyter-wrapper .highlight-ipynb .sa,.jupyter-wrapper .highlight-ipynb .si{color:var(--md-code-hl-string-color)}
.jupyter-wrapper .highlight-ipynb .mi,.jupyter-wrapper .highlight-ipynb .mf{color:var(--md-code-hl-number-color)}
.jupyter-wrapper .highlight-ipynb .c1{color:var(--md-code-hl-comment-color)}
.jupyter-wrapper .highlight-ipynb .nb,.jupyter-wrapper .highlight-ipynb .nf{color:var(--md-code-hl-function-color)}
.jupyter-wrapper .highlight-ipynb .o,.jupyter-wrapper .highlight-ipynb .p{color:var(--md-code-hl-punctuation-color)}
.jupyter-wrapper .highlight-ipynb .nn{color:var(--md-code-hl-name-color)}
</style>"""
_LINK_TEXT = {
    "en": ("Download this notebook", "executed at build time; run it with the project installed"),
    "zh": ("下载此笔记本", "构建时已执行；安装本项目后即可运行"),
}


def _math_to_arithmatex(cell_html: str) -> str:
    def display(m):
        return f'<div class="arithmatex">\\[{m.group(1).strip()}\\]</div>'

    def inline(m):
        return f'<span class="arithmatex">\\({m.group(1)}\\)</span>'

    return _INLINE_MATH.sub(inline, _DISPLAY_MATH.sub(display, cell_html))


# What nbconvert's template writes in English: the copy button's tooltip and the alt text of an output
# image (the image is the plot the cell draws; the cell's own text says what it shows).
_NBCONVERT_STRINGS = {
    "zh": (
        ('title="Copy to Clipboard"', 'title="复制到剪贴板"'),
        ('aria-label="Copy to Clipboard"', 'aria-label="复制到剪贴板"'),
        ('alt="No description has been provided for this image"', 'alt="上一单元格代码绘制的图"'),
    ),
    "en": (('alt="No description has been provided for this image"', 'alt="The plot drawn by the cell above"'),),
}


_HEADING = re.compile(r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">')
_SOURCE_HEADING = re.compile(r"^# (#{1,6}) (.+?)\s*$", re.M)  # a heading in a jupytext markdown cell


def _flatten(toc):
    for item in toc:
        yield item
        yield from _flatten(item.children)


def english_heading_ids(page: str) -> list[str]:
    """The ids of a lab's headings, in order, from its English source (the slugs the Markdown pages use).

    Both languages use these, so a link to a section and the language switch land on the counterpart
    (as the Markdown pages do with their explicit {#id}); nbconvert's own ids differ per language and
    are empty for Chinese headings."""
    from pymdownx.slugs import slugify

    slug = slugify(case="lower")
    text = source_path(page, "en").read_text(encoding="utf-8")
    taken: set[str] = set()
    ids = []
    for m in _SOURCE_HEADING.finditer(text):
        base = slug(re.sub(r"[*_`]", "", m[2]), "-") or "section"
        new, n = base, 1
        while new in taken:
            n += 1
            new = f"{base}_{n}"
        taken.add(new)
        ids.append(new)
    return ids


def _give_headings_ids(html: str, page) -> str:
    """Give each heading of a lab page the id of its English counterpart and point its contents entry at it
    (mkdocs-jupyter's table of contents points Chinese headings at #_1, #_2 …)."""
    lab = page.file.src_uri.removesuffix(".ipynb")
    ids = english_heading_ids(lab)
    headings = list(_HEADING.finditer(html))
    if len(headings) != len(ids):
        raise PluginError(
            f"notebook {lab} ({page.file.locale}): {len(headings)} headings, the English source has {len(ids)}"
        )
    items = list(_flatten(page.toc))
    if len(items) == len(ids):
        for item, new in zip(items, ids, strict=True):
            item.id = new
    it = iter(ids)
    return _HEADING.sub(
        lambda m: (lambda new: f'<h{m[1]} id="{new}">{m[2]}<a class="anchor-link" href="#{new}">')(next(it)), html
    )


def download_name(page: str, lang: str) -> str:
    return f"{page}.{lang}.ipynb"


def on_page_content(html, page, config, files):
    if not _is_notebook(page):
        return html
    html = _SCRIPT.sub("", _STYLE.sub("", html))
    html = _MARKDOWN_CELL.sub(lambda m: m.group(1) + _math_to_arithmatex(m.group(2)) + m.group(3), html)
    lang, slug = page.file.locale, page.file.src_uri.removesuffix(".ipynb")
    download, note = _LINK_TEXT.get(lang, _LINK_TEXT["en"])
    # No "open in Colab" link: Colab opens .ipynb files from a repository, and the repository keeps only the
    # jupytext sources (outputs are never committed); mkdocs.yml sets no repo_url either.
    link = f'<a class="md-button" href="{download_name(slug, lang)}" download>{download}</a>'
    html = _give_headings_ids(html, page)
    gap = "" if lang == "zh" else " "  # Chinese sets no space between a button and the words after it
    header = f'<p class="handbook-notebook-links">{link}{gap}<small>{note}</small></p>'
    for english, own in _NBCONVERT_STRINGS.get(lang, ()):
        html = html.replace(english, own)
    if "</h1>" in html:  # under the notebook's title, not above it
        return _NOTEBOOK_CSS + html.replace("</h1>", "</h1>" + header, 1)
    return _NOTEBOOK_CSS + header + html


def on_post_page(output, page, config):
    if _is_notebook(page):  # the executed notebook, next to its page, for the download link
        lang, slug = page.file.locale, page.file.src_uri.removesuffix(".ipynb")
        target = Path(page.file.abs_dest_path).parent / download_name(slug, lang)
        write_file(target, executed_path(slug, lang).read_bytes())
    return output


def notebook_json(page: str, lang: str) -> dict:
    """The executed notebook (for tests)."""
    return json.loads(executed_path(page, lang).read_text(encoding="utf-8"))
