"""The chapter's experiment: the source's 30-layer, 1000-wide chain run once, every figure and value read from it.

chain_runs() is the only place the network is run; it is cached for the life of the process, so a cold build
runs it once for all the values and figures together, and a warm build (values and figures served from
.cache/) does not run it at all.
"""

from __future__ import annotations

import functools
import math
import time

import numpy as np

from derive.numerics import deep_chain
from derive.numerics.clipping import clip_grad_norm, clip_grad_value

# The source's shape: 30 layers of 1000 units, a batch of 10 (deep_chain.ChainConfig's defaults).
DEPTH, WIDTH, SEED = 30, 1000, 0

# The runs each figure compares, in legend order.
VANISHING_RUNS = ("sigmoid", "tanh", "relu", "relu_he", "sigmoid_bn", "relu_bn")


@functools.lru_cache(maxsize=None)
def _timed_runs() -> tuple[dict, float]:
    start = time.process_time()
    runs = deep_chain.all_runs(width=WIDTH, depth=DEPTH, seed=SEED)
    return runs, time.process_time() - start


def chain_runs() -> dict:
    """Every run of deep_chain.RUNS at the source's size, keyed by name (do not modify the arrays)."""
    return _timed_runs()[0]


def run_seconds() -> float:
    """Processor time the runs took (one process, NumPy's single-threaded einsum)."""
    return _timed_runs()[1]


def layers() -> np.ndarray:
    """Layer numbers 1..30, the x axis of every per-layer figure (layer 1 is next to the input)."""
    return np.arange(1, DEPTH + 1)


def multiply_adds() -> int:
    """Multiply-adds of all runs: per layer, a (batch x n) by (n x n) product forward and one backward."""
    batch = deep_chain.ChainConfig().batch
    return len(deep_chain.RUNS) * DEPTH * 2 * batch * WIDTH * WIDTH


def run(name: str) -> dict:
    return chain_runs()[name]


def per_layer_factor(name: str) -> float:
    """Geometric mean of the factor by which the gradient's RMS changes per layer, going down the chain."""
    dz = run(name)["dz_rms"]
    return float((dz[0] / dz[-1]) ** (1 / (DEPTH - 1)))


def first_to_last(name: str) -> float:
    """Weight-gradient RMS at layer 1 over that at layer 30."""
    rms = run(name)["dW_rms"]
    return float(rms[0] / rms[-1])


def predicted_shrink(name: str = "sigmoid") -> float:
    """Product of the mean slopes of layers 1..29: the per-layer argument's prediction of dz_1 / dz_30."""
    return float(np.prod(run(name)["slope_mean"][:-1]))


def measured_shrink(name: str = "sigmoid") -> float:
    dz = run(name)["dz_rms"]
    return float(dz[0] / dz[-1])


# ---------------------------------------------------------------- clipping, on a small example

CLIP_EXAMPLE = np.array([3.0, 0.5])
CLIP_THRESHOLD = 1.0


def _angle_degrees(a: np.ndarray, b: np.ndarray) -> float:
    # atan2 of cross and dot products: acos of a cosine near 1 would turn rounding into a visible angle
    return math.degrees(math.atan2(abs(a[0] * b[1] - a[1] * b[0]), float(a @ b)))


def value_clipped_example() -> np.ndarray:
    return clip_grad_value([CLIP_EXAMPLE], CLIP_THRESHOLD)[0]


def norm_clipped_example() -> np.ndarray:
    return clip_grad_norm([CLIP_EXAMPLE], CLIP_THRESHOLD)[0][0]


def value_clip_turn() -> float:
    """Angle in degrees between the gradient and its value-clipped version."""
    return _angle_degrees(CLIP_EXAMPLE, value_clipped_example())


def norm_clip_turn() -> float:
    """The same angle for norm clipping: zero up to rounding."""
    return _angle_degrees(CLIP_EXAMPLE, norm_clipped_example())
