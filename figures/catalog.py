"""Imports every figure module so that each registers its figures."""

from figures import activations  # noqa: F401
