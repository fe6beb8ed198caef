"""Himmelblau's function: the stationary points against an independent 60-digit solve (a resultant and a
polynomial root finder, not Newton from starts), the derivatives against SymPy, the basins against plain
scalar loops, and the seed's runs (the float32 stall, the float64 convergence, the misprinted minimum)
against arithmetic redone here. Each check is also shown a planted defect that it must reject."""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from derive.numerics import himmelblau as hb

X, Y = sp.symbols("x y")
F = (X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2
FX, FY = sp.diff(F, X), sp.diff(F, Y)


# ---------------------------------------------------------------- an independent solve of ∇f = 0 at 60 digits
@functools.cache
def reference_stationary_points() -> tuple[tuple[mp.mpf, mp.mpf], ...]:
    """Eliminate x (resultant, a degree-9 polynomial in y), find its roots, then x from ∂f/∂y = 0 (quadratic)."""
    resultant = sp.Poly(sp.resultant(FX, FY, X), Y)
    quadratic_in_x = [sp.lambdify(Y, k, "mpmath") for k in sp.Poly(FY, X).all_coeffs()]  # ∂f/∂y = a x² + b x + c
    fx = sp.lambdify((X, Y), FX, "mpmath")
    points = []
    with mp.workdps(60):
        roots = mp.polyroots([int(c) for c in resultant.all_coeffs()], maxsteps=200, extraprec=200)
        for y in roots:
            assert abs(mp.im(y)) < mp.mpf(10) ** -50, "all nine stationary points are real"
            y = mp.re(y)
            a, b, c = (k(y) for k in quadratic_in_x)
            disc = mp.sqrt(b * b - 4 * a * c)
            xs = [(-b + disc) / (2 * a), (-b - disc) / (2 * a)]
            points.append((min(xs, key=lambda x: abs(fx(x, y))), y))  # the root that also zeroes ∂f/∂x
    assert resultant.degree() == 9 and len(points) == 9
    return tuple(points)


def reference_minima_x() -> list[mp.mpf]:
    """At a minimum f = 0, so x² + y = 11 and x + y² = 7: x⁴ − 22x² + x + 114 = (x − 3)(x³ + 3x² − 13x − 38)."""
    assert sp.expand((X - 3) * (X**3 + 3 * X**2 - 13 * X - 38)) == sp.expand(X + (11 - X**2) ** 2 - 7)
    with mp.workdps(60):
        return [mp.mpf(3)] + [mp.re(r) for r in mp.polyroots([1, 3, -13, -38], extraprec=200)]


def matches_to_an_ulp(point, reference) -> bool:
    return all(abs(v - float(r)) <= np.spacing(abs(float(r))) for v, r in zip(point, reference, strict=True))


def nearest_reference(point):
    return min(reference_stationary_points(), key=lambda r: abs(point[0] - float(r[0])) + abs(point[1] - float(r[1])))


def test_stationary_points_match_the_independent_solve_to_an_ulp():
    points = hb.himmelblau_stationary_points()
    assert len(points) == 9
    for p in points:
        assert matches_to_an_ulp((p.x, p.y), nearest_reference((p.x, p.y)))
    assert len({nearest_reference((p.x, p.y)) for p in points}) == 9  # nine distinct partners
    minima_x = sorted(float(x) for x in reference_minima_x())
    assert sorted(hb.himmelblau_minima()[:, 0].tolist()) == pytest.approx(minima_x, rel=1e-16, abs=0)
    p = points[5]
    assert not matches_to_an_ulp((p.x + 3 * np.spacing(p.x), p.y), nearest_reference((p.x, p.y)))  # planted


def gradient_vanishes(point) -> bool:
    """∇f at the float point, evaluated exactly, is no bigger than ‖H‖ times an ulp: rounding, nothing more."""
    with mp.workdps(60):
        x, y = mp.mpf(point[0]), mp.mpf(point[1])
        gx, gy = (sp.lambdify((X, Y), d, "mpmath")(x, y) for d in (FX, FY))
        size = mp.sqrt(gx**2 + gy**2)
    bound = np.linalg.norm(hb.himmelblau_hessian(point), 2) * max(np.spacing(abs(v)) for v in point)
    return float(size) <= bound


def test_the_gradient_vanishes_at_the_returned_points():
    for p in hb.himmelblau_stationary_points():
        assert gradient_vanishes((p.x, p.y))
        assert np.max(np.abs(hb.himmelblau_gradient([p.x, p.y]))) < 1e-12
        assert not gradient_vanishes((p.x + 1e-9, p.y))  # planted: a point a little off


def test_three_two_is_exact():
    first = hb.himmelblau_stationary_points()[0]
    assert (first.kind, first.x, first.y, first.value) == ("minimum", 3.0, 2.0, 0.0)
    for dtype in (np.float32, np.float64):
        assert np.array_equal(hb.himmelblau_gradient(np.array([3, 2], dtype)), np.zeros(2, dtype))


# ---------------------------------------------------------------- derivatives and classification
def derivatives_match_sympy(gradient, hessian) -> bool:
    rng = np.random.default_rng(3)
    p = rng.uniform(-6, 6, size=(50, 2))
    g = np.stack([sp.lambdify((X, Y), d)(p[:, 0], p[:, 1]) for d in (FX, FY)], -1)
    h = np.array(
        [[sp.lambdify((X, Y), sp.diff(F, u, v))(p[:, 0], p[:, 1]) * np.ones(50) for v in (X, Y)] for u in (X, Y)]
    ).transpose(2, 0, 1)
    return np.allclose(gradient(p), g, rtol=1e-12, atol=1e-9) and np.allclose(hessian(p), h, rtol=1e-12, atol=1e-9)


def test_gradient_and_hessian_are_sympys():
    assert derivatives_match_sympy(hb.himmelblau_gradient, hb.himmelblau_hessian)

    def wrong_hessian(p):  # planted: the sign of ∂²f/∂x∂y lost in one place
        h = hb.himmelblau_hessian(p)
        h[..., 0, 1] *= -1
        return h

    assert not derivatives_match_sympy(hb.himmelblau_gradient, wrong_hessian)
    assert hb.himmelblau_hessian(np.zeros((3, 4, 2))).shape == (3, 4, 2, 2)
    np.testing.assert_allclose(hb.himmelblau(np.array([[0.0, 0.0], [3.0, 2.0]])), [170.0, 0.0])


def kind_from_numpy(point) -> str:
    low, high = np.linalg.eigvalsh(hb.himmelblau_hessian(point))
    return "minimum" if low > 0 else "maximum" if high < 0 else "saddle"


def test_hessian_classifies_four_minima_four_saddles_one_maximum():
    points = hb.himmelblau_stationary_points()
    assert [p.kind for p in points] == ["minimum"] * 4 + ["saddle"] * 4 + ["maximum"]
    for p in points:
        assert kind_from_numpy((p.x, p.y)) == p.kind
        np.testing.assert_allclose(p.eigenvalues, np.linalg.eigvalsh(hb.himmelblau_hessian((p.x, p.y))), rtol=1e-12)
    relabelled = [p._replace(kind="minimum") if p.kind == "saddle" else p for p in points]  # planted
    assert any(kind_from_numpy((p.x, p.y)) != p.kind for p in relabelled)


# ---------------------------------------------------------------- the seed's printed minima
def agrees_to_six_decimals(printed, true) -> bool:
    # the seed (like the usual tables) cuts the digits off rather than rounding them, so allow 1e-6
    return all(abs(p - t) < 1e-6 for p, t in zip(printed, true, strict=True))


def test_the_seeds_fourth_minimum_is_misprinted():
    minima = hb.himmelblau_minima()
    for printed, true in zip(hb.SEED_PRINTED_MINIMA[:3], minima[:3], strict=True):
        assert agrees_to_six_decimals(printed, true)
    check = hb.seed_printed_fourth_minimum()
    assert not agrees_to_six_decimals(check.printed, check.true)
    assert agrees_to_six_decimals((3.584428, -1.848126), check.true)
    exact = F.subs({X: sp.Rational("3.583328"), Y: sp.Rational("-1.848126")})
    assert check.value_at_printed == pytest.approx(float(exact), rel=1e-15)
    assert float(F.subs({X: sp.Rational("3.584428"), Y: sp.Rational("-1.848126")})) < 1e-9 < check.value_at_printed


# ---------------------------------------------------------------- basins against single scalar runs
def scalar_run(x, y, method, lr, steps):
    m1 = m2 = v1 = v2 = 0.0
    for t in range(1, steps + 1):
        a, b = x * x + y - 11, x + y * y - 7
        gx, gy = 4 * x * a + 2 * b, 2 * a + 4 * y * b
        if method == "gd":
            x, y = x - lr * gx, y - lr * gy
            continue
        m1, m2 = 0.9 * m1 + 0.1 * gx, 0.9 * m2 + 0.1 * gy
        v1, v2 = 0.999 * v1 + 0.001 * gx * gx, 0.999 * v2 + 0.001 * gy * gy
        c1, c2 = 1 - 0.9**t, 1 - 0.999**t
        x -= lr * (m1 / c1) / (math.sqrt(v1 / c2) + 1e-8)
        y -= lr * (m2 / c1) / (math.sqrt(v2 / c2) + 1e-8)
    points = [(float(r[0]), float(r[1])) for r in reference_stationary_points()]
    minima = [p for p in points if kind_from_numpy(p) == "minimum"]
    d = [math.hypot(x - mx, y - my) for mx, my in minima]
    k = min(range(4), key=d.__getitem__)
    return int(np.argmin(np.linalg.norm(hb.himmelblau_minima() - minima[k], axis=1))) if d[k] <= 0.05 else -1


def grid_agrees_with_single_runs(labels, grid, method, lr, steps) -> bool:
    return all(
        labels[i, j] == scalar_run(float(grid[j]), float(grid[i]), method, lr, steps)
        for i in range(len(grid))
        for j in range(len(grid))
    )


@pytest.mark.parametrize("method, lr", [("gd", 1e-3), ("adam", 1e-2)])
def test_basins_grid_agrees_with_single_runs(method, lr):
    labels = hb.basins_grid(5, method, lr=lr, steps=3000)
    grid = np.linspace(-6, 6, 5)
    assert set(labels.ravel().tolist()) == {0, 1, 2, 3}
    assert grid_agrees_with_single_runs(labels, grid, method, lr, 3000)
    assert not grid_agrees_with_single_runs(labels.T, grid, method, lr, 3000)  # planted: axes swapped
    assert hb.basin_of((float(grid[4]), float(grid[0])), method, lr=lr, steps=3000) == labels[0, 4]


# ---------------------------------------------------------------- the seed's float32 run stalls on a rounding floor
def float32_step_is_a_fixed_point(point) -> bool:
    """Redo one float32 gradient step by hand (autograd's order: (2a)(2x) + 2b) and see that nothing moves."""
    x, y = np.float32(point[0]), np.float32(point[1])
    a, b = x * x + y - np.float32(11), x + y * y - np.float32(7)
    g = np.array([(2 * a) * (2 * x) + 2 * b, 2 * a + (2 * b) * (2 * y)], dtype=np.float32)
    p = np.array([x, y], dtype=np.float32)
    step = np.float32(0.001) * g
    toward = np.nextafter(p, np.float32(-np.inf) * np.sign(step))  # the neighbour in the step's direction
    below = np.abs(step) < np.abs(toward - p) / 2
    return bool(np.all(below) and np.array_equal(p - step, p))


@pytest.fixture(scope="module")
def stall():
    return hb.float32_stall(), hb.seed_gradient_descent(np.float32)


def test_float32_gradient_descent_stalls_below_half_a_gap(stall):
    stall, trajectory = stall
    assert all(s < h for s, h in zip(stall.step_size, stall.half_gap, strict=True))
    assert float32_step_is_a_fixed_point(stall.point)
    assert 1e-6 < stall.distance < 1e-5  # a few millionths short of (3, 2), far above float32's resolution there
    assert np.all(trajectory[stall.step :] == np.float32(stall.point))
    assert not float32_step_is_a_fixed_point(trajectory[stall.step - 1])  # planted: the point before still moves


def test_float64_gradient_descent_reaches_the_minimum():
    k = hb.steps_to_reach(1e-12)
    x = y = 0.0
    distances = []
    for _ in range(k):
        x, y = (
            x - 0.001 * (4 * x * (x * x + y - 11) + 2 * (x + y * y - 7)),
            y - 0.001 * (2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)),
        )
        distances.append(math.hypot(x - 3, y - 2))
    assert distances[-1] < 1e-12 <= distances[-2]  # k steps get there, k − 1 do not
    assert hb.steps_to_reach(1e-12, np.float32, max_steps=3000) is None  # float32 stalls after 481 steps


def adam_float32_by_hand(steps: int):
    """Adam from (0, 0), lr = 0.001, in float32 scalars, operations placed as PyTorch's pseudo-code has them."""
    f32 = np.float32
    x = y = m1 = m2 = v1 = v2 = f32(0)
    last = 0
    for t in range(1, steps + 1):
        a, b = x * x + y - f32(11), x + y * y - f32(7)
        gx, gy = (2 * a) * (2 * x) + 2 * b, 2 * a + (2 * b) * (2 * y)
        m1, m2 = f32(0.9) * m1 + f32(0.1) * gx, f32(0.9) * m2 + f32(0.1) * gy
        v1, v2 = f32(0.999) * v1 + f32(0.001) * gx * gx, f32(0.999) * v2 + f32(0.001) * gy * gy
        c1, c2 = f32(1 - 0.9**t), f32(1 - 0.999**t)
        nx = x - f32(0.001) * (m1 / c1) / (np.sqrt(v1 / c2) + f32(1e-8))
        ny = y - f32(0.001) * (m2 / c1) / (np.sqrt(v2 / c2) + f32(1e-8))
        last = t if (nx, ny) != (x, y) else last
        x, y = nx, ny
    return (float(x), float(y)), last


def test_adam_from_the_seeds_start_lands_on_three_two_in_float32():
    run = hb.seed_adam_runs(np.float32, starts=((0.0, 0.0),), steps=15000)[0]
    assert (run.end, run.minimum, run.distance, run.dtype) == ((3.0, 2.0), 0, 0.0, "float32")
    assert (run.end, run.last_move) == adam_float32_by_hand(15000)
    early = hb.seed_adam_runs(np.float32, starts=((0.0, 0.0),), steps=run.last_move - 1)[0]
    assert early.end != (3.0, 2.0)  # planted: one step short is not there yet
    moved = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.5], [1.0, 0.5]])
    assert hb.summarise_run(moved).last_move == 2


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\)"):
        hb.himmelblau([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="unknown method"):
        hb.basin_of((0.0, 0.0), "newton")
    with pytest.raises(ValueError, match="one point"):
        hb.basin_of([[0.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="n must be an integer"):
        hb.basins_grid(1)
    with pytest.raises(ValueError, match="tolerance must be positive"):
        hb.steps_to_reach(0.0)
