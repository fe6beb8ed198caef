"""The answers to the page's exercises, proved or computed here.

1. The curvature of BCE in the logit: its second derivative is the sigmoid's slope over m, never negative.
2. How many steps each loss needs, from the start (3, 2), before the output first drops below one half.
3. Where the size of the MSE gradient peaks when the target is 1 instead of 0.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.chapters.sigmoid_cross_entropy import experiments as ex
from derive.chapters.sigmoid_cross_entropy.derivations import DEFINITIONS, DOMAIN, J_bce, a, h, m, sigma, y
from derive.core.mutations import substitute
from derive.core.notation import product
from derive.core.registry import Mutation, Step, derivation, value
from derive.numerics.activations import sigmoid

# ---------------------------------------------------------------- exercise 1: the second derivative
bce_curvature = derivation(
    "sce_ex_bce_curvature",
    title_en="The curvature of BCE in the logit is the sigmoid's slope over $m$",
    title_zh="BCE 对 logit 的曲率等于 sigmoid 的斜率除以 $m$",
    steps=[
        Step(
            sp.Derivative(J_bce(h), (h, 2)),
            "the second derivative of one example's term, [[def:a]]",
            "单个样本那一项的二阶导数，[[def:a]]",
        ),
        Step(
            sp.Derivative((a - y) / m, h),
            "[[relation:bce_sigmoid_gradient]]: differentiate the gradient once more",
            "[[relation:bce_sigmoid_gradient]]：对梯度再求一次导",
        ),
        Step(
            product(1 / m, sp.Derivative(sigma(h), h)),
            r"the target $y$ and the mean's $1/m$ do not depend on $h$",
            r"目标 $y$ 和平均值中的 $1/m$ 都与 $h$ 无关",
        ),
        Step(
            a * (1 - a) / m,
            "[[relation:sigmoid_derivative]], at $h$",
            "[[relation:sigmoid_derivative]]，在 $h$ 处",
        ),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[
        Mutation("σ′ written as σ", lambda d: d.with_step(-1, a / m)),
        substitute(m, 1, what="the 1/m of the mean dropped"),
    ],
)


# ---------------------------------------------------------------- exercise 2: steps until the output drops
HALF = 0.5
STEP_LIMIT = 1000  # enough for both losses from (3, 2); a run that never gets there is an error, not a number


def steps_until_output_below(kind: str, start=ex.STARTS[0], level: float = HALF, limit: int = STEP_LIMIT) -> int:
    """The first step of the page's gradient descent (same rate, same gradients) at which σ(w + b) < level."""
    path = ex.trajectory(kind, start, steps=limit)
    below = sigmoid(path.sum(axis=1)) < level
    if not below.any():
        raise ValueError(f"{kind} from {start}: the output stays above {level} for {limit} steps")
    return int(np.argmax(below))


@value("sce_ex_steps_below_half_mse", fmt="{:d}")
def steps_below_half_mse() -> int:
    return steps_until_output_below("mse")


@value("sce_ex_steps_below_half_bce", fmt="{:d}")
def steps_below_half_bce() -> int:
    return steps_until_output_below("bce")


# ---------------------------------------------------------------- exercise 3: the MSE peak for the target 1
@value("sce_ex_mse_peak_output_target_1", fmt="{:.3f}")
def mse_peak_output_target_1() -> float:
    """Where |∂J/∂h| of MSE is largest for the target 1: the mirror image of the target-0 peak."""
    return ex.mse_gradient_peak_output(target=1.0)
