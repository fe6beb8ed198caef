"""Experiments of the activation page: pure functions over derive.numerics and the proved derivations.

Nothing runs at import time; values.py calls these when a page asks.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from derive.chapters.activations.derivations import RELU, SIGMOID, tanh_derivative, x
from derive.core.checker import expand_definitions
from derive.core.registry import get_derivation

# The probes the page quotes: where the raw derivative breaks, and where 1 − σ rounds to 0.
NAIVE_PROBE = -800.0
SATURATED_PROBE = 40.0
CHAIN_LAYERS = 30  # the depth of the stack of sigmoids in the vanishing-gradient bound


def proved_derivative(name: str):
    """The last line of a registered derivation, definitions expanded, as a NumPy function of x."""
    d = get_derivation(name)
    return sp.lambdify(x, expand_definitions(d.final, d.definitions), "numpy")


@functools.lru_cache(maxsize=None)
def tanh_derivative_np():
    """tanh′ as the page draws it: the proved 1 − tanh²(x), turned into NumPy code."""
    return sp.lambdify(x, tanh_derivative.final, "numpy")


def sigmoid_prime_exact(at) -> sp.Expr:
    """σ′ at a point, from SymPy's own derivative of the definition (exact, no rounding)."""
    return sp.diff(SIGMOID(x), x).subs(x, at)


def sigmoid_prime_argmax() -> float:
    """Where σ′ peaks: the real root of σ′′, solved by SymPy."""
    second = sp.diff(SIGMOID(x), x, 2)
    (root,) = sp.solve(sp.simplify(second), x)
    return float(root)


def naive_sigmoid_prime(at: float) -> float:
    """lambdify of SymPy's raw derivative e^-x/(1+e^-x)^2: inf/inf = nan once e^-x overflows."""
    naive = sp.lambdify(x, sp.diff(SIGMOID(x), x), "numpy")
    with np.errstate(all="ignore"):
        return naive(np.float64(at))


def saturation_point(dtype) -> float:
    """The smallest x of the given float type at which the computed sigmoid is exactly 1 (bisection)."""
    lo, hi = dtype(0), dtype(100)  # sigmoid(0) < 1 and sigmoid(100) == 1 in both types
    one = dtype(1)
    with np.errstate(under="ignore"):
        while True:
            mid = dtype((lo + hi) / 2)
            if mid in (lo, hi):
                return float(hi)
            if dtype(one / (one + np.exp(-mid))) == one:
                hi = mid
            else:
                lo = mid


def relu_kink() -> float:
    """Where the two pieces of ReLU's definition meet (SymPy solves piece 1 = piece 2)."""
    (left, _), (right, _) = RELU.expr.args
    (root,) = sp.solve(left - right, x)
    return float(root)


def one_sided_relu_slopes() -> tuple[float, float]:
    """ReLU's left and right derivative at 0: limits of the difference quotient from each side.

    A step t of known sign picks the piece of the definition (SymPy's limit of a Piecewise is unreliable).
    """
    below, above = sp.Symbol("t", negative=True), sp.Symbol("t", positive=True)
    left = sp.limit((RELU(below) - RELU(0)) / below, below, 0, "-")
    right = sp.limit((RELU(above) - RELU(0)) / above, above, 0, "+")
    return float(left), float(right)
