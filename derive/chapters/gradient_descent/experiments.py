"""The chapter's experiments: pure functions over derive.numerics and the derivations.

Every descent runs in the one loop of derive.numerics.descent with plain gradient-descent steps; the
gradients are the last steps of the derivations, turned into code by lambdify. Nothing here runs at
import time.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from derive.chapters.gradient_descent import derivations as basics
from derive.chapters.gradient_descent import derivations_quadratic as quad
from derive.chapters.gradient_descent import derivations_x2sinx as bumpy
from derive.chapters.gradient_descent.symbols import a, b, eta, eta_c, g1, g2, h11, h12, h22, n, x, x0, y
from derive.numerics.descent import descend, gradient_descent_step


# ---------------------------------------------------------------- quadratics
@functools.cache
def _quadratic_value():
    return sp.lambdify((x, y, a, b), quad.quadratic, "numpy")


@functools.cache
def _quadratic_gradient():
    return sp.lambdify((x, y, a, b), tuple(quad.quadratic_gradient.final.doit()), "numpy")


def quadratic_value(curvature_x, curvature_y, px, py):
    """a·x² + b·y² at points (arrays broadcast), from the declared quadratic."""
    return _quadratic_value()(px, py, curvature_x, curvature_y)


def quadratic_gradient(curvature_x, curvature_y, px, py):
    """(2ax, 2by), the last step of gd_quadratic_gradient, at points (arrays broadcast)."""
    gx, gy = _quadratic_gradient()(px, py, curvature_x, curvature_y)
    return np.broadcast_to(gx, np.shape(px)), np.broadcast_to(gy, np.shape(py))


def descend_quadratic(curvature_x, curvature_y, start, lr, steps, dtype=np.float64):
    """Gradient descent on curvature_x·x² + curvature_y·y²: the (steps + 1, 2) array of points visited.

    The gradient is the last step of gd_quadratic_gradient, turned into code. dtype=np.float32 repeats
    the arithmetic of PyTorch's default tensors, in which the source post ran its experiment.
    """

    def gradient(p):
        return np.stack(quadratic_gradient(curvature_x, curvature_y, p[..., 0], p[..., 1]), axis=-1)

    path, _ = descend(gradient, start, functools.partial(gradient_descent_step, lr=lr), steps, dtype)
    return path


def closed_form_point(curvature_x, curvature_y, start, lr, steps) -> tuple[float, float]:
    """The same end point from x_n = (1 − 2aη)ⁿ x_0 for each coordinate, in exact rationals."""
    xn = sp.lambdify((a, eta, x0, n), quad.closed_form(), modules="sympy")
    return (
        float(xn(quad.exact(curvature_x), quad.exact(lr), quad.exact(start[0]), steps)),
        float(xn(quad.exact(curvature_y), quad.exact(lr), quad.exact(start[1]), steps)),
    )


@functools.cache
def _first_order_change():
    return sp.lambdify((g1, g2, eta), basics.first_order_change.final, "numpy")


def first_order_prediction(curvature_x, curvature_y, start, rates):
    """The first-order change −η‖∇C‖² of one step from start (the last step of gd_first_order_change)."""
    gx, gy = quadratic_gradient(curvature_x, curvature_y, *start)
    return _first_order_change()(gx, gy, np.asarray(rates))


def one_step_change(curvature_x, curvature_y, start, rates):
    """The true change of the loss after one gradient step, for each rate (a rate of 0 takes no step)."""
    before = quadratic_value(curvature_x, curvature_y, *start)
    ends = [descend_quadratic(curvature_x, curvature_y, start, rate, 1)[-1] if rate > 0 else start for rate in rates]
    return np.array([quadratic_value(curvature_x, curvature_y, *end) - before for end in ends])


def critical_rate(curvature_x, curvature_y, start) -> float:
    """η_c of gd_second_order_change at start: past it one step raises the loss (exact for a quadratic)."""
    px, py = (quad.exact(v) for v in start)
    at = {x: px, y: py, a: quad.exact(curvature_x), b: quad.exact(curvature_y)}
    grad = quad.quadratic_gradient.final.doit().subs(at)
    hessian = sp.hessian(quad.quadratic, (x, y)).subs(at)
    point = {g1: grad[0], g2: grad[1], h11: hessian[0, 0], h12: hessian[0, 1], h22: hessian[1, 1]}
    return float(basics.second_order_change.definitions[eta_c].subs(point))


def gap_to_closed_form(runs, dtype) -> float:
    """The largest relative difference between iterations in dtype and the exact closed form.

    runs: (curvature_x, curvature_y, start, rate, steps) tuples.
    """
    gaps = []
    for cx, cy, start, rate, steps in runs:
        exact = closed_form_point(cx, cy, start, rate, steps)
        end = descend_quadratic(cx, cy, start, rate, steps, dtype)[-1]
        gaps += [abs(float(u) - v) / abs(v) for u, v in zip(end, exact, strict=True)]
    return max(gaps)


# ---------------------------------------------------------------- x² sin x
@functools.cache
def x2sinx_functions():
    """f, f′ and f″ of x² sin x as NumPy functions, from the hypothesis and the two derivations."""
    return (
        sp.lambdify(x, bumpy.bumpy, "numpy"),
        sp.lambdify(x, bumpy.bumpy_derivative.final.doit(), "numpy"),
        sp.lambdify(x, bumpy.bumpy_second_derivative.final.doit(), "numpy"),
    )


def x2sinx_descent(start, lr, steps) -> np.ndarray:
    """Gradient descent on x² sin x with the derivative of gd_x2sinx_derivative: the points visited."""
    slope = x2sinx_functions()[1]
    path, _ = descend(slope, start, functools.partial(gradient_descent_step, lr=lr), steps)
    return path


def critical_point_near(guess, digits=30) -> sp.Float:
    """A root of f′ to 30 digits, by SymPy's nsolve (mpmath's root finder), from guess."""
    return sp.nsolve(bumpy.bumpy_derivative.final.doit(), x, guess, prec=digits)


def x2sinx_at(point, order=0, digits=30) -> float:
    """f, f′ or f″ of x² sin x at an exact point, evaluated to `digits` digits."""
    expr = (bumpy.bumpy, bumpy.bumpy_derivative.final.doit(), bumpy.bumpy_second_derivative.final.doit())[order]
    return float(expr.subs(x, point).evalf(digits))


def steps_to_tolerance(path, target, tolerance) -> int:
    """The first step from which every later iterate stays within tolerance of target."""
    far = np.nonzero(np.abs(path - target) > tolerance)[0]
    return int(far[-1] + 1) if far.size else 0
