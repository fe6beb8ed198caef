from derive.chapters.vanishing_gradients import derivations, derivations_clipping, values  # noqa: F401  (importing registers)
