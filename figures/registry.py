"""The figure registry: name -> function(theme) -> matplotlib Figure."""

from __future__ import annotations

import inspect
from typing import Callable

FIGURES: dict[str, Callable] = {}


def figure(name: str):
    def register(fn):
        if name in FIGURES:
            raise ValueError(f"figure {name!r} registered twice")
        FIGURES[name] = fn
        return fn

    return register


def source_of(name: str) -> str:
    return inspect.getsource(FIGURES[name])
