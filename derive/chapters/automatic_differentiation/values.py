"""The numbers the automatic-differentiation page quotes, each computed by the chapter's experiments."""

from __future__ import annotations

import math

from derive.chapters.automatic_differentiation import derivations_softmax_mse as smse
from derive.chapters.automatic_differentiation import experiments as ex
from derive.core.registry import value
from derive.numerics.gradcheck import relative_error


# ---------------------------------------------------------------- §1: the polynomial
@value("ad_poly_symbolic", fmt="{:g}")
def poly_symbolic() -> float:
    return ex.polynomial_gradients()[0]


@value("ad_poly_reverse", fmt="{!r}")
def poly_reverse() -> float:
    return ex.polynomial_gradients()[1]


@value("ad_poly_forward", fmt="{!r}")
def poly_forward() -> float:
    return ex.polynomial_gradients()[2]


@value("ad_poly_dx_dy", fmt="{:g}")
def poly_dx_dy() -> float:
    """The derivative of x with respect to y, which the source's wording names: 1/(dy/dx) at x = 2."""
    return 1.0 / ex.polynomial_gradients()[0]


@value("ad_poly_graph_nodes", fmt="{}")
def poly_graph_nodes() -> int:
    from derive.numerics.autograd import count_operations

    return count_operations(ex.polynomial_graph()).nodes


# ---------------------------------------------------------------- §3: the two links
def _two(key):
    return ex.two_link_derivatives()[key]


for _key in ("dy1_dw1", "dy2_dy1", "dy2_dw1", "product", "x1", "w2"):
    value(f"ad_two_link_{_key}", fmt="{!r}")(lambda key=_key: _two(key))


@value("ad_eq_draws", fmt="{:,}")
def eq_draws() -> int:
    return ex.EQUALITY_DRAWS


@value("ad_eq_two_failures", fmt="{}")
def eq_two_failures() -> int:
    return ex.equality_check(2).exact_failures


@value("ad_eq_three_failures", fmt="{:,}")
def eq_three_failures() -> int:
    return ex.equality_check(3).exact_failures


@value("ad_eq_three_failure_percent", fmt="{:.0f} %")
def eq_three_failure_percent() -> float:
    run = ex.equality_check(3)
    return 100 * run.exact_failures / run.draws


@value("ad_eq_three_whole", fmt="{!r}")
def eq_three_whole() -> float:
    return ex.equality_check(3).first_failure[0]


@value("ad_eq_three_product", fmt="{!r}")
def eq_three_product() -> float:
    return ex.equality_check(3).first_failure[1]


@value("ad_eq_three_ulps", fmt="{}")
def eq_three_ulps() -> int:
    return ex.ulps(ex.equality_check(3).first_failure)


@value("ad_eq_three_rel_error", fmt="{:.1e}")
def eq_three_rel_error() -> float:
    return float(relative_error(*ex.equality_check(3).first_failure))


@value("ad_eq_tolerance", fmt="{:.0e}", symbol=r"\mathrm{rtol}")
def eq_tolerance() -> float:
    return ex.TOLERANCE


@value("ad_eq_three_tolerance_failures", fmt="{}")
def eq_three_tolerance_failures() -> int:
    return ex.equality_check(3).tolerance_failures


@value("ad_fd_engine", fmt="{!r}")
def fd_engine() -> float:
    return ex.finite_difference_against_engine()[0]


@value("ad_fd_numeric", fmt="{!r}")
def fd_numeric() -> float:
    return ex.finite_difference_against_engine()[1]


@value("ad_fd_rel_error", fmt="{:.1e}")
def fd_rel_error() -> float:
    return float(relative_error(*ex.finite_difference_against_engine()))


# ---------------------------------------------------------------- §2: the softmax MSE
@value("ad_mse_loss", fmt="{:.4f}", symbol="L")
def mse_loss() -> float:
    return ex.mse_comparison().loss


@value("ad_rmse", fmt="{:.4f}")
def rmse() -> float:
    """What a mean square *root* (root mean square error) would be: the square root of the MSE."""
    return math.sqrt(ex.mse_comparison().loss)


for _key in ("formula", "engine", "finite_difference"):
    value(f"ad_mse_gap_{_key}", fmt="{:.1e}")(lambda key=_key: ex.mse_gaps()[key])

for _row in range(smse.D + 1):
    _name = f"ad_mse_grad_w{_row + 1}" if _row < smse.D else "ad_mse_grad_b"
    value(_name, fmt="{:.6f}")(lambda row=_row: tuple(float(v) for v in ex.mse_comparison().engine[row]))


# ---------------------------------------------------------------- forward vs reverse mode on the MLP
@value("ad_mlp_params", fmt="{}")
def mlp_params() -> int:
    return ex.mlp_costs().n_inputs


@value("ad_mlp_operations", fmt="{:,}")
def mlp_operations() -> int:
    return ex.mlp_costs().operations_per_evaluation


@value("ad_mlp_edges", fmt="{:,}")
def mlp_edges() -> int:
    return ex.mlp_costs().edges


@value("ad_mlp_forward_passes", fmt="{}")
def mlp_forward_passes() -> int:
    return ex.mlp_costs().forward_mode_passes


@value("ad_mlp_forward_operations", fmt="{:,}")
def mlp_forward_operations() -> int:
    return ex.mlp_costs().forward_mode_operations


@value("ad_mlp_reverse_passes", fmt="{}")
def mlp_reverse_passes() -> int:
    return ex.mlp_costs().reverse_mode_backward_passes


@value("ad_mlp_reverse_operations", fmt="{:,}")
def mlp_reverse_operations() -> int:
    return ex.mlp_costs().reverse_mode_operations


@value("ad_mlp_reverse_over_evaluation", fmt="{:.1f}")
def mlp_reverse_over_evaluation() -> float:
    c = ex.mlp_costs()
    return c.reverse_mode_operations / c.operations_per_evaluation


@value("ad_mlp_forward_over_reverse", fmt="{:.0f}")
def mlp_forward_over_reverse() -> float:
    c = ex.mlp_costs()
    return c.forward_mode_operations / c.reverse_mode_operations


@value("ad_mlp_gap_by_hand", fmt="{:.1e}")
def mlp_gap_by_hand() -> float:
    return ex.mlp_gradient_agreement()[0]


@value("ad_mlp_gap_forward", fmt="{:.1e}")
def mlp_gap_forward() -> float:
    return ex.mlp_gradient_agreement()[1]


# ---------------------------------------------------------------- updating a leaf
@value("ad_update_steps", fmt="{}")
def update_steps() -> int:
    return ex.UPDATE_STEPS


@value("ad_update_lr", fmt="{:g}")
def update_lr() -> float:
    return ex.UPDATE_LR


@value("ad_update_recorded_first", fmt="{}")
def update_recorded_first() -> int:
    return ex.update_graph_sizes("recorded")[0][0]


@value("ad_update_recorded_last", fmt="{}")
def update_recorded_last() -> int:
    return ex.update_graph_sizes("recorded")[0][-1]


@value("ad_update_in_place_last", fmt="{}")
def update_in_place_last() -> int:
    return ex.update_graph_sizes("in_place")[0][-1]


@value("ad_update_final_w", fmt="{:.6f}")
def update_final_w() -> float:
    return ex.update_graph_sizes("in_place")[1]


@value("ad_mlp_sizes", fmt="{}")
def mlp_sizes() -> str:
    from derive.numerics.mlp import LAYER_SIZES

    return " → ".join(str(n) for n in LAYER_SIZES)
