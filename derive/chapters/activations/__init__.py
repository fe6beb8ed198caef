from derive.chapters.activations import derivations  # noqa: F401  (importing registers)
