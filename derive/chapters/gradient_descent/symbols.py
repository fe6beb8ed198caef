"""The chapter's notation: the symbols every module of the chapter shares.

Display symbols (a name the page prints, such as ‖∇C‖) get their meaning from the `definitions` of the
derivation or fact that uses them, never from here.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.precedence import PRECEDENCE


class Grouped(sp.Symbol):
    """A display name that reads as a product (∇C · Δw): bracketed when raised to a power."""

    precedence = PRECEDENCE["Mul"]


x, y = sp.symbols("x y", real=True)
eta = sp.Symbol("eta", positive=True)  # the learning rate
eta_real = sp.Symbol("eta", real=True)  # the same rate, any real number: for solving where a regime holds
a, b = sp.symbols("a b", positive=True)  # the curvatures of f = a x² + b y²

# Two parameters are enough for the algebra of §2; nothing in it depends on the dimension.
g1, g2 = sp.symbols("g_1 g_2", real=True)  # the components of the gradient ∇C at the current point
dw1, dw2 = sp.symbols(r"\Delta{w}_1 \Delta{w}_2", real=True)  # the components of the step Δw
h11, h12, h22 = sp.symbols("H_11 H_12 H_22", real=True)  # the Hessian of C (second derivatives)
eta_c = sp.Symbol(r"\eta_c", positive=True)  # the rate past which one step raises the loss
r = sp.Symbol("r", positive=True)  # the length of a step

# Vector names for the page: each is defined through the components above wherever it is used.
grad_C = sp.Symbol(r"\nabla C")
step_w = sp.Symbol(r"\Delta w")
grad_dot_step = Grouped(r"\nabla C \cdot \Delta w", real=True)
norm_grad = sp.Symbol(r"\|\nabla C\|", nonnegative=True)
norm_step = sp.Symbol(r"\|\Delta w\|", nonnegative=True)

# §3: contour lines
fx, fy = sp.symbols("f_x f_y", real=True)  # ∂f/∂x and ∂f/∂y at a point of the level curve
slope = sp.Symbol("y'", real=True)  # dy/dx along the level curve
c = sp.Symbol("c", positive=True)  # the level of the curve of 5x² + y²
t = sp.Symbol("t")  # the tangent vector (−f_y, f_x)

# §4: the quadratic
z, f = sp.symbols("z f", real=True)  # the saddle's height, the quadratic's value
n = sp.Symbol("n", integer=True, nonnegative=True)
x0 = sp.Symbol("x_0", real=True)

# §6: one dimension
fp, fpp, h = sp.symbols("f' f'' h", real=True)  # f′(x), f″(x) at the current point, and the step
eta_best = sp.Symbol(r"\eta^*", positive=True)
