from derive.chapters.newton import derivations  # noqa: F401  (importing registers)
