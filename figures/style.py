"""Two themes (the site's light and dark palettes), the sizes that keep text readable on a phone, and the
settings that make SVG output deterministic."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from derive.core.files import write_file  # noqa: E402

# A phone's content column is about 360 CSS px. A figure about that wide is shown at its natural size
# there (1 pt = 4/3 px), so a glyph of FONT_PT points is FONT_PT * 4/3 px on the phone. Sub- and
# superscripts (x₀, 10⁻⁵) are drawn at 0.7 of it: 13.5 pt keeps them at 12.6 px, above the 12 px floor
# that tests/site/test_figures.py enforces. Never pass a smaller fontsize to a single artist.
FONT_PT = 13.5
WIDTH_IN = 3.6  # the figure's width (260 pt, 346 px): constrained layout keeps every artist inside it


@dataclass(frozen=True)
class Theme:
    name: str
    background: str  # the page behind the figure: Material's --md-default-bg-color in this scheme
    text: str
    grid: str  # decoration only: nothing a reader needs is drawn in this colour
    lines: tuple[str, ...]  # series colours, each at least 3:1 against the background
    contour: str  # colormap for level curves (grey: the paths drawn over them keep the colours) ...
    contour_range: tuple[float, float]  # ... used only in this range, where it keeps 3:1 against the background


LIGHT = Theme(
    "light", "#ffffff", "#1f2328", "#d0d7de", ("#0b62c4", "#c2410c", "#15803d", "#7c3aed"), "Greys", (0.56, 0.85)
)
DARK = Theme(
    "dark", "#1e2129", "#e6edf3", "#3d444d", ("#58a6ff", "#ffa657", "#56d364", "#d2a8ff"), "Greys_r", (0.38, 0.75)
)
THEMES = (LIGHT, DARK)


def contour_colors(theme: Theme, count: int) -> list:
    """`count` colours for level curves, low to high, all readable on the page (the colormap's pale or dark
    end would vanish into it)."""
    cmap = matplotlib.colormaps[theme.contour]
    return [cmap(v) for v in np.linspace(*theme.contour_range, count)]


def legend_below(ax, ncol: int = 1, **kwargs):
    """The axes' legend under the figure: on a phone-sized plot a legend inside would cover the data.
    Constrained layout makes room for it ("outside")."""
    return ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=ncol, **kwargs)


@contextlib.contextmanager
def themed(theme: Theme):
    """Matplotlib settings for one theme. The background is the page's own colour, so an SVG opened on its
    own (a click on the figure) reads as it does on the page."""
    rc = {
        "svg.hashsalt": "gradient-handbook",  # fixed ids instead of random ones
        "svg.fonttype": "path",  # glyphs as paths: no font needed in the browser, same bytes everywhere
        "font.family": "DejaVu Sans",
        "font.size": FONT_PT,
        "axes.titlesize": FONT_PT,
        "axes.labelsize": FONT_PT,
        "xtick.labelsize": FONT_PT,
        "ytick.labelsize": FONT_PT,
        "legend.fontsize": FONT_PT,
        "legend.title_fontsize": FONT_PT,
        "legend.handlelength": 1.6,
        "legend.borderaxespad": 0.3,
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
        "figure.facecolor": theme.background,
        # everything inside the figure's width (labels and legends below included): the width is what a
        # phone shrinks to its column, so nothing may stick out of it
        "figure.constrained_layout.use": True,
        "axes.facecolor": "none",
        "savefig.facecolor": theme.background,
        "legend.frameon": False,
        "lines.linewidth": 2.0,
    }
    with plt.rc_context(rc):
        yield


# Coordinates of paths and markers, in points: matplotlib writes six decimals, two (1/75 px) look the same
# and make the file a third smaller. Glyph scales live in transform attributes and keep their digits.
_COORDINATES = re.compile(rb'(?<= )(d|x|y)="([^"]*)"')
_EXTRA_DECIMALS = re.compile(rb"(\.\d\d)\d+")


def _shorter_coordinates(svg: bytes) -> bytes:
    return _COORDINATES.sub(lambda m: m[1] + b'="' + _EXTRA_DECIMALS.sub(rb"\1", m[2]) + b'"', svg)


def save_svg(fig, path) -> None:
    """Write an SVG whose bytes depend only on the figure (no date, no random ids).

    Written atomically, so a concurrent build never reads half a file.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    write_file(path, _shorter_coordinates(buffer.getvalue()))
