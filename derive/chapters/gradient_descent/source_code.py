"""The sources' experiments, replayed in our own code: their set-ups, their numbers, their runs.

"Gradient Descent" (seed 000): §1.3 draws descent paths on 10x² + y², §1.4 runs `train()` on the circle
x² + y² and the ellipse 20x² + y² from (−60, 70) for 10 steps at three learning rates and prints the end
points. The post on gradients in PyTorch (seed 004, 《PyTorch入门实战教程笔记(十)》, the section on finding
a minimum with the gradient) takes one step on x² sin x from 2.5. The numbers the sources state are kept
here as they state them, so that the values can set each one against the computed truth.
"""

from __future__ import annotations

import functools

import numpy as np

from derive.chapters.gradient_descent import experiments

# ---------------------------------------------------------------- "Gradient Descent", §1.4
SCALING_START = (-60.0, 70.0)
SCALING_STEPS = 10  # the post's EPOCH
SCALING_RATES = (0.02, 0.04, 0.051)
SCALING_SURFACES = {"circle": (1, 1), "ellipse": (20, 1)}  # (a, b) of a·x² + b·y²


@functools.lru_cache(maxsize=None)
def scaling_run(surface: str, rate: float, dtype=np.float32) -> np.ndarray:
    """The path of one of the post's runs; float32 by default, PyTorch's default tensor type."""
    return experiments.descend_quadratic(*SCALING_SURFACES[surface], SCALING_START, rate, SCALING_STEPS, dtype)


def scaling_end(surface: str, rate: float, dtype=np.float32) -> tuple[float, float]:
    """The end point after the post's 10 steps."""
    return tuple(float(v) for v in scaling_run(surface, rate, dtype)[-1])


def train(rate: float, dtype=np.float32) -> tuple[float, float, float, float]:
    """What the post's train() returns: (x, y) on the circle, then (x, y) on the ellipse."""
    return scaling_end("circle", rate, dtype) + scaling_end("ellipse", rate, dtype)


def scaling_runs():
    """The six runs as (a, b, start, rate, steps), for comparisons with the closed form."""
    return [
        (*curvatures, SCALING_START, rate, SCALING_STEPS)
        for curvatures in SCALING_SURFACES.values()
        for rate in SCALING_RATES
    ]


# ---------------------------------------------------------------- "Gradient Descent", §1.3
PATH_SURFACE = (10, 1)
SLOW_RATE, SLOW_STEPS, SLOW_STARTS = 0.01, 20, ((0.0, 100.0), (-70.0, 70.0), (-100.0, 0.0))
EDGE_RATE, EDGE_STEPS, EDGE_STARTS = 0.1, 10, ((100.0, 500.0), (0.0, -500.0))


def path_runs(rate: float, steps: int, starts) -> list[np.ndarray]:
    return [experiments.descend_quadratic(*PATH_SURFACE, start, rate, steps) for start in starts]


# ---------------------------------------------------------------- the PyTorch post: x² sin x
X2SINX_START = 2.5
X2SINX_RATE = 0.005  # the post's learning rate
X2SINX_STEPS = 150  # ours: enough steps to settle in the minimum
X2SINX_TOLERANCE = 1e-6
X2SINX_DIGITS = 30  # the precision of the critical points

# What the post states, as it states it.
SEED_SLOPE_AT_START = -10  # "at 2.5 the gradient is −10"
SEED_FULL_STEP = 12.5  # "2.5 minus −10 reaches 12.5"
SEED_MINIMUM = 5  # "the local minimum, around x = 5"
SEED_UPDATE = 2.6  # "2.5 − (−10 · 0.005) = 2.6"


@functools.lru_cache(maxsize=None)
def x2sinx_run(steps: int = X2SINX_STEPS) -> np.ndarray:
    """The descent from 2.5 at the post's learning rate."""
    return experiments.x2sinx_descent(X2SINX_START, X2SINX_RATE, steps)


def seed_update() -> float:
    """The post's own step, redone with its own slope: 2.5 − 0.005 · (−10)."""
    return X2SINX_START - X2SINX_RATE * SEED_SLOPE_AT_START


def seed_full_step() -> float:
    """The post's step without a learning rate, with its own slope: 2.5 − (−10)."""
    return X2SINX_START - SEED_SLOPE_AT_START
