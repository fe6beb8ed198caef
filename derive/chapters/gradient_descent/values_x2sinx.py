"""The numbers the gradient-descent page quotes about x² sin x, and the source's own numbers beside them."""

from __future__ import annotations

import functools

import sympy as sp

from derive.chapters.gradient_descent import derivations_quadratic as quad
from derive.chapters.gradient_descent import experiments
from derive.chapters.gradient_descent import source_code as seed
from derive.core.registry import value

MINIMUM_GUESS, MAXIMUM_GUESS = 5, 2  # where nsolve starts: right and left of the start 2.5


@functools.cache
def _critical_point(guess) -> sp.Float:
    return experiments.critical_point_near(guess, seed.X2SINX_DIGITS)


@value("gd_x2sinx_start", fmt="{:g}", symbol="x")
def start() -> float:
    return seed.X2SINX_START


@value("gd_x2sinx_rate", fmt="{:g}", symbol=r"\eta")
def rate() -> float:
    return seed.X2SINX_RATE


@value("gd_x2sinx_steps", fmt="{:d}")
def steps() -> int:
    return seed.X2SINX_STEPS


@value("gd_x2sinx_tolerance", fmt="{}")
def tolerance_tex() -> str:
    """The tolerance as a power of ten, in TeX."""
    exponent = round(sp.log(sp.Rational(str(seed.X2SINX_TOLERANCE)), 10))
    return f"10^{{{exponent}}}"


@value("gd_x2sinx_digits", fmt="{:d}")
def digits() -> int:
    return seed.X2SINX_DIGITS


@value("gd_x2sinx_slope_at_start", fmt="{:.4f}", symbol="f'(x_0)")
def slope_at_start() -> float:
    return experiments.x2sinx_at(quad.exact(seed.X2SINX_START), order=1)


@value("gd_x2sinx_seed_slope", fmt="{:g}")
def seed_slope() -> float:
    """What the source says the slope at 2.5 is."""
    return seed.SEED_SLOPE_AT_START


@value("gd_x2sinx_seed_full_step", fmt="{:g}")
def seed_full_step() -> float:
    return seed.seed_full_step()


@value("gd_x2sinx_seed_minimum", fmt="{:g}")
def seed_minimum() -> float:
    return seed.SEED_MINIMUM


@value("gd_x2sinx_seed_claimed_update", fmt="{:g}")
def seed_claimed_update() -> float:
    return seed.SEED_UPDATE


@value("gd_x2sinx_seed_update", fmt="{:g}")
def seed_update() -> float:
    """The source's own numbers, redone: 2.5 − 0.005 · (−10)."""
    return seed.seed_update()


@value("gd_x2sinx_first_step", fmt="{:.4f}")
def first_step() -> float:
    return float(seed.x2sinx_run()[1])


@value("gd_x2sinx_full_step", fmt="{:.4f}")
def full_step() -> float:
    """2.5 − f′(2.5): the step without a learning rate (η = 1) that the source warns against."""
    return seed.X2SINX_START - slope_at_start()


@value("gd_x2sinx_local_min", fmt="{:.4f}")
def local_minimum() -> float:
    return float(_critical_point(MINIMUM_GUESS))


@value("gd_x2sinx_local_max", fmt="{:.4f}")
def local_maximum() -> float:
    """The critical point just left of 2.5: a maximum, which is why the slope at 2.5 points downhill to the right."""
    return float(_critical_point(MAXIMUM_GUESS))


@value("gd_x2sinx_curvature_at_min", fmt="{:.2f}", symbol="f''")
def curvature_at_minimum() -> float:
    return experiments.x2sinx_at(_critical_point(MINIMUM_GUESS), order=2)


@value("gd_x2sinx_curvature_at_max", fmt="{:.2f}", symbol="f''")
def curvature_at_maximum() -> float:
    return experiments.x2sinx_at(_critical_point(MAXIMUM_GUESS), order=2)


@value("gd_x2sinx_value_at_min", fmt="{:.4f}", symbol="f")
def value_at_minimum() -> float:
    return experiments.x2sinx_at(_critical_point(MINIMUM_GUESS))


@value("gd_x2sinx_after_10", fmt="{:.4f}")
def after_ten_steps() -> float:
    return float(seed.x2sinx_run()[10])


@value("gd_x2sinx_end", fmt="{:.6f}")
def descent_end() -> float:
    return float(seed.x2sinx_run()[-1])


@value("gd_x2sinx_steps_to_tolerance", fmt="{:d}")
def steps_to_tolerance() -> int:
    """The first step from which the iterate stays within the tolerance of the minimum."""
    return experiments.steps_to_tolerance(seed.x2sinx_run(), local_minimum(), seed.X2SINX_TOLERANCE)


@value("gd_x2sinx_rate_limit", fmt="{:.4f}")
def rate_limit_at_minimum() -> float:
    """Near the minimum f is close to a quadratic with a = f″/2, so rates above 1/a = 2/f″ diverge."""
    return quad.largest_stable_rate(sp.Float(curvature_at_minimum(), 30) / 2)
