"""The one descent loop: every optimiser on the site is a *step* handed to `descend`.

A step is a plain function `step(params, grad, state) -> (params, state)`. The state is a dict that the
step owns: `descend` starts it as `{}` (no step taken yet) and passes back whatever the step returned, so
plain gradient descent (no state) and Adam (two running averages and a step count) run in the same loop.
Hyperparameters are bound with `functools.partial`, e.g. `partial(gradient_descent_step, lr=0.001)`.

Precision is part of the experiment: the seeds' runs are float32 (PyTorch's default), and float32 stalls
where float64 does not. So the loop never casts silently: the iterate is created in `dtype`, and a
gradient or a step that hands back another dtype (a stray float64 constant, say) is an error, because it
would mean the run was computed in a precision other than the one it claims.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

Step = Callable[[np.ndarray, np.ndarray, dict], tuple[np.ndarray, dict]]


def _positive_count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _same_kind(array, like: np.ndarray, what: str) -> np.ndarray:
    array = np.asarray(array)
    if array.dtype != like.dtype or array.shape != like.shape:
        raise TypeError(
            f"{what} returned {array.dtype}{list(array.shape)} for a {like.dtype}{list(like.shape)} iterate: "
            "it must keep the iterate's dtype and shape"
        )
    return array


def descend(
    gradient: Callable[[np.ndarray], np.ndarray],
    x0,
    step: Step,
    steps: int,
    dtype=np.float64,
    stop: Callable[[np.ndarray, np.ndarray], bool] | None = None,
    *,
    every: int = 1,
):
    """Run `steps` optimiser steps from `x0` in `dtype`; return (trajectory of iterates, final state).

    `gradient(params)` gives ∇f at the iterate; `step(params, grad, state)` moves it. `stop(params, grad)`,
    if given, is asked before each step and ends the run when it returns True. The trajectory holds the
    start and every `every`-th iterate, and always the last one; with `every=1` (the default) row k is the
    iterate after k steps, so `len(trajectory) - 1` steps were taken. `x0` may hold many starts at once
    (shape (..., n)) as long as `gradient` and `step` work elementwise over the leading axes.
    """
    if not callable(gradient) or not callable(step):
        raise TypeError("gradient and step must be callables")
    if stop is not None and not callable(stop):
        raise TypeError("stop must be a callable or None")
    steps = _positive_count("steps", steps, 0)
    every = _positive_count("every", every, 1)
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating-point type, got {dtype}")

    params = np.array(x0, dtype=dtype)  # a copy: the caller's array is never touched
    state: dict = {}
    kept = [params]
    taken = 0
    for _ in range(steps):
        grad = _same_kind(gradient(params), params, "gradient")
        if stop is not None and stop(params, grad):
            break
        new_params, state = step(params, grad, state)
        params = _same_kind(new_params, params, "step")
        taken += 1
        if taken % every == 0:
            kept.append(params)
    if taken % every:
        kept.append(params)
    return np.stack(kept), state


def gradient_descent_step(params: np.ndarray, grad: np.ndarray, state: dict, lr: float):
    """Plain gradient descent, p ← p − lr·∇f; the state passes through untouched."""
    lr = float(lr)  # a Python float is "weak" in NumPy: it does not promote a float32 iterate to float64
    if not (lr > 0.0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive finite number, got {lr}")
    return params - lr * grad, state
