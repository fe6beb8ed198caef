"""Render every registered figure to SVG, once per theme, skipping figures whose inputs did not change.

A figure's inputs are the source of figures/ and derive/ and the matplotlib version: a change to any of
them re-renders (figures draw derive's numbers, so a change there may change a figure). The key of each
rendered file is stored beside it; an unchanged key means the file on disk is already right.

    python -m figures.build [OUT_DIR]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import matplotlib

from derive.files import write_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "assets" / "generated" / "figures"


def inputs_key() -> str:
    h = hashlib.sha256(matplotlib.__version__.encode())
    for folder in ("derive", "figures"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def build(out_dir: Path = DEFAULT_OUT, force: bool = False) -> list[str]:
    """Render what is missing or stale; return the names of files written."""
    import figures.catalog  # noqa: F401  (importing registers every figure)
    from figures.registry import FIGURES as registry
    from figures.style import THEMES, save_svg, themed

    out_dir.mkdir(parents=True, exist_ok=True)
    keys_file = out_dir / ".keys.json"  # a dotfile: MkDocs leaves it out of the site
    keys = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    key = inputs_key()
    written = []
    for name, draw in sorted(registry.items()):
        for theme in THEMES:
            file = f"{name}.{theme.name}.svg"
            if not force and keys.get(file) == key and (out_dir / file).exists():
                continue
            with themed(theme):
                save_svg(draw(theme), out_dir / file)
            keys[file] = key
            written.append(file)
    write_file(keys_file, json.dumps(keys, indent=1, sort_keys=True) + "\n")
    return written


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    written = build(out)
    print(f"figures: {len(written)} rendered, others up to date, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
