"""Build-time KaTeX rendering for the MkDocs site.

Maths written as ``$...$`` / ``$$...$$`` is turned by ``pymdownx.arithmatex``
(``generic: true``) into::

    <span class="arithmatex">\\(a &lt; b\\)</span>
    <div class="arithmatex">\\[
    \\frac{a}{b}
    \\]</div>

:func:`render_math_in_html` replaces the TeX inside those wrappers by KaTeX's
HTML (plus MathML), rendered by one persistent Node process running
``katex_render.mjs``.  Results are cached on disk, keyed by a hash of the
formula, so a warm build does not start Node at all.  The browser then needs
only ``katex.min.css`` and the woff2 fonts (:func:`copy_katex_assets`): no
JavaScript, no CDN.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from derive.core.files import write_file

__all__ = [
    "KatexError",
    "KatexRenderer",
    "REPO_ROOT",
    "copy_katex_assets",
    "default_cache_path",
    "katex_assets_dir",
    "katex_version",
    "render_math_in_html",
]

log = logging.getLogger(__name__)

#: The repository root (the directory holding package.json and node_modules/).
REPO_ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(__file__).resolve().with_name("katex_render.mjs")
_NPM_HINT = f"run `npm ci` in {REPO_ROOT}"


class KatexError(Exception):
    """A formula KaTeX rejects, or a missing/broken Node or KaTeX install.

    ``str(error)`` is always a single line.  For formula errors, ``tex``,
    ``display`` and ``katex_message`` describe the first failing formula and
    ``errors`` lists every failure of the batch as ``(tex, display, message)``.
    """

    def __init__(
        self,
        message: str,
        *,
        tex: str | None = None,
        display: bool | None = None,
        katex_message: str | None = None,
        errors: Sequence[tuple[str, bool, str]] = (),
    ) -> None:
        super().__init__(_one_line(message, limit=None))
        self.tex = tex
        self.display = display
        self.katex_message = katex_message
        self.errors = list(errors)


def _one_line(text: str, limit: int | None = 300) -> str:
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _formula_error(errors: list[tuple[str, bool, str]]) -> KatexError:
    tex, display, message = errors[0]
    delim = ("$$", "$$") if display else ("$", "$")
    text = f"KaTeX cannot render {delim[0]}{_one_line(tex)}{delim[1]}: {_one_line(message, 500)}"
    if len(errors) > 1:
        text += f" (and {len(errors) - 1} more invalid formula{'s' if len(errors) > 2 else ''})"
    return KatexError(text, tex=tex, display=display, katex_message=message, errors=errors)


# --------------------------------------------------------------------------
# The installed KaTeX package
# --------------------------------------------------------------------------


def _katex_package_dir() -> Path:
    return REPO_ROOT / "node_modules" / "katex"


def katex_version() -> str:
    """The installed KaTeX version, from ``node_modules/katex/package.json``."""
    package_json = _katex_package_dir() / "package.json"
    try:
        return str(json.loads(package_json.read_text(encoding="utf-8"))["version"])
    except FileNotFoundError:
        raise KatexError(f"KaTeX is not installed ({package_json} is missing): {_NPM_HINT}") from None
    except (OSError, ValueError, KeyError) as exc:
        raise KatexError(f"cannot read the KaTeX version from {package_json} ({exc}): {_NPM_HINT}") from None


def katex_assets_dir() -> Path:
    """``node_modules/katex/dist``: katex.min.css and fonts/."""
    dist = _katex_package_dir() / "dist"
    if not (dist / "katex.min.css").is_file():
        raise KatexError(f"KaTeX is not installed ({dist / 'katex.min.css'} is missing): {_NPM_HINT}")
    return dist


def default_cache_path() -> Path:
    """``REPO_ROOT/.cache/katex-<version>.json`` (the directory is git-ignored)."""
    return REPO_ROOT / ".cache" / f"katex-{katex_version()}.json"


# --------------------------------------------------------------------------
# Renderer
# --------------------------------------------------------------------------


class KatexRenderer:
    """Renders TeX with one persistent ``node katex_render.mjs`` process.

    Node is started on the first cache miss only.  The optional JSON cache at
    ``cache_path`` maps ``sha256(fingerprint, display, tex)`` to HTML, where
    the fingerprint covers the KaTeX version and the render script (and so
    its KaTeX options): entries from another KaTeX/options are never reused.
    The cache is written (atomically, keys sorted) by :meth:`save` and
    :meth:`close`.  Usable as a context manager.
    """

    def __init__(self, cache_path: str | os.PathLike[str] | None = None, *, node: str = "node") -> None:
        self.cache_path = Path(cache_path) if cache_path is not None else None
        self.node = node
        #: The Node subprocess, or None while it has not been needed.
        self.process: subprocess.Popen[str] | None = None
        self._stderr: tempfile._TemporaryFileWrapper[bytes] | None = None  # type: ignore[name-defined]
        self._fingerprint = hashlib.sha256(
            b"katex " + katex_version().encode() + b"\0" + _SCRIPT.read_bytes()
        ).hexdigest()
        self._cache: dict[str, str] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._load()

    # -- public API --------------------------------------------------------

    def render(self, tex: str, display: bool = False) -> str:
        """KaTeX HTML for one formula; raises :class:`KatexError` if invalid."""
        return self.render_many([(tex, display)])[0]

    def render_many(self, items: Iterable[tuple[str, bool]]) -> list[str]:
        """KaTeX HTML for each ``(tex, display)``, in order.

        All cache misses are sent to Node in one batch.  If any formula is
        invalid, raises :class:`KatexError` for the first one (after the whole
        batch was processed, so valid formulas are still cached).
        """
        items = [(str(tex), bool(display)) for tex, display in items]
        keys = [self._key(tex, display) for tex, display in items]
        missing: dict[str, tuple[str, bool]] = {}
        for key, item in zip(keys, items, strict=True):
            if key not in self._cache and key not in missing:
                missing[key] = item
        if missing:
            errors: list[tuple[str, bool, str]] = []
            answers = self._ask(list(missing.values()))
            for (key, (tex, display)), answer in zip(missing.items(), answers, strict=True):
                if isinstance(answer.get("html"), str):
                    self._cache[key] = answer["html"]
                    self._dirty = True
                else:
                    errors.append((tex, display, str(answer.get("error", answer))))
            if errors:
                raise _formula_error(errors)
        self._used.update(keys)
        return [self._cache[key] for key in keys]

    def save(self, *, prune: bool = False) -> None:
        """Write the cache file if anything changed.

        With ``prune=True``, keep only the formulas rendered (or served from
        the cache) by this renderer, e.g. after a full build.
        """
        if self.cache_path is None:
            return
        if prune and set(self._cache) != self._used:
            self._cache = {k: v for k, v in self._cache.items() if k in self._used}
            self._dirty = True
        if not self._dirty:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.cache_path.name + ".", suffix=".tmp", dir=self.cache_path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                json.dump(self._cache, fh, sort_keys=True, ensure_ascii=False, indent=0)
                fh.write("\n")
            os.chmod(tmp, 0o644)  # mkstemp creates 0600
            os.replace(tmp, self.cache_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False

    def close(self) -> None:
        """Save the cache and stop Node (idempotent)."""
        try:
            self.save()
        finally:
            self._stop()

    def __enter__(self) -> KatexRenderer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------

    def _key(self, tex: str, display: bool) -> str:
        data = f"{self._fingerprint}\0{'display' if display else 'inline'}\0{tex}"
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def _load(self) -> None:
        if self.cache_path is None or not self.cache_path.exists():
            return
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
                raise ValueError("not a JSON object of strings")
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable KaTeX cache %s: %s", self.cache_path, exc)
            return
        self._cache = data

    def _start(self) -> subprocess.Popen[str]:
        if self.process is not None and self.process.poll() is None:
            return self.process
        self._stop()
        node = shutil.which(self.node)
        if node is None:
            raise KatexError(f"Node.js (`{self.node}`) is not on PATH: install Node.js 20+, then {_NPM_HINT}")
        katex_assets_dir()  # clean error if node_modules/katex is missing
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [node, str(_SCRIPT), str(REPO_ROOT)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            encoding="utf-8",
            errors="strict",
        )
        return self.process

    def _stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None:
            try:
                if proc.stdin:
                    proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1] if lines else ""

    def _ask(self, requests: list[tuple[str, bool]]) -> list[dict[str, object]]:
        """Send all requests, read one answer per request (in order)."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        payload = "".join(json.dumps({"tex": tex, "display": display}) + "\n" for tex, display in requests)
        write_error: list[BaseException] = []

        def write() -> None:
            # A separate writer thread: Node answers while we are still
            # writing, and both pipes would otherwise fill up and deadlock.
            try:
                proc.stdin.write(payload)
                proc.stdin.flush()
            except BaseException as exc:  # noqa: BLE001 - reported below
                write_error.append(exc)

        writer = threading.Thread(target=write, name="katex-writer", daemon=True)
        writer.start()
        answers: list[dict[str, object]] = []
        try:
            for _ in requests:
                line = proc.stdout.readline()
                if not line:
                    break
                answers.append(json.loads(line))
        except ValueError as exc:
            self._stop()
            raise KatexError(f"bad answer from the KaTeX Node process: {exc}") from None
        writer.join()
        if len(answers) != len(requests):
            # Node closed its stdout early: it crashed or could not load KaTeX.
            try:
                code = proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                code = None
            detail = self._stderr_tail() or (str(write_error[0]) if write_error else "no output")
            self._stop()
            raise KatexError(f"the KaTeX Node process stopped (exit code {code}): {detail}; {_NPM_HINT}")
        return answers


# --------------------------------------------------------------------------
# HTML post-processing
# --------------------------------------------------------------------------

# arithmatex generic output: <span class="arithmatex">\(…\)</span> (inline) and
# <div class="arithmatex">\[…\]</div> (display; the fence format may add an
# id, more classes and attributes).  The TeX is HTML-escaped (&amp; &lt; &gt;).
_ARITHMATEX_RE = re.compile(
    r'(?P<open><(?P<tag>span|div)\b[^>]*?\bclass="arithmatex(?:\s[^"]*)?"[^>]*>)'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"(?P<close></(?P=tag)>)",
    re.DOTALL,
)


def render_math_in_html(html: str, renderer: KatexRenderer) -> str:
    """Replace arithmatex (``generic: true``) formulas in ``html`` by KaTeX HTML.

    The wrapper element is kept; only its ``\\(…\\)`` / ``\\[…\\]`` text is
    replaced.  All formulas of the page are rendered in one batch.
    """
    matches = list(_ARITHMATEX_RE.finditer(html))
    if not matches:
        return html
    items = []
    for m in matches:
        display = m.group("display") is not None
        tex = html_lib.unescape(m.group("display") if display else m.group("inline"))
        items.append((tex.strip(), display))
    rendered = renderer.render_many(items)
    out: list[str] = []
    pos = 0
    for m, katex_html in zip(matches, rendered, strict=True):
        out.append(html[pos : m.start()])
        out.append(m.group("open") + katex_html + m.group("close"))
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


# --------------------------------------------------------------------------
# Browser assets
# --------------------------------------------------------------------------

_FONT_SRC_RE = re.compile(r"(?<![-\w])src\s*:\s*(?P<value>[^;}]*)")
_WOFF2_RE = re.compile(r"""url\(\s*["']?[^"')]+?\.woff2["']?\s*\)\s*format\(\s*["']?woff2["']?\s*\)""")
_URL_RE = re.compile(r"""url\(\s*["']?(?P<url>[^"')]+?)["']?\s*\)""")


def _woff2_only_css(css: str) -> str:
    """Keep only the woff2 sources of every ``@font-face`` ``src``."""

    def keep_woff2(m: re.Match[str]) -> str:
        woff2 = _WOFF2_RE.findall(m.group("value"))
        if not woff2:
            raise KatexError(f"unexpected katex.min.css: no woff2 font in `{_one_line(m.group(0))}`")
        return "src:" + ",".join(woff2)

    return _FONT_SRC_RE.sub(keep_woff2, css)


def copy_katex_assets(dest_dir: str | os.PathLike[str]) -> Path:
    """Copy ``katex.min.css`` (woff2-only) and its fonts into ``dest_dir``.

    Every ``url(...)`` of the written CSS names a file copied next to it
    (``fonts/*.woff2``).  Returns the path of the written CSS.
    """
    src_dir = katex_assets_dir()
    dest = Path(dest_dir)
    css = _woff2_only_css((src_dir / "katex.min.css").read_text(encoding="utf-8"))
    urls = sorted({m.group("url") for m in _URL_RE.finditer(css)})
    for url in urls:
        if "://" in url or url.startswith(("/", "data:")) or ".." in Path(url).parts:
            raise KatexError(f"unexpected url({url}) in katex.min.css")
        if not (src_dir / url).is_file():
            raise KatexError(f"katex.min.css references {url}, missing from {src_dir}: {_NPM_HINT}")
    for url in urls:
        write_file(dest / url, (src_dir / url).read_bytes())
    css_path = dest / "katex.min.css"
    write_file(css_path, css)
    return css_path
