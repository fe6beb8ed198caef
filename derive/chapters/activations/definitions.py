"""What the activation functions are, as SymPy: the one definition of σ and ReLU that every chapter uses.

Kept apart from the derivations so a chapter that only needs σ's definition (the losses, back-propagation)
does not depend on how its derivative is proved: editing a derivation here re-proves this chapter only.
"""

from __future__ import annotations

import sympy as sp

x = sp.Symbol("x", real=True)

# Display names. Pages show sigma(x) and ReLU(x); the checker expands them into what they mean.
sigma = sp.Function("sigma")
relu_fn = sp.Function("ReLU")
SIGMOID = sp.Lambda(x, 1 / (1 + sp.exp(-x)))
RELU = sp.Lambda(x, sp.Piecewise((0, x <= 0), (x, True)))
DEFINITIONS = {sigma: SIGMOID, relu_fn: RELU}
