"""The one hook file MkDocs loads: it hands every event to the handbook's hook modules, reloaded when edited.

MkDocs imports a hook file once per process (`mkdocs serve` keeps it, and every module it imported, for
all rebuilds), so edits to derive/, figures/ or the glue would not be seen by the next rebuild. This file
therefore holds no logic of its own: at the start of each build (not the per-language builds static-i18n
runs inside it) it compares the project's sources with those of the last build and, if any changed,
forgets every project module; each event then calls the current module's handler, imported afresh.

The handlers run in the order of IMPLEMENTATIONS (the notebooks before the pages: a notebook page must be
prepared before the page hooks expand its references), each with the priority its module gives it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPLEMENTATIONS = ("mkdocs_handbook.notebooks", "mkdocs_handbook.pages")
PACKAGES = ("derive", "figures", "mkdocs_handbook")
SOURCES = (*PACKAGES, "notebooks")  # what a rebuild must see afresh (mkdocs.yml watches the same folders)
# Events whose first argument is the object the handler may replace (MkDocs' own rule: None keeps it).
EVENTS = (
    "on_config",
    "on_pre_build",
    "on_files",
    "on_nav",
    "on_env",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_post_template",
    "on_post_build",
    "on_build_error",
    "on_shutdown",
)

_last: dict = {}


def fingerprint(root: Path = ROOT) -> tuple:
    """Every source file of the project's code, with its size and modification time."""
    entries = []
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                stat = path.stat()
                entries.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def forget_project_modules() -> list[str]:
    """Drop derive, figures and the glue from sys.modules, so the next import reads them from disk."""
    gone = [n for n in sys.modules if n.split(".")[0] in PACKAGES]
    for name in gone:
        del sys.modules[name]
    importlib.invalidate_caches()
    return gone


def refresh(root: Path = ROOT) -> bool:
    """Forget the project's modules if a source changed since the last call; True when it did."""
    now = fingerprint(root)
    changed = "sources" in _last and _last["sources"] != now
    if changed:
        forget_project_modules()
    _last["sources"] = now
    return changed


def on_startup(command: str, dirty: bool) -> None:
    """While serving, Python must not write bytecode: a .pyc written under a watched folder (derive/ is
    one) when a rebuild imports an edited module is itself a change, and MkDocs would build once more and
    hold every request until that needless build is done."""
    if command == "serve":
        sys.dont_write_bytecode = True


def _inside_i18n_build(config) -> bool:
    i18n = config["plugins"].get("i18n")
    return bool(getattr(i18n, "building", False))


def _handlers(event: str) -> list:
    found = []
    for name in IMPLEMENTATIONS:
        handler = getattr(importlib.import_module(name), event, None)
        if handler is not None:
            found.append(handler)
    return found


def _priority(event: str) -> float:
    priorities = {getattr(h, "mkdocs_priority", 0) for h in _handlers(event)}
    if len(priorities) > 1:
        raise RuntimeError(f"{event}: the hook modules give it different priorities {sorted(priorities)}")
    return priorities.pop() if priorities else 0


def _dispatcher(event: str):
    def dispatch(*args, **kwargs):
        if event == "on_config" and not _inside_i18n_build(args[0] if args else kwargs["config"]):
            refresh()
        result = args[0] if args else None
        for handler in _handlers(event):
            returned = handler(*args, **kwargs)
            if returned is not None and args:
                result = returned
                args = (returned, *args[1:])
        return result

    dispatch.__name__ = event
    dispatch.mkdocs_priority = _priority(event)
    return dispatch


for _event in EVENTS:
    if _event == "on_config" or _handlers(_event):  # on_config always: it is where a rebuild refreshes
        globals()[_event] = _dispatcher(_event)
