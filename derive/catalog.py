"""Imports every topic module, so that each registers its derivations and values."""

from derive import activations, classification, gradient_descent, newton, sigmoid_pairing  # noqa: F401
