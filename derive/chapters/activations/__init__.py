"""Activation functions: the proved derivatives (derivations), the experiments and the page's values."""

from derive.chapters.activations import derivations, errata, experiments, values  # noqa: F401  (importing registers)
