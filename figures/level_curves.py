"""Level curves of a quadratic form, drawn exactly instead of traced on a grid.

f(x, y) = a x² + b y² grows like the squared distance along every ray from the origin, so the point of the
level c in the direction u is u · sqrt(c / f(u)). A few hundred points per figure then draw smooth
ellipses, where a contour traced on a grid needs a fine grid for the narrow ones (and a heavy file).
"""

from __future__ import annotations

import numpy as np

from figures.style import contour_colors

POINTS = 145  # per curve: a 144-gon is round at any size a page shows


def draw_quadratic_levels(ax, theme, value, levels, linewidth=0.9):
    """value(x, y) is the quadratic form (derive's function); one closed curve per level, low to high."""
    angles = np.linspace(0, 2 * np.pi, POINTS)
    ux, uy = np.cos(angles), np.sin(angles)
    on_unit_circle = value(ux, uy)
    for level, colour in zip(levels, contour_colors(theme, len(levels)), strict=True):
        scale = np.sqrt(level / on_unit_circle)
        ax.plot(scale * ux, scale * uy, color=colour, linewidth=linewidth)
