"""Sigmoid with cross-entropy or MSE: the derivations, the §1.14 experiment, the page's values and the
answers to its exercises."""

from derive.chapters.sigmoid_cross_entropy import (  # noqa: F401  (registers)
    derivations,
    errata,
    exercises,
    experiments,
    values,
)
