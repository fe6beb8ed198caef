"""Render every registered figure to SVG, once per theme, skipping figures whose inputs did not change.

A figure's key covers its own module, every derive/ or figures/ module that module imports (the
chapter it draws from, the shared style) and the library versions: editing one chapter redraws only
the figures that draw from it. The keys live in the one cache (.cache/figures/), not beside the SVGs:
docs/ is watched by `mkdocs serve`, and a key file rewritten there would set off a needless rebuild.
Each entry holds the digest of the file it describes, so a file in any folder counts as rendered only
when its bytes are the ones drawn under the current key.

    python -m figures.build [OUT_DIR]
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from derive.core.cache import Store, digest, file_hash

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


def build(out_dir: Path = DEFAULT_OUT, force: bool = False, store: Store | None = None) -> list[str]:
    """Render what is missing or stale; return the names of files rendered."""
    from figures.style import THEMES, save_svg, themed

    store = Store("figures") if store is None else store
    registry = load_figures()
    out_dir.mkdir(parents=True, exist_ok=True)
    rendered = []
    for name, draw in sorted(registry.items()):
        key = figure_key(name, draw)
        for theme in THEMES:
            file = f"{name}.{theme.name}.svg"
            drawn = store.get(file, key)
            if not force and drawn is not None and drawn == file_hash(out_dir / file):
                continue
            try:
                with themed(theme):
                    save_svg(draw(theme), out_dir / file)  # leaves an unchanged file untouched
            except Exception as exc:
                raise FigureError(f"figure {name} ({theme.name}): {type(exc).__name__}: {exc}") from exc
            store.put(file, key, file_hash(out_dir / file))
            rendered.append(file)
    return rendered


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    written = build(out)
    print(f"figures: {len(written)} rendered, others up to date, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
