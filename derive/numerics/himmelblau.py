"""Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima, four saddles, one maximum.

The seed post on automatic differentiation runs gradient descent on it from (0, 0) with lr = 0.001 for
30000 steps (in float32, PyTorch's default), says a fixed learning rate never reaches the true zero, and
suggests Adam instead. This module replays those runs in float32 and float64 and measures what happens:
float64 gradient descent does reach the minimum; float32 stops a few millionths short because its steps
have become smaller than half the gap between neighbouring float32 numbers (a rounding floor, not a
property of the learning rate).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import mpmath as mp
import numpy as np

from derive.numerics.descent import descend, gradient_descent_step
from derive.numerics.optimisers import adam_step

SEED_LR = 0.001  # the seed's learning rate, for its gradient descent and (implicitly) for Adam
SEED_STEPS = 30000
SEED_START = (0.0, 0.0)
SEED_PRINTED_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.583328, -1.848126))
ADAM_STARTS = ((0.0, 0.0), (-4.0, 4.0), (-4.0, -4.0), (4.0, -4.0))  # the seed's start, then one per quadrant
BASIN_RADIUS = 0.05  # a run "reaches" a minimum when it ends this close to it (the minima are > 5 apart)


# ---------------------------------------------------------------- the function, written once for any number type
def _residuals(x, y):
    return x * x + y - 11, x + y * y - 7


def _gradient_xy(x, y):
    a, b = _residuals(x, y)
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def _hessian_xy(x, y):
    return 12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26


def _points(p) -> np.ndarray:
    p = np.asarray(p)
    if p.dtype.kind not in "fiu" or p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"expected real points of shape (..., 2), got {p.dtype}{list(p.shape)}")
    return p if p.dtype.kind == "f" else p.astype(np.float64)


def himmelblau(p) -> np.ndarray:
    """Himmelblau's function at points p of shape (..., 2)."""
    p = _points(p)
    a, b = _residuals(p[..., 0], p[..., 1])
    return a * a + b * b


def himmelblau_gradient(p) -> np.ndarray:
    """∇f = (4x(x²+y−11) + 2(x+y²−7), 2(x²+y−11) + 4y(x+y²−7)) at points of shape (..., 2), same dtype."""
    p = _points(p)
    out = np.empty_like(p)
    out[..., 0], out[..., 1] = _gradient_xy(p[..., 0], p[..., 1])
    return out


def himmelblau_hessian(p) -> np.ndarray:
    """The Hessian [[12x²+4y−42, 4x+4y], [4x+4y, 4x+12y²−26]] at points of shape (..., 2)."""
    p = _points(p)
    fxx, fxy, fyy = _hessian_xy(p[..., 0], p[..., 1])
    return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)


# ---------------------------------------------------------------- the nine stationary points
class StationaryPoint(NamedTuple):
    """A point where ∇f = 0: its kind, coordinates, value and Hessian eigenvalues."""

    kind: str  # "minimum", "saddle" or "maximum", read off the signs of the Hessian's eigenvalues
    x: float
    y: float
    value: float  # f there
    eigenvalues: tuple[float, float]  # of the Hessian, ascending


# Rough locations read off a contour plot; Newton's method polishes each one. Two cubic equations have at
# most 3·3 = 9 isolated common solutions (Bézout), so nine distinct real ones are all there are.
_STARTS = (
    (3.0, 2.0),
    (-2.8, 3.1),
    (-3.8, -3.3),
    (3.6, -1.8),
    (3.4, 0.07),
    (0.09, 2.9),
    (-3.1, -0.08),
    (-0.13, -1.95),
    (-0.27, -0.92),
)
_ORDER = {"minimum": 0, "saddle": 1, "maximum": 2}


@functools.cache
def himmelblau_stationary_points() -> tuple[StationaryPoint, ...]:
    """All nine points where ∇f = 0 (Newton at 50 digits), minima first, each kind ordered by angle."""
    found = []
    with mp.workdps(50):
        for sx, sy in _STARTS:
            x, y = mp.findroot(
                _gradient_xy,
                (mp.mpf(sx), mp.mpf(sy)),
                J=lambda u, v: [list(_hessian_xy(u, v)[:2]), list(_hessian_xy(u, v)[1:])],
            )
            fxx, fxy, fyy = _hessian_xy(x, y)
            mean, radius = (fxx + fyy) / 2, mp.sqrt(((fxx - fyy) / 2) ** 2 + fxy**2)
            low, high = mean - radius, mean + radius
            kind = "minimum" if low > 0 else "maximum" if high < 0 else "saddle"
            a, b = _residuals(x, y)
            found.append(StationaryPoint(kind, float(x), float(y), float(a * a + b * b), (float(low), float(high))))
    if len({(p.x, p.y) for p in found}) != len(_STARTS):
        raise RuntimeError("two Newton starts converged to the same stationary point")
    return tuple(sorted(found, key=lambda p: (_ORDER[p.kind], math.atan2(p.y, p.x) % (2 * math.pi))))


def himmelblau_minima() -> np.ndarray:
    """The four minima as a (4, 2) float64 array, in the seed's order (quadrants I, II, III, IV)."""
    return np.array([(p.x, p.y) for p in himmelblau_stationary_points() if p.kind == "minimum"])


# ---------------------------------------------------------------- basins: which minimum a run reaches
def _method_step(method: str, lr: float):
    steps = {"gd": gradient_descent_step, "adam": adam_step}
    if method not in steps:
        raise ValueError(f"unknown method {method!r}: expected one of {sorted(steps)}")
    return functools.partial(steps[method], lr=lr)


def _nearest_minimum(points: np.ndarray) -> np.ndarray:
    distance = np.linalg.norm(points[..., None, :] - himmelblau_minima(), axis=-1)  # (..., 4)
    label = np.argmin(distance, axis=-1)
    reached = np.take_along_axis(distance, label[..., None], -1)[..., 0] <= BASIN_RADIUS
    return np.where(reached, label, -1)


def basin_of(start, method: str = "gd", *, lr: float = SEED_LR, steps: int = SEED_STEPS) -> int:
    """Index (0–3, as in himmelblau_minima) of the minimum a run from `start` ends at, or −1 if none."""
    start = _points(start)
    if start.shape != (2,):
        raise ValueError(f"start must be one point (x, y), got shape {list(start.shape)}")
    trajectory, _ = descend(himmelblau_gradient, start, _method_step(method, lr), steps, every=max(steps, 1))
    return int(_nearest_minimum(trajectory[-1]))


def basins_grid(
    n: int, method: str = "gd", *, lr: float = SEED_LR, steps: int = SEED_STEPS, half_width: float = 6.0
) -> np.ndarray:
    """Basin labels on an n×n grid over [−w, w]²: entry [i, j] is basin_of((g[j], g[i])), g = linspace(−w, w, n)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    grid = np.linspace(-half_width, half_width, n)
    gx, gy = np.meshgrid(grid, grid)
    starts = np.stack([gx.ravel(), gy.ravel()], axis=-1)  # all n² runs at once, as one (n², 2) iterate
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is labelled −1, not an error
        trajectory, _ = descend(himmelblau_gradient, starts, _method_step(method, lr), steps, every=max(steps, 1))
    return _nearest_minimum(trajectory[-1]).reshape(n, n)


# ---------------------------------------------------------------- the seed's runs
def seed_gradient_descent(dtype=np.float32) -> np.ndarray:
    """The seed's run: gradient descent from (0, 0), lr = 0.001, 30000 steps; the trajectory in `dtype`."""
    return descend(himmelblau_gradient, SEED_START, _method_step("gd", SEED_LR), SEED_STEPS, dtype)[0]


class RunSummary(NamedTuple):
    """How a Himmelblau run ended: where, at which minimum, how close, and when it last moved."""

    start: tuple[float, float]
    dtype: str
    end: tuple[float, float]
    minimum: int  # index into himmelblau_minima(), −1 if the run ended at none of them
    distance: float  # from the end point to that minimum (to the nearest one if −1)
    last_move: int  # the last step that changed the iterate (a run that stalled stops moving early)


def summarise_run(trajectory: np.ndarray) -> RunSummary:
    """Where a Himmelblau run (as returned by descend, every=1) ended, how close, and when it last moved."""
    end = trajectory[-1]
    distance = np.linalg.norm(himmelblau_minima() - end.astype(np.float64), axis=-1)
    moved = np.flatnonzero(np.any(trajectory[1:] != trajectory[:-1], axis=-1))
    return RunSummary(
        tuple(map(float, trajectory[0])),
        trajectory.dtype.name,
        tuple(map(float, end)),
        int(_nearest_minimum(end.astype(np.float64))),
        float(distance.min()),
        int(moved[-1] + 1) if moved.size else 0,
    )


def seed_adam_runs(dtype=np.float32, starts=ADAM_STARTS, *, steps: int = SEED_STEPS) -> list[RunSummary]:
    """The seed's suggestion replayed: Adam (lr = 0.001, 30000 steps) from several starts, in `dtype`."""
    step = _method_step("adam", SEED_LR)
    return [summarise_run(descend(himmelblau_gradient, s, step, steps, dtype)[0]) for s in starts]


class PrintedMinimum(NamedTuple):
    """A minimum as the seed prints it, the true one, the difference, and f at the printed point."""

    printed: tuple[float, float]
    true: tuple[float, float]
    error: tuple[float, float]  # printed − true
    value_at_printed: float  # f at the printed decimals, exactly (f is 0 at a true minimum)


def seed_printed_fourth_minimum() -> PrintedMinimum:
    """The seed's fourth minimum (3.583328, −1.848126) against the true one, and f at the printed point."""
    printed = SEED_PRINTED_MINIMA[3]
    true = tuple(float(v) for v in himmelblau_minima()[3])
    with mp.workdps(40):
        a, b = _residuals(mp.mpf("3.583328"), mp.mpf("-1.848126"))  # the decimals as printed, not their floats
        value = float(a * a + b * b)
    return PrintedMinimum(printed, true, (printed[0] - true[0], printed[1] - true[1]), value)


class Stall(NamedTuple):
    """Where a float32 run stopped moving, with the step it would take and the float32 gap it would need."""

    step: int  # the iterate after this many steps never changes again
    point: tuple[float, float]
    distance: float  # from the true minimum (3, 2)
    gradient: tuple[float, float]  # ∇f there, as float32 computes it
    step_size: tuple[float, float]  # |lr·∇f| per coordinate, in float32
    half_gap: tuple[float, float]  # half the distance to the next float32 in the direction of the step


def float32_stall() -> Stall:
    """Where the seed's float32 gradient descent stops moving, and why: each step is below half a float32 gap."""
    trajectory = seed_gradient_descent(np.float32)
    run = summarise_run(trajectory)
    point = trajectory[run.last_move]
    grad = himmelblau_gradient(point)
    step = SEED_LR * grad  # the very product the loop subtracts, rounded to float32 as the loop rounds it
    toward = np.nextafter(point, np.where(step > 0, -np.inf, np.inf).astype(np.float32))  # p − step moves there
    return Stall(
        run.last_move,
        tuple(map(float, point)),
        float(np.hypot(point[0] - 3.0, point[1] - 2.0)),
        tuple(map(float, grad)),
        tuple(map(float, np.abs(step))),
        tuple(map(float, np.abs(toward - point) / 2)),
    )


def steps_to_reach(tolerance: float = 1e-12, dtype=np.float64, *, max_steps: int = SEED_STEPS) -> int | None:
    """Steps the seed's gradient descent needs to come within `tolerance` of (3, 2), or None if it never does."""
    if not tolerance > 0:
        raise ValueError(f"tolerance must be positive, got {tolerance}")
    target = np.array([3.0, 2.0], dtype=dtype)

    def close(params, grad):
        return bool(np.linalg.norm((params - target).astype(np.float64)) < tolerance)

    trajectory, _ = descend(himmelblau_gradient, SEED_START, _method_step("gd", SEED_LR), max_steps, dtype, close)
    return len(trajectory) - 1 if close(trajectory[-1], None) else None
