"""The numbers the back-propagation page quotes, each computed here (the page types none of them)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from derive.chapters.backpropagation import experiments as ex
from derive.chapters.backpropagation import source_code as src
from derive.core.registry import value
from derive.numerics import mlp

# What the source post printed after its check, quoted to compare sizes (its random draw is not ours).
SOURCE_PRINTED_DIFFERENCE = 3.414629690112747e-11


@value("bp_parameter_count", fmt="{:d}", symbol="n")
def parameter_count() -> int:
    return ex.parameter_count()


@value("bp_check_eps", fmt="{:g}", symbol=r"\varepsilon")
def check_eps() -> float:
    return mlp.SOURCE_CHECK_EPS


@value("bp_check_max_relative_error", fmt="{:.1e}")
def check_max_relative_error() -> float:
    report = ex.check_report()
    if not report.passed:  # a wrong backward pass stops the build here, on the page that quotes the check
        raise ValueError(
            f"backward() disagrees with central differences (relative error {report.max_relative_error:.1e})"
        )
    return report.max_relative_error


@value("bp_layers_against_proofs", fmt="{:.0e}")
def layers_against_proofs() -> float:
    worst = ex.layer_rules_against_proofs()
    if worst > 1e-12:  # a layer rule that is not its proof stops the build
        raise ValueError(f"mlp.linear_backward differs from the proved formulas by {worst:.1e}")
    return worst


@value("bp_check_max_abs_difference", fmt="{:.1e}")
def check_max_abs_difference() -> float:
    return ex.check_report().max_abs_difference


@value("bp_check_rounding_floor", fmt="{:.1e}")
def check_rounding_floor() -> float:
    return ex.check_report().rounding_floor


@value("bp_check_passed", fmt="{}")
def check_passed() -> str:
    return "yes" if ex.check_report().passed else "no"


@value("bp_source_printed_difference", fmt="{:.2e}", note="quoted from the source post's output")
def source_printed_difference() -> float:
    return SOURCE_PRINTED_DIFFERENCE


@lru_cache(maxsize=None)
def _source_numbers() -> dict:
    return src.source_check_numbers()


@value("bp_source_redo_max_abs_difference", fmt="{:.2e}")
def source_redo_max_abs_difference() -> float:
    return _source_numbers()["max_abs_difference"]


@value("bp_source_redo_max_relative_error", fmt="{:.1e}")
def source_redo_max_relative_error() -> float:
    return _source_numbers()["max_relative_error"]


@value("bp_source_redo_loss", fmt="{:.2f}")
def source_redo_loss() -> float:
    return _source_numbers()["loss"]


@value("bp_source_redo_ulp_over_2eps", fmt="{:.2e}")
def source_redo_ulp_over_2eps() -> float:
    return _source_numbers()["ulp_of_loss_over_2eps"]


@lru_cache(maxsize=None)
def _unrestored() -> dict:
    return src.unrestored_check_effect()


@value("bp_unrestored_copy_moved", fmt="{:d}")
def unrestored_copy_moved() -> int:
    return _unrestored()["copy_not_restored"]["parameters_moved"]


@value("bp_unrestored_copy_loss_change", fmt="{:.1e}")
def unrestored_copy_loss_change() -> float:
    return _unrestored()["copy_not_restored"]["loss_change_on_check_batch"]


@value("bp_unrestored_copy_estimate_error", fmt="{:g}")
def unrestored_copy_estimate_error() -> float:
    return _unrestored()["copy_not_restored"]["estimate_max_abs_error"]


@value("bp_unrestored_inplace_moved", fmt="{:d}")
def unrestored_inplace_moved() -> int:
    return _unrestored()["in_place"]["parameters_moved"]


@value("bp_unrestored_inplace_relative_error", fmt="{:.1e}")
def unrestored_inplace_relative_error() -> float:
    return _unrestored()["in_place"]["estimate_max_relative_error"]


@value("bp_unrestored_inplace_prediction_change", fmt="{:.1e}")
def unrestored_inplace_prediction_change() -> float:
    return _unrestored()["in_place"]["prediction_change_on_fresh_batch"]


@value("bp_restore_by_arithmetic_changed", fmt="{:d}")
def restore_by_arithmetic_changed() -> int:
    return _unrestored()["restore_by_arithmetic"]["parameters_not_bit_identical"]


@value("bp_missing_one_over_m_ratio", fmt="{:g}")
def missing_one_over_m_ratio() -> float:
    factor = src.missing_one_over_m_factor()
    if factor["ratio_min"] != factor["ratio_max"]:
        raise ValueError(f"the ratio should be one number, got {factor}")
    return factor["ratio_min"]


@lru_cache(maxsize=None)
def _one_point() -> dict:
    return src.one_point_check_is_not_proof()


def _register_one_point_values():
    for case in ("mae_without_abs", "bias_mean_not_sum"):
        for where in _ONE_POINT_PLACES[case]:
            name = f"bp_{case}_{where}"
            value(name, fmt="{:.1e}")(lambda c=case, w=where: _one_point()[c][w]["max_relative_error"])
            value(f"{name}_passed", fmt="{}")(
                lambda c=case, w=where: "passes" if _one_point()[c][w]["passed"] else "fails"
            )


_ONE_POINT_PLACES = {
    "mae_without_abs": ("at_source_point", "at_mixed_targets"),
    "bias_mean_not_sum": ("at_batch_1", "at_batch_2"),
}
_register_one_point_values()


@value("bp_sign_at_tie", fmt="{:g}")
def sign_at_tie() -> float:
    return src.sign_at_a_tie()["value_at_tie"]


@value("bp_train_steps", fmt="{:,d}")
def train_steps() -> int:
    return int(ex.training_run()[0].size)


@value("bp_train_loss_start", fmt="{:.2f}")
def train_loss_start() -> float:
    """The mean loss of the first 100 steps."""
    return float(ex.training_run()[0][:100].mean())


@value("bp_train_loss_end", fmt="{:.3f}")
def train_loss_end() -> float:
    """The mean loss of the last 100 steps."""
    return float(ex.training_run()[0][-100:].mean())


@value("bp_fit_mean_error", fmt="{:.3f}")
def fit_mean_error() -> float:
    return ex.fit_errors()["mean"]


@value("bp_fit_max_error", fmt="{:.2f}")
def fit_max_error() -> float:
    return ex.fit_errors()["max"]


@value("bp_best_eps_smooth", fmt="{:.0e}")
def best_eps_smooth() -> float:
    return ex.step_size_curves()["best_eps_smooth"]


@value("bp_optimal_eps_theory", fmt="{:.1e}")
def optimal_eps_theory() -> float:
    return ex.step_size_curves()["optimal_eps_theory"]


@value("bp_smooth_error_at_best", fmt="{:.0e}")
def smooth_error_at_best() -> float:
    return float(np.min(ex.step_size_curves()["smooth"]))


@value("bp_smooth_error_at_source_eps", fmt="{:.0e}")
def smooth_error_at_source_eps() -> float:
    return float(ex.smooth_error_curve((mlp.SOURCE_CHECK_EPS,))[0])


@value("bp_layer_sizes", fmt="{}")
def layer_sizes() -> str:
    return " → ".join(str(n) for n in mlp.LAYER_SIZES)


@value("bp_batch", fmt="{:d}", symbol="m")
def batch() -> int:
    return mlp.SOURCE_BATCH


@value("bp_learning_rate", fmt="{:g}", symbol=r"\eta")
def learning_rate() -> float:
    return mlp.SOURCE_LEARNING_RATE


@value("bp_source_check_batch", fmt="{:d}")
def source_check_batch() -> int:
    return mlp.SOURCE_CHECK_BATCH


@value("bp_float32_rounding_at_check_eps", fmt="{:.0e}")
def float32_rounding_at_check_eps() -> float:
    """u/ε in float32 at the check's step: the relative rounding error of a central difference of a loss near 1."""
    return float(np.finfo(np.float32).eps) / mlp.SOURCE_CHECK_EPS


@value("bp_float64_rounding_at_check_eps", fmt="{:.0e}")
def float64_rounding_at_check_eps() -> float:
    return float(np.finfo(np.float64).eps) / mlp.SOURCE_CHECK_EPS
