"""Optimiser steps as plain functions: `step(params, grad, state, **hyperparameters) -> (params, state)`.

Each one follows the update rule that PyTorch documents for its optimiser of the same name, with the
same hyperparameter names and defaults, so a page can say "this is torch.optim.Adam" and mean it.
Bind the hyperparameters with `functools.partial(adam_step, lr=0.01)` and hand the result to
`derive.numerics.descent.descend`.

State convention: the state is a dict owned by the step. An empty dict `{}` means "no step taken yet"
(the buffers are created on the first call, as zeros shaped like the parameters, so they share the
parameters' dtype). Every step returns a *new* dict and never changes the one it was given, so a state
can be kept, replayed or compared. The keys are PyTorch's names for the same buffers ("step",
"momentum_buffer", "sum", "square_avg", "grad_avg", "exp_avg", "exp_avg_sq").

Hyperparameters are turned into Python floats before use: NumPy treats a Python float as "weak", so a
float32 run stays float32 (a NumPy float64 scalar would silently promote it).
"""

from __future__ import annotations

import math

import numpy as np


def _number(name: str, value, low: float = 0.0, high: float = math.inf, high_open: bool = False) -> float:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got bool")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}") from None
    if not (low <= value <= high) or (high_open and value == high) or math.isnan(value):
        bracket = ")" if high_open else "]"
        raise ValueError(f"{name} must lie in [{low}, {high}{bracket}, got {value}")
    return value


def _decayed(grad: np.ndarray, params: np.ndarray, weight_decay: float) -> np.ndarray:
    # PyTorch's weight_decay is an L2 penalty folded into the gradient (not AdamW's decoupled decay)
    return grad + weight_decay * params if weight_decay else grad


def sgd_step(params, grad, state, *, lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    """torch.optim.SGD: b ← μb + (1−τ)g (b = g on the first step), p ← p − lr·b (or g + μb with Nesterov)."""
    lr = _number("lr", lr)
    momentum = _number("momentum", momentum)
    dampening = _number("dampening", dampening)
    weight_decay = _number("weight_decay", weight_decay)
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = _decayed(grad, params, weight_decay)
    t = state.get("step", 0) + 1
    new_state = {"step": t}
    if momentum:
        # The buffer starts as the first gradient itself, undamped: that is PyTorch's convention
        previous = state.get("momentum_buffer")
        buffer = g if previous is None else momentum * previous + (1.0 - dampening) * g
        new_state["momentum_buffer"] = buffer
        g = g + momentum * buffer if nesterov else buffer
    return params - lr * g, new_state


def momentum_step(params, grad, state, *, lr, momentum):
    """The textbook (and seed) form of momentum: v ← βv − αg, w ← w + v, with α = lr and β = momentum.

    It is PyTorch's form in other units: its velocity is v = −lr·b, so the iterates agree; on a constant
    gradient v tends to −α g / (1 − β), an effective learning rate α / (1 − β).
    """
    lr = _number("lr", lr)
    momentum = _number("momentum", momentum, high=1.0, high_open=True)
    velocity = momentum * state["velocity"] - lr * grad if "velocity" in state else -lr * grad
    return params + velocity, {"step": state.get("step", 0) + 1, "velocity": velocity}


def adagrad_step(
    params, grad, state, *, lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
):
    """torch.optim.Adagrad: s ← s + g², p ← p − lr_t·g / (√s + ε), with lr_t = lr / (1 + (t−1)·lr_decay)."""
    lr = _number("lr", lr)
    lr_decay = _number("lr_decay", lr_decay)
    weight_decay = _number("weight_decay", weight_decay)
    initial = _number("initial_accumulator_value", initial_accumulator_value)
    eps = _number("eps", eps)
    g = _decayed(grad, params, weight_decay)
    t = state.get("step", 0) + 1
    total = state["sum"] if "sum" in state else np.full_like(params, initial)
    total = total + g * g
    clr = lr / (1.0 + (t - 1) * lr_decay)
    # ε outside the root, as PyTorch has it: it only matters while √s is itself about ε or smaller
    return params - clr * g / (np.sqrt(total) + eps), {"step": t, "sum": total}


def adagrad_without_eps(params, grad, state, *, lr=0.01):
    """The seed's Adagrad, w ← w − α·g / √(Σg²) with no ε: a coordinate whose gradients are all 0 becomes nan."""
    lr = _number("lr", lr)
    total = (state["sum"] if "sum" in state else np.zeros_like(params)) + grad * grad
    # 0/0 is the point of this replay: compute it, but keep NumPy's warning out of the caller's way
    with np.errstate(invalid="ignore", divide="ignore"):
        new_params = params - lr * grad / np.sqrt(total)
    return new_params, {"step": state.get("step", 0) + 1, "sum": total}


def rmsprop_step(params, grad, state, *, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    """torch.optim.RMSprop: v ← αv + (1−α)g², p ← p − lr·g / (√v + ε); optional centring and momentum."""
    lr = _number("lr", lr)
    alpha = _number("alpha", alpha, high=1.0)
    eps = _number("eps", eps)
    weight_decay = _number("weight_decay", weight_decay)
    momentum = _number("momentum", momentum)
    g = _decayed(grad, params, weight_decay)
    t = state.get("step", 0) + 1
    square_avg = alpha * state.get("square_avg", np.zeros_like(params)) + (1.0 - alpha) * g * g
    new_state = {"step": t, "square_avg": square_avg}
    variance = square_avg
    if centered:
        # subtract the squared mean gradient: the denominator estimates the spread, not the size
        grad_avg = alpha * state.get("grad_avg", np.zeros_like(params)) + (1.0 - alpha) * g
        new_state["grad_avg"] = grad_avg
        variance = square_avg - grad_avg * grad_avg
    scaled = g / (np.sqrt(variance) + eps)
    if momentum > 0.0:
        buffer = momentum * state.get("momentum_buffer", np.zeros_like(params)) + scaled
        new_state["momentum_buffer"] = buffer
        scaled = buffer
    return params - lr * scaled, new_state


def adam_step(params, grad, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """torch.optim.Adam: running means m of g and v of g², bias-corrected, p ← p − lr·m̂ / (√v̂ + ε)."""
    lr = _number("lr", lr)
    try:
        beta1, beta2 = betas
    except (TypeError, ValueError):
        raise TypeError("betas must be a pair of numbers") from None
    beta1 = _number("betas[0]", beta1, high=1.0, high_open=True)
    beta2 = _number("betas[1]", beta2, high=1.0, high_open=True)
    eps = _number("eps", eps)
    weight_decay = _number("weight_decay", weight_decay)
    g = _decayed(grad, params, weight_decay)
    t = state.get("step", 0) + 1
    exp_avg = beta1 * state.get("exp_avg", np.zeros_like(params)) + (1.0 - beta1) * g
    exp_avg_sq = beta2 * state.get("exp_avg_sq", np.zeros_like(params)) + (1.0 - beta2) * g * g
    # Both averages start at 0, so after t steps their weights sum to 1 − βᵗ, not 1: dividing by it
    # removes that bias. Without it the first step would be lr·(1−β₁)/√(1−β₂) ≈ 3.16·lr, not lr.
    m_hat = exp_avg / (1.0 - beta1**t)
    v_hat = exp_avg_sq / (1.0 - beta2**t)
    new_params = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"step": t, "exp_avg": exp_avg, "exp_avg_sq": exp_avg_sq}
