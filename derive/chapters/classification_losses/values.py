"""The numbers the classification page quotes, each computed when a page asks for it."""

from __future__ import annotations

import functools
import itertools

import numpy as np

from derive.chapters.classification_losses import experiments as ex
from derive.chapters.classification_losses import source_code as src
from derive.chapters.classification_losses.derivations_batch import BATCH_LABELS
from derive.chapters.classification_losses.derivations_indicators import (
    RULES,
    SEED_OR_LEFT,
    SEED_OR_RIGHT,
    SELECT_K,
    counterexamples,
    seed_or_failures,
    truth_table,
    x_real,
)
from derive.chapters.classification_losses.derivations_mse import TARGET
from derive.chapters.classification_losses.derivations_softmax import Y_SOFTMAX
from derive.chapters.classification_losses.derivations_svm import SVM_CASES
from derive.core.registry import value
from derive.numerics.losses import softmax, softmax_cross_entropy, softmax_cross_entropy_per_row, svm_loss

# ---------------------------------------------------------------- the labels the derivations use
for _C, _y in SVM_CASES.items():
    value(f"svm_true_class_c{_C}", fmt="{:d}", symbol="y")(lambda y=_y: y)
for _row, _label in enumerate(BATCH_LABELS, start=1):
    value(f"batch_label_{_row}", fmt="{:d}", symbol=f"y^{{({_row})}}")(lambda label=_label: label)
value("softmax_true_class", fmt="{:d}", symbol="y")(lambda: Y_SOFTMAX)
value("indicator_select_k", fmt="{:d}", symbol="k")(lambda: SELECT_K)
value("mse_target", fmt="{:d}", symbol="t")(lambda: TARGET)


# ---------------------------------------------------------------- the truth tables
def _truth_value(rule: str, side: int, values) -> int:
    return [row for row in truth_table(*RULES[rule][:2]) if row[0] == values][0][1 + side]


def _register_truth_table():
    """One value per cell of the page's truth table: rows (1{A}, 1{B}) = 00, 01, 10, 11."""
    columns = {
        "and_lhs": ("and", 0),
        "and_rhs": ("and", 1),
        "or_lhs": ("or", 0),
        "or_seed": ("or_seed", 1),
        "or_rhs": ("or", 1),
    }
    for values in itertools.product([False, True], repeat=2):
        tag = "".join(str(int(v)) for v in values)
        for column, (rule, side) in columns.items():
            value(f"indicator_{column}_{tag}", fmt="{:d}")(
                lambda rule=rule, side=side, values=values: _truth_value(rule, side, values)
            )


_register_truth_table()


@value("indicator_or_seed_counterexample", fmt="{}", symbol=r"(\mathbf{1}\{A\}, \mathbf{1}\{B\})")
def seed_or_counterexample() -> str:
    """The truth assignment at which the source's OR rule fails, as (1{A}, 1{B})."""
    (values,) = counterexamples(*RULES["or_seed"][:2])
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


@value("indicator_seed_example_x", fmt="{:d}", symbol="x")
def seed_or_example_x() -> int:
    return seed_or_failures()[0]


@value("indicator_seed_example_lhs", fmt="{}")
def seed_or_example_lhs():
    return SEED_OR_LEFT.subs(x_real, seed_or_example_x())


@value("indicator_seed_example_rhs", fmt="{}")
def seed_or_example_rhs():
    return SEED_OR_RIGHT.subs(x_real, seed_or_example_x())


@value("indicator_seed_example_first_fail", fmt="{:d}")
def seed_or_first_fail() -> int:
    return seed_or_failures()[0]


@value("indicator_seed_example_last_fail", fmt="{:d}")
def seed_or_last_fail() -> int:
    return seed_or_failures()[-1]


# ---------------------------------------------------------------- the general formulas
@value("general_formula_cases", fmt="{:d}")
def general_formula_cases() -> int:
    """How many (C, y) pairs the general formulas are compared on: C = 2..6, every y."""
    return sum(C for C in ex.GENERAL_CLASSES)


@value("general_formula_max_gap", fmt="{:.1e}")
def general_formula_max_gap() -> float:
    return max(
        ex.general_formula_gap(kind, C, y)
        for kind in ("svm", "ce")
        for C in ex.GENERAL_CLASSES
        for y in range(1, C + 1)
    )


# ---------------------------------------------------------------- cross-entropy in floating point
@value("exp_overflow_log", fmt="{:.2f}")
def exp_overflow_log() -> float:
    """The largest s whose e^s is a finite double: log of the largest double."""
    return float(np.log(np.finfo(float).max))


@value("ce_tiny_usual", fmt="{:g}")
def ce_tiny_usual() -> float:
    return float(ex.usual_cross_entropy([ex.TINY_ROW], np.array([ex.TINY_LABEL]))[0])


@value("ce_tiny_stable", fmt="{:.4e}")
def ce_tiny_stable() -> float:
    return float(softmax_cross_entropy_per_row(np.array([ex.TINY_ROW]), np.array([ex.TINY_LABEL]))[0])


@value("ce_tiny_exact", fmt="{:.4e}")
def ce_tiny_exact() -> float:
    return ex.exact_cross_entropy(ex.TINY_ROW, ex.TINY_LABEL)


@value("ce_tiny_usual_gradient", fmt="{:g}")
def ce_tiny_usual_gradient() -> float:
    """p_y − 1 computed as written: p_y rounds to 1.0, so the gradient is exactly 0."""
    return float(softmax(np.array(ex.TINY_ROW))[ex.TINY_LABEL] - 1.0)


@value("ce_tiny_stable_gradient", fmt="{:.4e}")
def ce_tiny_stable_gradient() -> float:
    _, dS = softmax_cross_entropy(np.array([ex.TINY_ROW]), np.array([ex.TINY_LABEL]))
    return float(dS[0, ex.TINY_LABEL])


@value("ce_log1p_threshold", fmt="{:.1e}")
def ce_log1p_threshold() -> float:
    """Below half the machine epsilon, 1 + r rounds to 1 and log(1 + r) is exactly 0."""
    return float(np.finfo(float).eps / 2)


@value("ce_underflow_log_p", fmt="{:g}")
def ce_underflow_log_p() -> float:
    """−log of the max-subtracted softmax: p_y underflows to 0, so the loss is inf."""
    with np.errstate(divide="ignore"):
        return float(-np.log(softmax(np.array(ex.UNDERFLOW_ROW))[ex.UNDERFLOW_LABEL]))


@value("ce_underflow_p", fmt="{:g}", symbol="p_y")
def ce_underflow_p() -> float:
    return float(softmax(np.array(ex.UNDERFLOW_ROW))[ex.UNDERFLOW_LABEL])


@value("ce_underflow_stable", fmt="{:g}")
def ce_underflow_stable() -> float:
    return float(softmax_cross_entropy_per_row(np.array([ex.UNDERFLOW_ROW]), np.array([ex.UNDERFLOW_LABEL]))[0])


@value("ce_underflow_naive_p1", fmt="{}")
def ce_underflow_naive_p1() -> str:
    """p_1 of the softmax without the max subtraction: e^1000 overflows, inf/inf = nan."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array(ex.UNDERFLOW_ROW))
        return str(float((e / e.sum())[0]))


# ---------------------------------------------------------------- the source's code, run as printed
@value("seed_svm_error", fmt="{}")
def seed_svm_error() -> str:
    return src.run_reporting_errors(src.seed_svm_loss, src.EXAMPLE_S.copy(), src.EXAMPLE_Y)


@value("seed_softmax_error", fmt="{}")
def seed_softmax_error() -> str:
    return src.run_reporting_errors(src.seed_softmax_loss, src.EXAMPLE_S.copy(), src.EXAMPLE_Y)


@value("seed_softmax_loss_without_log", fmt="{:.4f}")
def seed_softmax_loss_without_log() -> float:
    return float(src.seed_softmax_loss_with_n(src.EXAMPLE_S.copy(), src.EXAMPLE_Y)[0])


@value("ce_example_loss", fmt="{:.4f}")
def ce_example_loss() -> float:
    return float(softmax_cross_entropy(src.EXAMPLE_S, src.EXAMPLE_Y)[0])


@value("seed_softmax_gradient_difference", fmt="{:.1e}")
def seed_softmax_gradient_difference() -> float:
    """Largest |dS| difference between the source's code (with N fixed) and derive.numerics.losses."""
    return float(
        np.abs(
            src.seed_softmax_loss_with_n(src.EXAMPLE_S.copy(), src.EXAMPLE_Y)[1]
            - softmax_cross_entropy(src.EXAMPLE_S, src.EXAMPLE_Y)[1]
        ).max()
    )


@value("svm_example_loss", fmt="{:.4f}")
def svm_example_loss() -> float:
    return float(svm_loss(src.EXAMPLE_S, src.EXAMPLE_Y)[0])


@value("seed_svm_float_gradient_difference", fmt="{:g}")
def seed_svm_float_gradient_difference() -> float:
    return float(
        np.abs(
            src.seed_svm_loss_float(src.EXAMPLE_S.copy(), src.EXAMPLE_Y)[1] - svm_loss(src.EXAMPLE_S, src.EXAMPLE_Y)[1]
        ).max()
    )


# ---------------------------------------------------------------- the hinge at its kink
@value("svm_kink_example_margin", fmt="{:g}", symbol="s_1 - s_0 + 1")
def svm_kink_example_margin() -> float:
    return ex.kink_margin()


@value("svm_kink_left_slope", fmt="{:g}")
def svm_kink_left_slope() -> float:
    return ex.kink_one_sided_slopes()[0]


@value("svm_kink_right_slope", fmt="{:g}")
def svm_kink_right_slope() -> float:
    return ex.kink_one_sided_slopes()[1]


@value("svm_kink_ours", fmt="{:g}")
def svm_kink_ours() -> float:
    return float(svm_loss(ex.KINK_S, ex.KINK_Y)[1][0, ex.KINK_J])


@value("svm_kink_seed", fmt="{:g}")
def svm_kink_seed() -> float:
    return float(src.seed_svm_loss_float(ex.KINK_S.copy(), ex.KINK_Y)[1][0, ex.KINK_J])


# ---------------------------------------------------------------- MSE on softmax probabilities
@functools.lru_cache(maxsize=None)
def _mse_on_example():
    return ex.softmax_mse(*ex.mse_example())


@value("softmax_mse_bias", fmt="{:g}", symbol="b")
def softmax_mse_bias() -> float:
    return float(ex.mse_example()[2][0])


@value("softmax_mse_loss", fmt="{:.4f}")
def softmax_mse_loss() -> float:
    return float(_mse_on_example()[0])


@value("softmax_mse_fd_error_w", fmt="{:.1e}")
def softmax_mse_fd_error_w() -> float:
    return ex.mse_gradient_check()[0]


@value("softmax_mse_fd_error_b", fmt="{:.1e}")
def softmax_mse_fd_error_b() -> float:
    return ex.mse_gradient_check()[1]


@value("softmax_mse_db", fmt="{:.4f}")
def softmax_mse_db() -> tuple[float, ...]:
    return tuple(float(v) for v in _mse_on_example()[2])


@value("wrong_p_y", fmt="{:.1e}", symbol="p_y")
def wrong_p_y() -> float:
    return float(softmax(ex.WRONG_S)[0, 0])


@value("wrong_mse_gradient", fmt="{:.1e}")
def wrong_mse_gradient() -> float:
    """∂L/∂s_y of MSE on the softmax for the confidently wrong example."""
    return float(ex.softmax_mse_score_gradient(softmax(ex.WRONG_S), ex.one_hot(ex.WRONG_Y, 2))[0, 0])


@value("wrong_ce_gradient", fmt="{:.5f}", symbol=r"\partial L / \partial s_y")
def wrong_ce_gradient() -> float:
    return float(softmax_cross_entropy(ex.WRONG_S, ex.WRONG_Y)[1][0, 0])
