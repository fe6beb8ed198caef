"""Finding the chapters: every package under derive/chapters registers its content when imported.

No hand-kept catalogue: a new chapter is a new folder. Importing a chapter only registers (no
experiment runs at import time: values are computed when a page or a command asks for them).
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded: list[str] = []


def chapter_names() -> list[str]:
    import derive.chapters

    return sorted(m.name for m in pkgutil.iter_modules(derive.chapters.__path__) if m.ispkg)


def load_chapters() -> list[str]:
    """Import every chapter package once; return their names."""
    if not _loaded:
        names = chapter_names()
        for name in names:
            importlib.import_module(f"derive.chapters.{name}")
        _loaded.extend(names)
    return list(_loaded)
