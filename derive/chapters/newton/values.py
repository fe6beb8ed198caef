"""The numbers the Newton page quotes, each computed when the page asks for it."""

from __future__ import annotations

import math

import sympy as sp

from derive.chapters.newton import experiments as ex
from derive.chapters.newton import source_code as seed
from derive.chapters.newton.derivations_hessian import newton_step_cubic, newton_step_quartic, px
from derive.core.registry import value
from derive.numerics.floats import ulps_apart
from derive.numerics.roots import MAX_CBRT_ITERATIONS, MAX_SQRT_ITERATIONS, sqrt_iterates


@value("newton_sqrt_max_iterations", fmt="{:d}")
def sqrt_max_iterations() -> int:
    return MAX_SQRT_ITERATIONS


@value("newton_cbrt_max_iterations", fmt="{:d}")
def cbrt_max_iterations() -> int:
    return MAX_CBRT_ITERATIONS


@value("newton_sqrt_digits_2", fmt="{:.1f}")
def sqrt_digits_of_two() -> tuple[float, ...]:
    """Correct digits of each iterate of newton_sqrt(2), starting point first."""
    return tuple(ex.digits_of_newton_sqrt(2.0))


@value("newton_sqrt_iterations_2", fmt="{:d}")
def sqrt_iterations_of_two() -> int:
    return len(sqrt_iterates(2.0)) - 1


@value("newton_seed_start", fmt="{:d}", symbol="x_0")
def seed_start() -> int:
    """The source's starting point for every root."""
    return seed.SEED_START


@value("newton_slow_start_K", fmt="{}", symbol="K")
def slow_start_K() -> str:
    return ex.tex_number(ex.SEED_START_K)


@value("newton_seed_start_iterations_5e6", fmt="{:d}")
def seed_start_iterations() -> int:
    """Exact-arithmetic Newton steps from the source's start until sqrt(5e6) is good to 16 digits."""
    digits = ex.digits_from_one(ex.SEED_START_K, 100)
    return next(k for k, d in enumerate(digits) if d >= 16)


@value("newton_halving_steps_5e6", fmt="{:d}")
def halving_steps() -> int:
    """Steps from the source's start before sqrt(5e6) has a single correct digit: the slow, halving phase."""
    return next(k for k, d in enumerate(ex.digits_from_one(ex.SEED_START_K, 100)) if d >= 1)


@value("newton_tangent_point", fmt="{:g}", symbol="m")
def tangent_point() -> float:
    """Where the robust code's start, the tangent line (1 + m)/2, touches √m: SymPy solves (1 + m)/2 = √m."""
    m = sp.Symbol("m", positive=True)
    (touch,) = sp.solve((1 + m) / 2 - sp.sqrt(m), m)
    return float(touch)


def _register_seed_printed():
    """The source's printed results for K = 2, 3, 4, reproduced, next to the correctly rounded roots."""
    for K_ in (2, 3, 4):
        for root, loop in (("sqrt", seed.naive_sqrt), ("cbrt", seed.naive_cbrt)):
            value(f"newton_seed_{root}_{K_}", fmt="{!r}")(lambda loop=loop, K_=K_: loop(K_).value)
            value(f"newton_correct_{root}_{K_}", fmt="{!r}")(
                lambda root=root, K_=K_: seed.correct_root(root, float(K_))
            )
            value(f"newton_seed_{root}_{K_}_ulps", fmt="{:,d}")(
                lambda loop=loop, root=root, K_=K_: ulps_apart(loop(K_).value, seed.correct_root(root, float(K_)))
            )


_register_seed_printed()


def _k_text(K: float) -> str:
    return "nan" if math.isnan(K) else f"{K:.10g}"


def _number_text(v: float) -> str:
    return repr(v)  # the shortest text that reads back as the same double: shows a one-ulp difference


def _result_text(row: seed.NaiveFailure) -> str:
    return row.error or _number_text(row.value)


def _register_naive_table():
    """Four values per row of the failure table; the loops run only when a page asks for a value."""
    for _, root, K in seed.NAIVE_CASES:
        case = seed.naive_case_id(root, K)

        def row(case=case):
            return seed.naive_failure_rows()[case]

        value(f"newton_naive_{case}_K", fmt="{}")(lambda K=K: _k_text(K))
        value(f"newton_naive_{case}_value", fmt="{}")(lambda row=row: _result_text(row()))
        value(f"newton_naive_{case}_steps", fmt="{:,d}")(lambda row=row: row().iterations)
        value(f"newton_naive_{case}_correct", fmt="{}")(lambda row=row: _number_text(row().correct))
        if not math.isnan(K) and K == int(K):  # the inputs the prose names in its maths
            value(f"newton_naive_{case}_K_tex", fmt="{}", symbol="K")(lambda K=K: ex.tex_number(K))


_register_naive_table()


@value("newton_naive_sqrt_minus1_first_step", fmt="{:g}", symbol="x")
def first_step_for_minus_one() -> float:
    """Where the source's first square-root step for K = -1 lands: (1 + (-1)/1)/2 = 0, exactly."""
    return seed.naive_sqrt(-1.0, max_iterations=1).value + 0.0


def _square_residual(v: float, K_: float) -> float:
    return abs(v * v - K_)


@value("newton_naive_sqrt_4196720_residual", fmt="{:.2e}")
def stuck_residual() -> float:
    """|x*x - K| at the value where the square-root loop for K = 4196720 stays forever."""
    return _square_residual(seed.naive_sqrt(4196720.0).value, 4196720.0)


@value("newton_naive_sqrt_4196720_residual_at_root", fmt="{:.2e}")
def stuck_residual_at_root() -> float:
    """|x*x - K| at the correctly rounded root, one double away: it passes the test."""
    return _square_residual(math.sqrt(4196720.0), 4196720.0)


@value("newton_naive_sqrt_4196720_ulps", fmt="{:d}")
def stuck_ulps() -> int:
    return ulps_apart(seed.naive_sqrt(4196720.0).value, math.sqrt(4196720.0))


@value("newton_naive_sqrt_4196720_spacing", fmt="{:.2e}")
def stuck_spacing() -> float:
    """The distance between neighbouring doubles near K = 4196720: every residual is a multiple of it."""
    return math.ulp(4196720.0)


@value("newton_naive_sqrt_2e16_best_residual", fmt="{:g}")
def best_residual_2e16() -> float:
    """The smallest |x*x - K| over the doubles x within 8 ulps of sqrt(2e16): far above 1e-9."""
    K_ = 2e16
    near = [math.sqrt(K_)]
    for _ in range(8):
        near = [math.nextafter(near[0], 0.0), *near, math.nextafter(near[-1], math.inf)]
    return min(_square_residual(v, K_) for v in near)


@value("newton_iterations_robust_4196720", fmt="{:d}")
def robust_iterations_4196720() -> int:
    return len(sqrt_iterates(4196720.0)) - 1


@value("newton_iterations_robust_1e308", fmt="{:d}")
def robust_iterations_1e308() -> int:
    return len(sqrt_iterates(1e308)) - 1


# ---------------------------------------------------------------- Newton against gradient descent


@value("newton_quartic_learning_rate", fmt="{}", symbol=r"\eta")
def quartic_learning_rate() -> str:
    return ex.tex_number(ex.QUARTIC_LEARNING_RATE)


@value("newton_cubic_learning_rate", fmt="{}", symbol=r"\eta")
def cubic_learning_rate() -> str:
    return ex.tex_number(ex.CUBIC_LEARNING_RATE)


@value("newton_quartic_newton_end", fmt="{:.4f}")
def quartic_newton_end():
    return tuple(ex.quartic_paths()[0][-1])


@value("newton_quartic_gd_end", fmt="{:.2f}")
def quartic_gd_end():
    return tuple(ex.quartic_paths()[1][-1])


@value("newton_quartic_gd_first", fmt="{:.1f}")
def quartic_gd_first():
    return tuple(ex.quartic_paths()[1][1])


@value("newton_quartic_ratio", fmt="{}")
def quartic_ratio() -> str:
    """What one Newton step multiplies each coordinate by, read off the derivation's last line."""
    return str(sp.simplify(newton_step_quartic.final[0] / px))


@value("newton_quartic_gd_first_factor", fmt="{:.1f}")
def quartic_gd_first_factor() -> float:
    """What the first gradient step multiplies x by, 1 - 40·η·x² at the start: negative means overshoot."""
    start, first = ex.quartic_paths()[1][:2]
    return float(first[0] / start[0])


@value("newton_cubic_ratio", fmt="{}")
def cubic_ratio() -> str:
    return str(sp.simplify(newton_step_cubic.final[0] / px))


@value("newton_cubic_newton_end", fmt="{:.1e}")
def cubic_newton_end():
    return tuple(ex.cubic_paths()[0][-1])


@value("newton_cubic_gd_first", fmt="{:.2f}")
def cubic_gd_first():
    return tuple(ex.cubic_paths()[1][1])


@value("newton_cubic_gd_end", fmt="{:.2f}")
def cubic_gd_end():
    return tuple(ex.cubic_paths()[1][-1])


@value("newton_cubic_f_gd_end", fmt="{}", symbol="f")
def cubic_f_gd_end() -> str:
    """f where gradient descent ends on the cubic, with a thousands separator that maths typesets."""
    return f"{ex.example_value('cubic', ex.cubic_paths()[1][-1]):,.0f}".replace(",", "{,}")


@value("newton_quadratic_one_step", fmt="{:g}")
def quadratic_one_step():
    return ex.quadratic_one_step()


def _register_double_well():
    for start in ex.DOUBLE_WELL_STARTS:
        tag = f"{start:g}".replace(".", "_")
        value(f"newton_double_well_start_{tag}", fmt="{:g}", symbol="x")(lambda start=start: start)
        value(f"newton_double_well_end_from_{tag}", fmt="{:g}")(lambda start=start: ex.double_well_end(start))
        value(f"newton_double_well_curvature_from_{tag}", fmt="{:g}", symbol="f''")(
            lambda start=start: ex.double_well_curvature(ex.double_well_end(start))
        )


_register_double_well()


@value("newton_hessian_terabytes", fmt="{:g}")
def hessian_terabytes() -> float:
    """Memory for the Hessian of a model with a million parameters, in float64: n² entries × 8 bytes."""
    n = 10**6
    return n * n * 8 / 1e12
