"""Two themes (the site's light and dark palettes) and the settings that make SVG output deterministic."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

from derive.core.files import write_file  # noqa: E402


@dataclass(frozen=True)
class Theme:
    name: str
    text: str
    grid: str
    lines: tuple[str, ...]  # series colours, distinguishable on this background
    contour: str  # colormap for loss surfaces


LIGHT = Theme("light", "#1f2328", "#d0d7de", ("#0b62c4", "#c2410c", "#15803d", "#7c3aed"), "Blues")
DARK = Theme("dark", "#e6edf3", "#3d444d", ("#58a6ff", "#ffa657", "#56d364", "#d2a8ff"), "Blues_r")
THEMES = (LIGHT, DARK)


@contextlib.contextmanager
def themed(theme: Theme):
    """Matplotlib settings for one theme. Transparent background: the page colour shows through."""
    rc = {
        "svg.hashsalt": "gradient-handbook",  # fixed ids instead of random ones
        "svg.fonttype": "path",  # glyphs as paths: no font needed in the browser, same bytes everywhere
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "mathtext.fontset": "dejavusans",
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.text,
        "xtick.color": theme.text,
        "ytick.color": theme.text,
        "axes.grid": True,
        "grid.color": theme.grid,
        "grid.linewidth": 0.6,
        "axes.prop_cycle": matplotlib.cycler(color=list(theme.lines)),
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "legend.frameon": False,
        "lines.linewidth": 2.0,
    }
    with plt.rc_context(rc):
        yield


def save_svg(fig, path) -> None:
    """Write an SVG whose bytes depend only on the figure (no date, no random ids).

    Written atomically, so a concurrent build never reads half a file.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    write_file(path, buffer.getvalue())
