"""Gradient checking by central differences: the one finite-difference helper of the project.

central_difference: the numerical gradient of a scalar function of a float64 array.
relative_error, max_relative_error, max_abs_difference: how far an analytic gradient is from a numerical one.
finite_difference_error_curve: the error of the central difference against an exact derivative, per step ε.
optimal_central_eps: the step that balances truncation against rounding, about cbrt(machine epsilon).

The central difference (f(x + ε) − f(x − ε)) / 2ε has truncation error f'''(x) ε² / 6 and, because f is
rounded to about u·|f| (u = machine epsilon), a rounding error of about u·|f| / ε.  Small ε is not better.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def _as_float_array(x, name: str) -> np.ndarray:
    try:
        arr = np.array(x, dtype=np.float64)  # always a copy: the caller's array is never touched
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def _check_eps(eps) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating, np.integer)):
        raise TypeError(f"eps must be a real number, got {type(eps).__name__}")
    eps = float(eps)
    if not (math.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive finite number, got {eps}")
    return eps


def _scalar_value(f, x) -> float:
    value = np.asarray(f(x))
    if value.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {value.shape}")
    return float(value.reshape(()))


def central_difference(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Numerical gradient of the scalar function f at x by central differences, one coordinate at a time."""
    if not callable(f):
        raise TypeError("f must be callable")
    eps = _check_eps(eps)
    work = _as_float_array(x, "x")  # f sees this private copy, so x itself cannot change
    grad = np.zeros_like(work)
    flat, out = work.reshape(-1), grad.reshape(-1)  # views into work and grad
    for i in range(flat.size):
        original = flat[i]
        try:
            flat[i] = original + eps
            upper, f_plus = flat[i], _scalar_value(f, work)
            flat[i] = original - eps
            lower, f_minus = flat[i], _scalar_value(f, work)
        finally:
            flat[i] = original  # restored even if f raises, so the next coordinate starts from x
        # Divide by the step actually taken: original ± eps is rounded, and (upper - lower) is that
        # rounded step, not 2·eps (the Numerical Recipes trick; it matters when |x| >> eps).
        out[i] = (f_plus - f_minus) / (upper - lower)
    return grad


def relative_error(analytic, numeric) -> np.ndarray:
    """Elementwise |a − n| / max(|a|, |n|) as in CS231n, defined as 0 where both are 0."""
    a, n = _as_float_array(analytic, "analytic"), _as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(f"analytic with shape {a.shape} and numeric with shape {n.shape} differ in shape")
    scale = np.maximum(np.abs(a), np.abs(n))
    diff = np.abs(a - n)
    # where both are 0 the difference is 0 too; dividing by 1 there gives the defined value 0
    return diff / np.where(scale == 0, 1.0, scale)


def max_relative_error(analytic, numeric) -> float:
    """The largest elementwise relative error between two gradients (0 for empty arrays)."""
    err = relative_error(analytic, numeric)
    return float(err.max()) if err.size else 0.0


def max_abs_difference(analytic, numeric) -> float:
    """The largest elementwise |a − n| between two gradients: what the source post printed."""
    a, n = _as_float_array(analytic, "analytic"), _as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(f"analytic with shape {a.shape} and numeric with shape {n.shape} differ in shape")
    return float(np.abs(a - n).max()) if a.size else 0.0


def finite_difference_error_curve(f: Callable[[float], float], dfdx: Callable[[float], float], x: float, eps_values):
    """|central difference − exact derivative| of a scalar f at the point x, for each step in eps_values."""
    if not (callable(f) and callable(dfdx)):
        raise TypeError("f and dfdx must be callable")
    point = _as_float_array(x, "x")
    if point.size != 1:
        raise ValueError(f"x must be a single point, got shape {point.shape}")
    steps = _as_float_array(eps_values, "eps_values").reshape(-1)
    if steps.size == 0 or np.any(steps <= 0):
        raise ValueError("eps_values must be a non-empty list of positive steps")
    exact = float(dfdx(float(point.reshape(()))))

    def f_of_array(v):
        return f(float(v.reshape(())))

    return np.array([abs(float(central_difference(f_of_array, point, e).reshape(())) - exact) for e in steps])


def optimal_central_eps() -> float:
    """The step ε ≈ cbrt(machine epsilon) ≈ 6e-6 that minimises the central difference's total error."""
    # error(ε) ≈ |f'''| ε² / 6 + u |f| / ε.  Setting the derivative 2|f'''| ε / 6 − u|f| / ε² to zero gives
    # ε* = (3 u |f| / |f'''|)^(1/3).  For f and f''' of similar size (the scale-free case) that is
    # u^(1/3) up to a factor 3^(1/3) ≈ 1.4, and the smallest error is then about u^(2/3) ≈ 4e-11 (relative).
    return float(np.cbrt(np.finfo(np.float64).eps))
