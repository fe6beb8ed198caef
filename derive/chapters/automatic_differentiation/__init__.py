"""Automatic differentiation: the engine's local derivatives proved, the source's examples reproduced."""

from derive.chapters.automatic_differentiation import derivations, derivations_softmax_mse, errata, values  # noqa: F401
