"""The one cache: results stored on disk per item, under a key that covers everything the item depends on.

A key is a digest of the item's own content and the sources it depends on: the module that defines it,
every derive/ or figures/ module that module imports (found by reading the imports, transitively), and
the library versions. So editing one chapter's derivations re-proves only what that chapter's modules
feed, and editing the checker re-proves everything.

    .cache/<kind>/<name>.json   {"key": ..., "data": ...}
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from pathlib import Path

from derive.core.files import write_file

ROOT = Path(__file__).resolve().parent.parent.parent
CACHE_DIR = ROOT / ".cache"
_PACKAGES = ("derive", "figures")


@functools.lru_cache(maxsize=1)
def library_versions() -> str:
    import matplotlib
    import mpmath
    import numpy
    import sympy

    return (
        f"sympy {sympy.__version__} numpy {numpy.__version__} mpmath {mpmath.__version__} "
        f"matplotlib {matplotlib.__version__}"
    )


def module_path(module: str) -> Path | None:
    """The file of a derive/ or figures/ module, or None for anything else."""
    if module.split(".")[0] not in _PACKAGES:
        return None
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def _imports(path: Path, mtime_ns: int) -> tuple[str, ...]:
    """The project modules a file imports (mtime in the key: a serve rebuild sees edits)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + "." + "__init__"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: -node.level]
                base = ".".join(parent + ([base] if base else []))
            found.append(base)
            found += [f"{base}.{a.name}" for a in node.names]  # `from pkg import module`
    return tuple(m for m in found if module_path(m) is not None)


def _stamp(path: Path) -> tuple[int, int] | None:
    """What says a file changed: its modification time and size (a write within one clock tick still
    changes the size, or the content hash would be stale)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


# module -> (the stamps of the files the answer was read from, the answer). A build asks for the same few
# modules thousands of times (every value's key); re-walking the imports each time was a third of a warm
# build. An answer is reused only while every file it was read from is unchanged.
_dependencies_seen: dict[str, tuple[tuple, list[Path]]] = {}


def dependencies(module: str) -> list[Path]:
    """The files of `module` and of every project module it imports, transitively, sorted."""
    known = _dependencies_seen.get(module)
    if known is not None and all(_stamp(p) == stamp for p, stamp in known[0]):
        return list(known[1])
    seen: dict[Path, None] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        path = module_path(name)
        if path is None or path in seen:
            continue
        seen[path] = None
        # a module's package __init__ runs first, so it is a dependency too
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += list(_imports(path, path.stat().st_mtime_ns))
    found = sorted(seen)
    _dependencies_seen[module] = (tuple((p, _stamp(p)) for p in found), found)
    return list(found)


@functools.lru_cache(maxsize=None)
def _file_hash(path: Path, stamp: tuple[int, int]) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes (None when it does not exist), remembered while the file is unchanged."""
    stamp = _stamp(path)
    return None if stamp is None else _file_hash(path, stamp)


def digest(*parts: str, modules: tuple[str, ...] = ()) -> str:
    """A key over some text and the sources of some modules (with their dependencies)."""
    h = hashlib.sha256(library_versions().encode())
    for part in parts:
        h.update(b"\0" + part.encode())
    files = sorted({p for m in modules for p in dependencies(m)})
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + file_hash(path).encode())
    return h.hexdigest()


def module_of_file(relpath: str) -> str:
    """derive/chapters/newton/derivations.py -> derive.chapters.newton.derivations"""
    return ".".join(Path(relpath).with_suffix("").parts)


class Store:
    """One kind of cached item (checks, values, figures...), one small JSON file per item."""

    def __init__(self, kind: str, root: Path = CACHE_DIR):
        self.dir = root / kind

    def _file(self, name: str) -> Path:
        return self.dir / f"{name}.json"

    def get(self, name: str, key: str):
        """The stored data when its key matches, else None."""
        try:
            stored = json.loads(self._file(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return stored.get("data") if stored.get("key") == key else None

    def put(self, name: str, key: str, data) -> None:
        write_file(self._file(name), json.dumps({"key": key, "data": data}, sort_keys=True))
