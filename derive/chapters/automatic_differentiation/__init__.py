"""Automatic differentiation: the engine's local derivatives proved, the source's examples reproduced, and
the answers to the page's exercises."""

from derive.chapters.automatic_differentiation import (  # noqa: F401  (importing registers)
    derivations,
    derivations_softmax_mse,
    errata,
    exercises,
    values,
)
