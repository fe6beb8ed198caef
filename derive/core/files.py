"""Writing generated files: atomically, and not at all when the bytes would not change."""

from __future__ import annotations

import os
from pathlib import Path


def write_file(path, data: bytes | str) -> bool:
    """Write data to path unless it already holds exactly that; return whether it wrote.

    Atomic (a temporary file renamed into place), so a concurrent build never reads half a file; and an
    unchanged file is left untouched, because `mkdocs serve` watches docs/ and would rebuild forever.
    """
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True
