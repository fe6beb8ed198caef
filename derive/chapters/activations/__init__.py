"""Activation functions: the proved derivatives (derivations), the experiments and the page's values."""

from derive.chapters.activations import (  # noqa: F401  (importing registers)
    derivations,
    errata,
    exercises,
    experiments,
    values,
)
