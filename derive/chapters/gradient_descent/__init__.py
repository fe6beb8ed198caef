from derive.chapters.gradient_descent import derivations  # noqa: F401  (importing registers)
