"""Sigmoid with cross-entropy or MSE: the derivations, the §1.14 experiment and the page's values."""

from derive.chapters.sigmoid_cross_entropy import derivations, errata, experiments, values  # noqa: F401  (registers)
