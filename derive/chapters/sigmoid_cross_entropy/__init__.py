from derive.chapters.sigmoid_cross_entropy import derivations  # noqa: F401  (importing registers)
