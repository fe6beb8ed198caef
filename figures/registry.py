"""The figure registry: name -> function(theme) -> matplotlib Figure, and each figure's alt text.

The figures carry no words (symbols only), so one drawing serves both languages; the words a reader of a
screen reader needs live here, one text per language, saying what is plotted against what and the shape
to notice. The page's caption says what the figure means: the alt text does not repeat it.
"""

from __future__ import annotations

import inspect
from typing import Callable

FIGURES: dict[str, Callable] = {}
ALT_TEXT: dict[str, dict[str, str]] = {}  # name -> {"en": ..., "zh": ...}


def figure(name: str, *, alt_en: str, alt_zh: str):
    def register(fn):
        if name in FIGURES:
            raise ValueError(f"figure {name!r} registered twice")
        FIGURES[name] = fn
        ALT_TEXT[name] = {"en": alt_en.strip(), "zh": alt_zh.strip()}
        return fn

    return register


def alt_text(name: str, lang: str) -> str:
    return ALT_TEXT[name][lang]


def source_of(name: str) -> str:
    return inspect.getsource(FIGURES[name])
