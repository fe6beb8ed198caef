"""Activation functions as the pages teach them: stable NumPy code, one function each.

Their derivatives are proved in derive/chapters/activations; tests tie each function here to the
lambdified proved derivative.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    """Logistic sigmoid 1 / (1 + e^(-x)), stable for every float.

    exp is only ever called on -|x| <= 0, so it cannot overflow: for x >= 0 use 1 / (1 + e^(-x)),
    for x < 0 the algebraically equal e^x / (1 + e^x).
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(under="ignore"):  # e^-|x| going subnormal (|x| > 708) or to 0 is the correct result
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative_np(x):
    """σ′(x) = σ(x)·σ(−x): the same as σ(x)(1 − σ(x)), but 1 − σ(x) is never formed.

    For x = 40, σ(x) rounds to 1.0 and 1 − σ(x) to 0, while σ(−40) keeps the true 4.2e-18.
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(under="ignore"):
        return sigmoid(x) * sigmoid(-x)


def tanh(x):
    """tanh from NumPy: it is already stable (it never forms e^x for large x)."""
    return np.tanh(np.asarray(x, dtype=float))


def relu(x):
    """max(0, x), elementwise."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def relu_derivative_np(x):
    """1 where x > 0, else 0: at exactly 0 the derivative does not exist; 0 is the usual choice."""
    return (np.asarray(x, dtype=float) > 0).astype(float)
