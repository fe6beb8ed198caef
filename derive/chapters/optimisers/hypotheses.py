"""The relations the optimisers page states without proof: the ranges of the hyperparameters, the
definition of h, and the example functions."""

from __future__ import annotations

import sympy as sp

from derive.chapters.optimisers import derivations_himmelblau as dh
from derive.chapters.optimisers import derivations_momentum as dm
from derive.core.notation import sum_as_written
from derive.core.registry import hypothesis

f = sp.Symbol("f")

BETA_BELOW_ONE = hypothesis(
    "opt_beta_below_one",
    sp.Lt(dm.beta, 1, evaluate=False),
    kind="assumption",
    en="the momentum coefficient (and each of Adam's betas) is non-negative and below 1",
    zh="动量系数（以及 Adam 的每个 β）非负且小于 1",
)

STEP_TIMES_CURVATURE = hypothesis(
    "opt_h_definition",
    sp.Eq(dm.h, dm.alpha * dm.lam),
    kind="definition",
    en="the step size in units of the curvature along one eigen-direction",
    zh="以某一特征方向的曲率为单位的步长",
)

HIMMELBLAU = hypothesis(
    "opt_himmelblau_definition",
    sp.Eq(f, sum_as_written(sum_as_written(dh.x**2, dh.y, -11) ** 2, sum_as_written(dh.x, dh.y**2, -7) ** 2)),
    kind="definition",
    en="Himmelblau's function",
    zh="Himmelblau 函数",
)

POSITIVE_EPS = hypothesis(
    "opt_eps_positive",
    sp.Gt(sp.Symbol("epsilon", positive=True), 0, evaluate=False),
    kind="assumption",
    en="the ε added to the denominator is positive",
    zh="分母中加上的 ε 为正",
)
