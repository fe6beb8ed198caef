"""Render every registered figure to SVG, once per theme, skipping figures whose inputs did not change.

A figure's key covers its own module, every derive/ or figures/ module that module imports (the
chapter it draws from, the shared style) and the library versions: editing one chapter redraws only
the figures that draw from it. The key of each rendered file is stored beside it.

    python -m figures.build [OUT_DIR]
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

from derive.core.cache import digest
from derive.core.files import write_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "assets" / "generated" / "figures"
_NOT_FIGURES = {"build", "level_curves", "registry", "style"}  # helpers: they register no figure


class FigureError(Exception):
    """A figure function failed; the message names the figure."""


def load_figures() -> dict:
    """Import every figure module (one per chapter) and return the registry: name -> draw(theme)."""
    import figures
    from figures.registry import FIGURES

    for module in pkgutil.iter_modules(figures.__path__):
        if module.name not in _NOT_FIGURES:
            importlib.import_module(f"figures.{module.name}")
    return FIGURES


def figure_key(name: str, draw) -> str:
    return digest(name, modules=(draw.__module__, "figures.style"))  # the style draws every figure


def build(out_dir: Path = DEFAULT_OUT, force: bool = False) -> list[str]:
    """Render what is missing or stale; return the names of files written."""
    from figures.style import THEMES, save_svg, themed

    registry = load_figures()
    out_dir.mkdir(parents=True, exist_ok=True)
    keys_file = out_dir / ".keys.json"  # a dotfile: MkDocs leaves it out of the site
    keys = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    written = []
    for name, draw in sorted(registry.items()):
        key = figure_key(name, draw)
        for theme in THEMES:
            file = f"{name}.{theme.name}.svg"
            if not force and keys.get(file) == key and (out_dir / file).exists():
                continue
            try:
                with themed(theme):
                    save_svg(draw(theme), out_dir / file)
            except Exception as exc:
                raise FigureError(f"figure {name} ({theme.name}): {type(exc).__name__}: {exc}") from exc
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
