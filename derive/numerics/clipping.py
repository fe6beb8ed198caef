"""Gradient clipping: rescale the whole gradient (by norm) or cut each entry (by value).

Norm clipping multiplies every array by the same factor, so the update keeps its direction and only gets
shorter. Value clipping cuts entries independently, so large components shrink more than small ones and the
direction changes. Both leave a gradient that is already small untouched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# PyTorch adds this to the norm before dividing, so a zero gradient never divides by zero and the clipped norm
# lands a hair below max_norm (relatively 1e-6 / total: visible only when the total norm is itself small).
NORM_EPS = 1e-6


def _as_float_arrays(grads: Sequence, copy: bool = True) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or len(grads) == 0:
        raise TypeError("grads must be a non-empty list or tuple of arrays")
    arrays = [np.asarray(g) for g in grads]
    for g in arrays:
        if not np.issubdtype(g.dtype, np.number) or np.iscomplexobj(g):
            raise TypeError(f"grads must hold real numeric arrays, got dtype {g.dtype}")
    return [g.astype(np.float64, copy=copy) for g in arrays]


def _positive(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be finite and > 0, got {value}")
    return float(value)


def global_grad_norm(grads: Sequence) -> float:
    """Euclidean norm of all gradient arrays taken together, without overflow or underflow."""
    arrays = _as_float_arrays(grads, copy=False)
    # Divide by the largest magnitude first: squaring 1e200 overflows and squaring 1e-200 underflows to 0,
    # while (g / biggest)**2 is at most 1.
    biggest = max(float(np.max(np.abs(g))) if g.size else 0.0 for g in arrays)
    if not math.isfinite(biggest):
        return math.inf if not any(np.isnan(g).any() for g in arrays) else math.nan
    if biggest == 0.0:
        return 0.0
    return biggest * math.sqrt(sum(float(np.sum((g / biggest) ** 2)) for g in arrays))


def clip_coefficient(total_norm: float, max_norm: float) -> float:
    """The factor norm clipping multiplies by: min(1, max_norm / (total_norm + 1e-6)), as in PyTorch."""
    max_norm = _positive(max_norm, "max_norm")
    if isinstance(total_norm, bool) or not isinstance(total_norm, (int, float, np.integer, np.floating)):
        raise TypeError(f"total_norm must be a number, got {type(total_norm).__name__}")
    if not math.isfinite(total_norm) or total_norm < 0:
        # Like torch.nn.utils.clip_grad_norm_(..., error_if_nonfinite=True): scaling an inf/nan gradient by a
        # finite factor cannot make it usable, so say so instead of returning nan.
        raise ValueError(f"the total gradient norm is {total_norm}; cannot clip a non-finite gradient")
    return min(1.0, max_norm / (float(total_norm) + NORM_EPS))


def clip_grad_norm(grads: Sequence, max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale all arrays by one factor so their joint norm is at most max_norm; return (clipped, norm before)."""
    arrays = _as_float_arrays(grads)
    total = global_grad_norm(arrays)
    coef = clip_coefficient(total, max_norm)
    if coef == 1.0:
        return arrays, total
    # One factor for every array: that is what keeps the direction of the full gradient vector.
    return [g * coef for g in arrays], total


def clip_grad_value(grads: Sequence, clip_value: float) -> list[np.ndarray]:
    """Cut every entry into [-clip_value, clip_value] independently (this changes the gradient's direction)."""
    arrays = _as_float_arrays(grads)
    clip_value = _positive(clip_value, "clip_value")
    return [np.clip(g, -clip_value, clip_value) for g in arrays]
