"""The chapter's experiments: pure functions over derive.numerics (one descent loop, the optimiser steps).

The sources' runs replayed (seed 000 §1.10–1.11 on 10x² + y², seed 003 §4 on Himmelblau's function),
and the spectral radius of the momentum recurrence for the source's hyperparameters.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import sympy as sp

from derive.chapters.optimisers import derivations_momentum as dm
from derive.core.registry import get_derivation
from derive.numerics.descent import descend, gradient_descent_step
from derive.numerics.optimisers import adagrad_step, adagrad_without_eps, momentum_step, rmsprop_step, sgd_step


@functools.cache
def _quadratic_gradient():
    """The last step of the gradient-descent chapter's gd_quadratic_gradient, as code of (x, y, a, b)."""
    final = get_derivation("gd_quadratic_gradient").final.doit()
    names = {s.name: s for s in final.free_symbols}
    return sp.lambdify([names[n] for n in ("x", "y", "a", "b")], tuple(final))


def quadratic_gradient(curvature_x, curvature_y):
    """∇(a x² + b y²) as a function of points (..., 2), from the last step of gd_quadratic_gradient."""

    def gradient(p):
        gx, gy = _quadratic_gradient()(p[..., 0], p[..., 1], curvature_x, curvature_y)
        return np.stack([gx, gy], axis=-1).astype(p.dtype, copy=False)

    return gradient


# ---------------------------------------------------------------- momentum on 10x² + y² (seed 000 §1.10)
SURFACE = (10, 1)  # 10x² + y²: curvatures λ = 20 along x and 2 along y (the gradient is (20x, 2y))
CURVATURES = (20, 2)


class MomentumRun(NamedTuple):
    lr: float
    momentum: float
    steps: int
    gd_start: tuple[float, float]
    momentum_start: tuple[float, float]


# The source starts plain descent and momentum at mirror images (y and −y): 10x² + y² is symmetric, so
# the distances to the minimum can be compared directly.
SEED_RUNS = {
    "slow": MomentumRun(0.01, 0.8, 20, (-70.0, 70.0), (-70.0, -70.0)),  # "momentum speeds descent up"
    "edge": MomentumRun(0.1, 0.5, 6, (100.0, 500.0), (100.0, -500.0)),  # "momentum damps the oscillation"
}


@functools.cache
def momentum_paths(run: str) -> tuple[np.ndarray, np.ndarray]:
    """(plain gradient descent path, momentum path) of one of the source's runs, float64."""
    r = SEED_RUNS[run]
    gradient = quadratic_gradient(*SURFACE)
    plain, _ = descend(gradient, r.gd_start, functools.partial(gradient_descent_step, lr=r.lr), r.steps)
    heavy, _ = descend(
        gradient, r.momentum_start, functools.partial(momentum_step, lr=r.lr, momentum=r.momentum), r.steps
    )
    return plain, heavy


def distances(run: str) -> tuple[float, float]:
    """Distance to the minimum (0, 0) after the run: (plain gradient descent, momentum)."""
    plain, heavy = momentum_paths(run)
    return float(np.hypot(*plain[-1])), float(np.hypot(*heavy[-1]))


def spectral_radius(h: float, beta: float) -> float:
    """The largest |eigenvalue| of the momentum recurrence matrix (opt_momentum_recurrence) at h = αλ."""
    return float(np.max(np.abs(np.linalg.eigvals(np.array(dm.recurrence_matrix()(h, beta), dtype=float)))))


def exact(number) -> sp.Rational:
    return sp.Rational(str(number))


def run_points(run: str) -> list[tuple[float, float]]:
    """(h, β) of the run for each of the two curvatures: where the run sits in the convergence region."""
    r = SEED_RUNS[run]
    return [(float(exact(r.lr) * lam), r.momentum) for lam in CURVATURES]


def run_radii(run: str) -> tuple[float, float]:
    """Spectral radius along x and along y for one run."""
    return tuple(spectral_radius(h, b) for h, b in run_points(run))


@functools.cache
def plain_factor():
    """Plain gradient descent's factor per step, 1 − h: the non-zero eigenvalue of the recurrence at β = 0."""
    roots = sp.solve(dm.characteristic_polynomial().subs(dm.beta, 0), dm.mu)
    (factor,) = [r for r in roots if r != 0]
    return factor


def gd_factors(run: str) -> tuple[float, float]:
    """Plain gradient descent's factors along x and y for one of the runs (exact arithmetic)."""
    r = SEED_RUNS[run]
    return tuple(float(plain_factor().subs(dm.h, exact(r.lr) * lam)) for lam in CURVATURES)


def stability_edge_at(beta: float) -> float:
    return float(dm.stability_edge().subs(dm.beta, exact(beta)))


def complex_band_at(beta: float) -> tuple[float, float]:
    return tuple(float(r.subs(dm.beta, exact(beta))) for r in dm.complex_band())


# ---------------------------------------------------------------- Adagrad and RMSprop (seed 000 §1.11)
RMSPROP_LR, RMSPROP_START, RMSPROP_STEPS = 3.0, (-70.0, -70.0), 10
DEMO_GD_LR, DEMO_GD_START = 0.01, (-70.0, 70.0)


@functools.cache
def rmsprop_demo() -> tuple[np.ndarray, np.ndarray]:
    """The source's demo: gradient descent (lr 0.01) and torch.optim.RMSprop(lr=3), 10 steps, float32."""
    gradient = quadratic_gradient(*SURFACE)
    plain, _ = descend(
        gradient, DEMO_GD_START, functools.partial(gradient_descent_step, lr=DEMO_GD_LR), RMSPROP_STEPS, np.float32
    )
    rms, _ = descend(gradient, RMSPROP_START, functools.partial(rmsprop_step, lr=RMSPROP_LR), RMSPROP_STEPS, np.float32)
    return plain, rms


def rmsprop_first_move() -> tuple[float, float]:
    """How far each coordinate moved in RMSprop's first step."""
    rms = rmsprop_demo()[1]
    return tuple(float(v) for v in np.abs(rms[1] - rms[0]))


def adagrad_zero_gradient() -> tuple[float, float]:
    """One step on a coordinate whose gradient is 0: (the source's formula, PyTorch's Adagrad with ε)."""
    params, grad = np.array([1.0, 1.0]), np.array([0.5, 0.0])
    bare, _ = adagrad_without_eps(params, grad, {}, lr=0.01)
    safe, _ = adagrad_step(params, grad, {}, lr=0.01)
    return float(bare[1]), float(safe[1])


def adagrad_first_move() -> tuple[float, float]:
    """Adagrad's first move per coordinate on 10x² + y² from (−70, 70) with lr 3: both about lr."""
    gradient = quadratic_gradient(*SURFACE)
    path, _ = descend(gradient, DEMO_GD_START, functools.partial(adagrad_step, lr=RMSPROP_LR), 1)
    return tuple(float(v) for v in np.abs(path[1] - path[0]))


# ---------------------------------------------------------------- the explorer: ax² + by², a grid of rates
# Seed 000 §1.4 (the gradient-descent chapter's feature-scaling experiment): from (−60, 70), 10 steps
EXPLORER_START = (-60.0, 70.0)
EXPLORER_STEPS = 10
EXPLORER_SURFACES = {"circle": (1, 1), "ellipse": (20, 1)}  # (a, b) of a·x² + b·y²
EXPLORER_RATES = tuple(Fraction(k, 1000) for k in range(1, 61))  # 0.001 … 0.060: holds 0.02, 0.04, 0.051


def format_point(point) -> str:
    """How the page and the explorer print an end point (the same text in both)."""
    return "(" + ", ".join("{:.6g}".format(float(v)) for v in point) + ")"


def explorer_path(surface: str, rate) -> np.ndarray:
    """Gradient descent on the surface from (−60, 70), 10 steps, float64: the explorer's path for one rate."""
    gradient = quadratic_gradient(*EXPLORER_SURFACES[surface])
    path, _ = descend(
        gradient, EXPLORER_START, functools.partial(gradient_descent_step, lr=float(rate)), EXPLORER_STEPS
    )
    return path


@functools.cache
def plain_bounds():
    """(zig-zag onset, divergence edge) in h for plain gradient descent, i.e. the recurrence at β = 0.

    The factor 1 − h changes sign at its root; the edge is where p(−1) vanishes (opt_momentum_p_at_minus_1).
    """
    onset = sp.solve(plain_factor(), dm.h)[0]
    edge = dm.stability_edge().subs(dm.beta, 0)
    return onset, edge


def _rate_bounds(surface: str):
    """The bounds in η for a surface: h = ηλ with λ = 2a the steeper curvature (the gradient is 2a·x)."""
    lam = 2 * max(EXPLORER_SURFACES[surface])
    return tuple(b / lam for b in plain_bounds())


def regime(surface: str, rate) -> str:
    """Which region of the derived bounds a rate lies in, for the steeper curvature of the surface."""
    rate = sp.Rational(rate.numerator, rate.denominator) if isinstance(rate, Fraction) else exact(rate)
    onset, limit = _rate_bounds(surface)
    if rate < onset:
        return "converge"
    if rate == onset:
        return "one-step"
    if rate < limit:
        return "zigzag"
    return "edge" if rate == limit else "diverge"


def explorer_data_bounds(surface: str) -> tuple[float, float]:
    """(zig-zag onset, divergence edge) for the steeper curvature of a surface: 1/(2a) and 1/a, from SymPy."""
    return tuple(float(b) for b in _rate_bounds(surface))


def explorer_data() -> dict:
    """Everything the explorer draws, computed here: paths, end points, regions and contour lines."""
    surfaces = {}
    for name, (a, b) in EXPLORER_SURFACES.items():
        zigzag_from, diverge_from = explorer_data_bounds(name)
        theta = np.linspace(0.0, 2.0 * np.pi, 73)
        levels = [float(c) for c in np.linspace(1, 10, 10) ** 2 * 100]
        contours = [
            [[round(float(np.sqrt(c / a) * np.cos(s)), 3), round(float(np.sqrt(c / b) * np.sin(s)), 3)] for s in theta]
            for c in levels
        ]
        runs = []
        for rate in EXPLORER_RATES:
            path = explorer_path(name, rate)
            runs.append(
                {
                    "rate": float(rate),
                    "label": f"{float(rate):g}",
                    "regime": regime(name, rate),
                    "path": [[float(px), float(py)] for px, py in path],
                    "end": [float(v) for v in path[-1]],
                    "end_text": format_point(path[-1]),
                }
            )
        surfaces[name] = {
            "a": a,
            "b": b,
            "zigzag_from": zigzag_from,
            "diverge_from": diverge_from,
            "contours": contours,
            "runs": runs,
        }
    return {"start": list(EXPLORER_START), "steps": EXPLORER_STEPS, "extent": 100, "surfaces": surfaces}


def explorer_json() -> str:
    """The explorer's data as deterministic JSON text (sorted keys, fixed float formatting by json)."""
    import json

    return json.dumps(explorer_data(), sort_keys=True, separators=(",", ":")) + "\n"


def sgd_equals_gd() -> float:
    """torch.optim.SGD without momentum is plain gradient descent: the largest difference on the seed's run."""
    from derive.numerics import himmelblau as hb

    plain, _ = descend(
        hb.himmelblau_gradient,
        hb.SEED_START,
        functools.partial(gradient_descent_step, lr=hb.SEED_LR),
        hb.SEED_STEPS,
        np.float32,
    )
    sgd, _ = descend(
        hb.himmelblau_gradient, hb.SEED_START, functools.partial(sgd_step, lr=hb.SEED_LR), hb.SEED_STEPS, np.float32
    )
    return float(np.max(np.abs(plain - sgd)))
