"""Finding the chapters: every module of every package under derive/chapters registers its content.

No hand-kept catalogue: a new chapter is a new folder, a new part of a chapter a new file in it. A
chapter's `__init__.py` imports nothing, so a module depends only on what it imports itself: the per-item
cache keys a check by its own module's import closure, and an edit to one file of a chapter re-proves
only what reads it. Importing only registers (no experiment runs at import time: values are computed
when a page or a command asks for them).
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded: list[str] = []


def chapter_names() -> list[str]:
    import derive.chapters

    return sorted(m.name for m in pkgutil.iter_modules(derive.chapters.__path__) if m.ispkg)


def load_chapter(name: str) -> None:
    """Import every module of one chapter (in name order, so registration order is the same every run)."""
    package = importlib.import_module(f"derive.chapters.{name}")
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        importlib.import_module(f"derive.chapters.{name}.{module}")


def load_chapters() -> list[str]:
    """Import every chapter once; return their names."""
    if not _loaded:
        names = chapter_names()
        for name in names:
            load_chapter(name)
        _loaded.extend(names)
    return list(_loaded)
