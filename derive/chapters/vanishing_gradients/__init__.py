from derive.chapters.vanishing_gradients import (  # noqa: F401  (importing registers)
    derivations,
    derivations_clipping,
    errata,
    exercises,
    values,
)
