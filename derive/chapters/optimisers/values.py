"""The numbers the optimisers page quotes, each computed at build time."""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp

from derive.chapters.optimisers import derivations_adaptive as da
from derive.chapters.optimisers import derivations_momentum as dm
from derive.chapters.optimisers import experiments as ex
from derive.core.registry import value
from derive.numerics import himmelblau as hb


def _tag(number) -> str:
    return f"{float(number):g}".replace(".", "_").replace("-", "m")


# ---------------------------------------------------------------- momentum
def _register_momentum():
    for run, r in ex.SEED_RUNS.items():
        value(f"opt_{run}_lr", fmt="{:g}", symbol=r"\alpha")(lambda r=r: r.lr)
        value(f"opt_{run}_beta", fmt="{:g}", symbol=r"\beta")(lambda r=r: r.momentum)
        value(f"opt_{run}_steps", fmt="{:d}")(lambda r=r: r.steps)
        value(f"opt_{run}_gd_distance", fmt="{:.3g}")(lambda run=run: ex.distances(run)[0])
        value(f"opt_{run}_momentum_distance", fmt="{:.3g}")(lambda run=run: ex.distances(run)[1])
        for k, axis in enumerate("xy"):
            value(f"opt_{run}_h_{axis}", fmt="{:g}", symbol="h")(lambda run=run, k=k: ex.run_points(run)[k][0])
            value(f"opt_{run}_radius_{axis}", fmt="{:.4f}")(lambda run=run, k=k: ex.run_radii(run)[k])
            value(f"opt_{run}_gd_factor_{axis}", fmt="{:g}")(lambda run=run, k=k: ex.gd_factors(run)[k])
        value(f"opt_{run}_edge", fmt="{:g}")(lambda r=r: ex.stability_edge_at(r.momentum))
        value(f"opt_{run}_complex_band", fmt="{:.4f}")(lambda r=r: ex.complex_band_at(r.momentum))


_register_momentum()


@value("opt_sqrt_half", fmt="{:.4f}")
def sqrt_half() -> float:
    """√β for β = 0.5: the modulus of complex eigenvalues (opt_momentum_det)."""
    return float(np.sqrt(ex.SEED_RUNS["edge"].momentum))


@value("opt_effective_rate_slow", fmt="{:g}")
def effective_rate_slow() -> float:
    """α / (1 − β) for the slow run, exactly: 0.01 / 0.2."""
    r = ex.SEED_RUNS["slow"]
    return float(Fraction(str(r.lr)) / (1 - Fraction(str(r.momentum))))


# ---------------------------------------------------------------- Adagrad, RMSprop, Adam
@value("opt_rmsprop_lr", fmt="{:g}", symbol=r"\alpha")
def rmsprop_lr() -> float:
    return ex.RMSPROP_LR


@value("opt_rmsprop_first_move", fmt="{:.6g}")
def rmsprop_first_move():
    return ex.rmsprop_first_move()


@value("opt_rmsprop_factor", fmt="{:g}")
def rmsprop_factor() -> float:
    """α/√(1 − ρ) per unit α at PyTorch's default ρ = 0.99, from opt_rmsprop_first_step."""
    return float(da.rmsprop_first_step.final.subs({da.alpha: 1, da.rho: sp.Rational(99, 100)}))


@value("opt_adagrad_first_move", fmt="{:.6g}")
def adagrad_first_move():
    return ex.adagrad_first_move()


@value("opt_adagrad_no_eps", fmt="{}")
def adagrad_no_eps() -> float:
    return ex.adagrad_zero_gradient()[0]


@value("opt_adagrad_with_eps", fmt="{:g}")
def adagrad_with_eps() -> float:
    return ex.adagrad_zero_gradient()[1]


@value("opt_adam_uncorrected_factor", fmt="{:.4f}")
def adam_uncorrected_factor() -> float:
    """(1 − β₁)/√(1 − β₂) at PyTorch's betas (0.9, 0.999), from opt_adam_uncorrected_first_step."""
    betas = {da.alpha: 1, da.beta1: sp.Rational(9, 10), da.beta2: sp.Rational(999, 1000)}
    return float(da.adam_uncorrected.final.doit().subs(betas))


@value("opt_adam_sum_to_t_first", fmt="{:.4f}")
def adam_sum_to_t_first() -> float:
    """The first corrected mean, in units of g, if the weights were summed to t: (1 − β₁)/((1 − β₁)Σ₀ᵗ β₁ⁱ)."""
    b1 = sp.Rational(9, 10)
    wrong = (1 - b1) * dm.geometric_sum_to_t.final.subs({dm.beta: b1, dm.t: 1})
    return float((1 - b1) / wrong)


# ---------------------------------------------------------------- Himmelblau
def _points(kind):
    return [p for p in hb.himmelblau_stationary_points() if p.kind == kind]


def _register_stationary():
    for kind in ("minimum", "saddle", "maximum"):
        for k, p in enumerate(_points(kind)):
            name = f"opt_hb_{kind}_{k}"
            value(f"{name}_xy", fmt="{:.6f}")(lambda p=p: (p.x, p.y))
            value(f"{name}_f", fmt="{:.4g}")(lambda p=p: p.value)
            value(f"{name}_eig", fmt="{:.2f}")(lambda p=p: p.eigenvalues)
            value(f"{name}_grad", fmt="{:.1e}")(
                lambda p=p: float(np.max(np.abs(hb.himmelblau_gradient(np.array([p.x, p.y])))))
            )


_register_stationary()


@functools.cache
def _printed():
    return hb.seed_printed_fourth_minimum()


@value("opt_hb_printed_error", fmt="{:.2g}")
def printed_error():
    return _printed().error


@value("opt_hb_printed_f", fmt="{:.3g}")
def printed_f() -> float:
    return _printed().value_at_printed


@functools.cache
def _stall():
    return hb.float32_stall()


@value("opt_hb_stall_step", fmt="{:d}")
def stall_step() -> int:
    return _stall().step


@value("opt_hb_stall_point", fmt="{:.9g}")
def stall_point():
    return _stall().point


@value("opt_hb_stall_distance", fmt="{:.2g}")
def stall_distance() -> float:
    return _stall().distance


@value("opt_hb_stall_step_size", fmt="{:.3g}")
def stall_step_size():
    return _stall().step_size


@value("opt_hb_stall_half_gap", fmt="{:.3g}")
def stall_half_gap():
    return _stall().half_gap


@value("opt_hb_float64_steps", fmt="{:d}")
def float64_steps() -> int:
    return hb.steps_to_reach(1e-12, np.float64)


@value("opt_hb_float32_reaches", fmt="{}")
def float32_reaches() -> str:
    """Whether float32 ever comes within 1e-12 (it cannot: the floats near 3 are 2.4e-7 apart)."""
    return "never" if hb.steps_to_reach(1e-12, np.float32) is None else "yes"


@value("opt_hb_lr", fmt="{:g}", symbol=r"\alpha")
def hb_lr() -> float:
    return hb.SEED_LR


@value("opt_hb_steps", fmt="{:d}")
def hb_steps() -> int:
    return hb.SEED_STEPS


@value("opt_sgd_vs_gd", fmt="{:g}")
def sgd_vs_gd() -> float:
    return ex.sgd_equals_gd()


@functools.cache
def _adam_runs():
    return hb.seed_adam_runs(np.float32)


@functools.cache
def _gd_basins():
    return [hb.basin_of(s, "gd") for s in hb.ADAM_STARTS]


def _register_runs():
    for k, start in enumerate(hb.ADAM_STARTS):
        value(f"opt_hb_start_{k}", fmt="{:g}")(lambda start=start: start)
        value(f"opt_hb_adam_end_{k}", fmt="{:.5f}")(lambda k=k: _adam_runs()[k].end)
        value(f"opt_hb_adam_distance_{k}", fmt="{:.1e}")(lambda k=k: _adam_runs()[k].distance)
        value(f"opt_hb_adam_minimum_{k}", fmt="{:d}")(lambda k=k: _adam_runs()[k].minimum + 1)
        value(f"opt_hb_gd_minimum_{k}", fmt="{:d}")(lambda k=k: _gd_basins()[k] + 1)


_register_runs()


# ---------------------------------------------------------------- the explorer
def _register_explorer():
    for surface in ex.EXPLORER_SURFACES:
        for rate in (0.02, 0.04, 0.051):
            value(f"opt_explorer_end_{surface}_{_tag(rate)}", fmt="{:.6g}")(
                lambda surface=surface, rate=rate: tuple(float(v) for v in ex.explorer_path(surface, rate)[-1])
            )
    for rate in (0.02, 0.04, 0.051):
        value(f"opt_explorer_rate_{_tag(rate)}", fmt="{:g}")(lambda rate=rate: rate)
    value("opt_explorer_grid_step", fmt="{:g}")(lambda: float(ex.EXPLORER_RATES[1] - ex.EXPLORER_RATES[0]))
    for surface in ex.EXPLORER_SURFACES:
        value(f"opt_explorer_zigzag_{surface}", fmt="{:g}")(lambda surface=surface: ex.explorer_data_bounds(surface)[0])
        value(f"opt_explorer_limit_{surface}", fmt="{:g}")(lambda surface=surface: ex.explorer_data_bounds(surface)[1])


_register_explorer()
