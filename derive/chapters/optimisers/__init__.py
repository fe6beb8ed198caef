"""Momentum, Adagrad, RMSprop and Adam, derived and raced on the Himmelblau function (seed 000 §1.10–1.11,
seed 003 §4), with the data of the page's learning-rate explorer."""

from derive.chapters.optimisers import (
    derivations_adaptive,  # noqa: F401
    derivations_himmelblau,  # noqa: F401
    derivations_momentum,  # noqa: F401  (importing registers)
    errata,  # noqa: F401
    exercises,  # noqa: F401
    hypotheses,  # noqa: F401
    values,  # noqa: F401
)
