"""The numbers the gradient-descent page quotes about gradients, quadratics and feature scaling.

Each is computed when a page (or `python -m derive value NAME`) asks for it: registering runs nothing.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from derive.chapters.gradient_descent import derivations as basics
from derive.chapters.gradient_descent import derivations_quadratic as quad
from derive.chapters.gradient_descent import experiments
from derive.chapters.gradient_descent import source_code as seed
from derive.chapters.gradient_descent.symbols import a, b, eta, x, y
from derive.core.registry import value


def _rate_name(rate: float) -> str:
    return f"{rate:g}".replace(".", "_")


class SeedPrinted(float):
    """A float printed as the source printed it: four decimals, or four significant digits when tiny."""

    def __format__(self, spec: str) -> str:
        if spec == "seed":
            return format(float(self), ".4e" if abs(self) < 1e-3 else ".4f")
        return format(float(self), spec)


# ---------------------------------------------------------------- what a gradient is
SADDLE_POINT = (1, 1)


def _saddle_gradient_at(px, py) -> tuple[int, int]:
    """The last step of the derivation at a point, exactly (the results are integers)."""
    return tuple(int(v) for v in basics.saddle_gradient.final.subs({x: px, y: py}))


@value("gd_saddle_gradient_at_0_0", fmt="{:d}")
def saddle_gradient_at_origin():
    return _saddle_gradient_at(0, 0)


@value("gd_saddle_point", fmt="{:d}")
def saddle_point():
    return SADDLE_POINT


@value("gd_saddle_gradient_at_1_1", fmt="{:d}")
def saddle_gradient_at_one_one():
    return _saddle_gradient_at(*SADDLE_POINT)


# ---------------------------------------------------------------- the regimes of a quadratic
@value("gd_converging_rates", fmt="{}")
def converging_rates_tex() -> str:
    return sp.latex(quad.converging_rates())


@value("gd_zigzag_rates", fmt="{}")
def zigzag_rates_tex() -> str:
    return sp.latex(quad.zigzag_rates())


@value("gd_diverging_rates", fmt="{}")
def diverging_rates_tex() -> str:
    return sp.latex(quad.diverging_rates())


def _register_regime_bounds():
    """The largest stable rate and the onset of the zig-zag, for the page's three surfaces."""
    for curvature, where in ((20, "20x² + y²"), (10, "10x² + y², the surface of the path figures"), (1, "x² + y²")):
        value(f"gd_limit_{curvature}", fmt="{:g}", symbol=r"\eta", note=f"the largest stable rate on {where}")(
            lambda curvature=curvature: quad.largest_stable_rate(curvature)
        )
        value(f"gd_zigzag_{curvature}", fmt="{:g}", symbol=r"\eta", note=f"the zig-zag starts here on {where}")(
            lambda curvature=curvature: quad.zigzag_onset(curvature)
        )


_register_regime_bounds()


# ---------------------------------------------------------------- the paths of §1.3
@value("gd_slow_rate", fmt="{:g}", symbol=r"\eta")
def slow_rate() -> float:
    return seed.SLOW_RATE


@value("gd_edge_rate", fmt="{:g}", symbol=r"\eta")
def edge_rate() -> float:
    return seed.EDGE_RATE


def _register_path_factors():
    for rate in (seed.SLOW_RATE, seed.EDGE_RATE):
        for curvature in seed.PATH_SURFACE:
            value(
                f"gd_factor_{curvature}_at_{_rate_name(rate)}",
                fmt="{:g}",
                note=f"1 − 2aη for a = {curvature}, η = {rate}",
            )(lambda curvature=curvature, rate=rate: quad.factor_at(curvature, rate))


_register_path_factors()


# ---------------------------------------------------------------- feature scaling (§1.4 of the source)
@value("gd_scaling_start", fmt="{:g}")
def scaling_start():
    return seed.SCALING_START


@value("gd_scaling_steps", fmt="{:d}")
def scaling_steps() -> int:
    return seed.SCALING_STEPS


def _register_scaling():
    for rate in seed.SCALING_RATES:
        tag = _rate_name(rate)
        value(f"gd_rate_{tag}", fmt="{:g}", symbol=r"\eta")(lambda rate=rate: rate)
        for surface, (curvature, _) in seed.SCALING_SURFACES.items():
            for axis, coord in (("x", 0), ("y", 1)):
                value(f"gd_scaling_{surface}_{axis}_{tag}", fmt="{:seed}")(
                    lambda surface=surface, rate=rate, coord=coord: SeedPrinted(seed.scaling_end(surface, rate)[coord])
                )
            value(f"gd_factor_{surface}_x_{tag}", fmt="{:g}")(
                lambda curvature=curvature, rate=rate: quad.factor_at(curvature, rate)
            )


_register_scaling()


@value("gd_eta_c_example", fmt="{:.4f}", symbol=r"\eta_c")
def eta_c_example() -> float:
    """η_c for 20x² + y² at (−60, 70): past this rate one step raises the loss (the quadratic's
    second-order expansion is exact)."""
    return experiments.critical_rate(*seed.SCALING_SURFACES["ellipse"], seed.SCALING_START)


@value("gd_scaling_circle_x_0_02_float64", fmt="{:.4f}")
def circle_x_in_float64() -> float:
    return seed.scaling_end("circle", 0.02, np.float64)[0]


@value("gd_scaling_ellipse_x_0_051_float64", fmt="{:.4f}")
def ellipse_x_in_float64() -> float:
    return seed.scaling_end("ellipse", 0.051, np.float64)[0]


def _exact_end_x(surface: str, rate: float) -> float:
    return experiments.closed_form_point(*seed.SCALING_SURFACES[surface], seed.SCALING_START, rate, seed.SCALING_STEPS)[
        0
    ]


@value("gd_scaling_circle_x_0_02_exact", fmt="{:.6f}")
def circle_x_exact() -> float:
    return _exact_end_x("circle", 0.02)


@value("gd_scaling_ellipse_x_0_051_exact", fmt="{:.6f}")
def ellipse_x_exact() -> float:
    return _exact_end_x("ellipse", 0.051)


@value("gd_scaling_gap_float32", fmt="{:.0e}")
def float32_gap() -> float:
    return experiments.gap_to_closed_form(seed.scaling_runs(), np.float32)


@value("gd_scaling_gap_float64", fmt="{:.0e}")
def float64_gap() -> float:
    return experiments.gap_to_closed_form(seed.scaling_runs(), np.float64)


@value("gd_scaling_distance_circle_0_02", fmt="{:.2f}")
def circle_distance() -> float:
    """Distance to the minimum after 10 steps at η = 0.02 on x² + y²."""
    return float(np.hypot(*seed.scaling_end("circle", 0.02)))


@value("gd_scaling_distance_ellipse_0_02", fmt="{:.2f}")
def ellipse_distance() -> float:
    return float(np.hypot(*seed.scaling_end("ellipse", 0.02)))


@value("gd_circle_one_step_rate", fmt="{:g}")
def circle_one_step_rate() -> float:
    """On x² + y² the rate with factor 0 (1 − 2η = 0) reaches the minimum in one step."""
    return float(sp.solve(quad.contraction_factor().subs(a, 1), eta)[0])


@value("gd_ellipse_y_factor_at_limit", fmt="{:g}")
def ellipse_y_factor_at_limit() -> float:
    """The y-factor of 20x² + y² at its largest stable rate: the flat direction barely moves."""
    return quad.factor_at(1, quad.largest_stable_rate(20))


# ---------------------------------------------------------------- speed and curvature
@value("gd_best_rate_20", fmt="{:.4f}")
def best_rate_for_20() -> float:
    return float(quad.balanced_rate().subs({a: 20, b: 1}))


@value("gd_best_factor_20", fmt="{:.4f}")
def best_factor_for_20() -> float:
    return float(quad.best_factor.final.subs({a: 20, b: 1}))


MILLIONTH = 1e-6


@value("gd_best_steps_20", fmt="{:d}")
def steps_for_a_millionth() -> int:
    """Steps until the distance to the minimum is below a millionth of the start, on 20x² + y²."""
    return math.ceil(math.log(MILLIONTH) / math.log(best_factor_for_20()))


@value("gd_best_factor_circle", fmt="{:g}")
def best_factor_for_circle() -> float:
    """On x² + y² (a = b) the balanced rate removes the whole distance in one step."""
    return float(quad.best_factor.final.subs({a: 1, b: 1}))
