"""The answers to the gradient-descent page's exercises: a proved derivation and numbers computed from the
chapter's derivations.

Exercise 1 asks for the best fixed rate on 10x² + y² (the surface of the path figures), exercise 2 moves
the minimum of the quadratic away from the origin, exercise 3 asks for the steepest direction at the start
of the feature-scaling experiment.
"""

from __future__ import annotations

import math

import sympy as sp

from derive.chapters.gradient_descent import derivations_quadratic as quad
from derive.chapters.gradient_descent import source_code as seed
from derive.chapters.gradient_descent.symbols import a, b, eta, x, y
from derive.chapters.gradient_descent.values import MILLIONTH
from derive.core.mutations import flip_sign, substitute
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, value

# ---------------------------------------------------------------- exercise 1: the best rate on 10x² + y²
STEEP, FLAT = seed.PATH_SURFACE  # (10, 1): the curvatures of the path figures' surface


@value("gd_ex_best_rate_10", fmt="{:.4f}", symbol=r"\eta^*")
def best_rate_for_10() -> float:
    """The balanced rate 1/(a + b) of gd_balanced_rate, for 10x² + y²."""
    return float(quad.balanced_rate().subs({a: STEEP, b: FLAT}))


@value("gd_ex_best_factor_10", fmt="{:.4f}")
def best_factor_for_10() -> float:
    """(a − b)/(a + b), the last line of gd_best_fixed_rate, for 10x² + y²."""
    return float(quad.best_factor.final.subs({a: STEEP, b: FLAT}))


@value("gd_ex_best_steps_10", fmt="{:d}")
def best_steps_for_10() -> int:
    """Steps at the balanced rate until the distance to the minimum is below a millionth of the start."""
    return math.ceil(math.log(MILLIONTH) / math.log(best_factor_for_10()))


# ---------------------------------------------------------------- exercise 2: a minimum away from the origin
centre = sp.Symbol("c", real=True)  # where the shifted bowl a(x − c)² has its minimum
shifted_bowl = a * (x - centre) ** 2

shifted_bowl_step = derivation(
    "gd_ex_shifted_bowl_step",
    title_en=r"On $a(x - c)^2$ one step multiplies the distance to the minimum by $1 - 2a\eta$",
    title_zh=r"在 $a(x - c)^2$ 上走一步，到极小值点的距离被乘以 $1 - 2a\eta$",
    steps=[
        Step(
            _sum(x, -product(eta, sp.Derivative(shifted_bowl, x)), -centre),
            r"the next iterate minus the minimum $c$",
            r"下一个迭代点减去极小值点 $c$",
        ),
        Step(
            _sum(x, -product(2, a, eta, x - centre), -centre),
            r"chain rule: the derivative of $(x - c)^2$ is $2(x - c)$",
            r"链式法则：$(x - c)^2$ 的导数是 $2(x - c)$",
        ),
        Step(product(1 - 2 * a * eta, x - centre), r"factor out $x - c$", r"提出 $x - c$"),
    ],
    domain={x: (-5.0, 5.0), centre: (-5.0, 5.0), a: (0.1, 30.0), eta: (0.001, 0.2)},
    mutations=[
        flip_sign(),
        substitute(1 - 2 * a * eta, 1 - a * eta, what="the factor 2 of the chain rule dropped"),
        substitute(x - centre, x, what="the distance measured from the origin, not from c"),
    ],
)


# ---------------------------------------------------------------- exercise 3: the steepest direction at the start
def _gradient_at_start() -> tuple[int, int]:
    """The gradient (2ax, 2by) of gd_quadratic_gradient on 20x² + y² at (−60, 70), exactly."""
    curvatures = dict(zip((a, b), seed.SCALING_SURFACES["ellipse"], strict=True))
    px, py = (sp.Rational(str(v)) for v in seed.SCALING_START)
    exact = quad.quadratic_gradient.final.doit().subs({**curvatures, x: px, y: py})
    return int(exact[0]), int(exact[1])


@value("gd_ex_gradient_at_start", fmt="{:d}")
def gradient_at_start() -> tuple[int, int]:
    return _gradient_at_start()


@value("gd_ex_gradient_norm_at_start", fmt="{:.2f}")
def gradient_norm_at_start() -> float:
    """‖∇f‖ at the start: the fastest rate of increase, per unit of distance (gd_first_order_decrease_bound)."""
    return math.hypot(*_gradient_at_start())


@value("gd_ex_steepest_direction_at_start", fmt="{:.4f}")
def steepest_direction_at_start() -> tuple[float, float]:
    """The unit vector ∇f/‖∇f‖ at the start: almost all of it along x, the steep axis."""
    gx, gy = _gradient_at_start()
    norm = math.hypot(gx, gy)
    return gx / norm, gy / norm
