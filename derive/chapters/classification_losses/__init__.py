from derive.chapters.classification_losses import derivations  # noqa: F401  (importing registers)
