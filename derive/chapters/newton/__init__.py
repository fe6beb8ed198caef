"""Newton's method: derivations (one variable, several variables), the source's loops, experiments, values."""

from derive.chapters.newton import (  # noqa: F401  (importing registers)
    derivations,
    derivations_hessian,
    errata,
    exercises,
    experiments,
    source_code,
    values,
)
