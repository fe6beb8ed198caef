"""Imports every figure module so that each registers its figures."""

from figures import activations, classification, gradient_descent, newton  # noqa: F401
