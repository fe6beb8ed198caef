"""The answers to the page's exercises, proved or computed here.

1. How many sigmoid slopes it takes for their bound (1/4)^k to fall below one in a million.
2. He's argument for a leaky ReLU of slope α: it keeps (1 + α²)/2 of a Gaussian's mean square, so the
   variance 2/((1 + α²) n) keeps the gain at one (α = 0 gives He, α = 1 the linear 1/n).
3. Clipping the gradient (6, 8) at 5, by norm and by value: what each returns and how far each turns it.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from derive.chapters.vanishing_gradients import experiments as ex
from derive.chapters.vanishing_gradients.derivations import Named, gauss_pdf, n, q, zeta
from derive.core.mutations import substitute
from derive.core.notation import product, sum_as_written
from derive.core.registry import Step, derivation, value
from derive.numerics.clipping import clip_grad_norm, clip_grad_value

# ---------------------------------------------------------------- exercise 1: how fast the bound falls
BOUND_TARGET = Fraction(1, 10**6)
SLOPE_BOUND = Fraction(1, 4)  # the proved bound of one sigmoid slope


def layers_until_bound_below(target: Fraction = BOUND_TARGET) -> int:
    """The smallest k with (1/4)^k below target, in exact arithmetic (no log, no rounding)."""
    k, bound = 0, Fraction(1)
    while bound >= target:
        k, bound = k + 1, bound * SLOPE_BOUND
    return k


@value("vg_ex_layers_bound_below", fmt="{:d}")
def layers_bound_below() -> int:
    return layers_until_bound_below()


@value("vg_ex_bound_at_those_layers", fmt="{:.2e}")
def bound_at_those_layers() -> float:
    return float(SLOPE_BOUND ** layers_until_bound_below())


@value("vg_ex_bound_one_layer_fewer", fmt="{:.2e}")
def bound_one_layer_fewer() -> float:
    return float(SLOPE_BOUND ** (layers_until_bound_below() - 1))


# ---------------------------------------------------------------- exercise 2: a leaky ReLU
alpha = sp.Symbol("alpha", positive=True)
leaky_msq = Named("leaky_msq", r"\mathbb{E}[\mathrm{LeakyReLU}(z)^2]", positive=True)
POSITIVE_HALF = sp.Integral(zeta**2 * gauss_pdf, (zeta, 0, sp.oo))
NEGATIVE_HALF = sp.Integral(zeta**2 * gauss_pdf, (zeta, -sp.oo, 0))
LEAKY_MSQ = sum_as_written(POSITIVE_HALF, product(alpha**2, NEGATIVE_HALF))
LEAKY_DOMAIN = {q: (0.01, 5.0), alpha: (0.01, 1.0)}

leaky_power = derivation(
    "vg_ex_leaky_relu_power",
    title_en=r"A leaky ReLU of slope $\alpha$ keeps [[final]] of a Gaussian's mean square",
    title_zh=r"斜率为 $\alpha$ 的 leaky ReLU 保留高斯变量均方中的 [[final]]",
    steps=[
        Step(
            leaky_msq,
            r"the mean square after a leaky ReLU ($z$ on the positive half, $\alpha z$ on the negative half), "
            r"for $z$ Gaussian with mean 0 and variance $q$",
            r"leaky ReLU（正半轴上为 $z$，负半轴上为 $\alpha z$）输出的均方，$z$ 服从均值 0、方差 $q$ 的高斯分布",
        ),
        Step(
            LEAKY_MSQ,
            r"split at 0: on the negative half the square is $\alpha^2 z^2$",
            r"在 0 处分成两段：负半轴上的平方是 $\alpha^2 z^2$",
        ),
        Step(
            sum_as_written(q / 2, product(alpha**2, q / 2)),
            "each half holds half of the Gaussian's second moment, by symmetry, as in [[relation:vg_relu_half_power]]",
            "由对称性，每一半各占高斯二阶矩的一半，与 [[relation:vg_relu_half_power]] 相同",
        ),
        Step(product(1 + alpha**2, q / 2), "collect", "合并同类项"),
    ],
    domain=LEAKY_DOMAIN,
    definitions={leaky_msq: LEAKY_MSQ},
    mutations=[
        substitute(alpha**2, alpha, what="α instead of α² on the negative half"),
        substitute(1 + alpha**2, 1, what="the negative half dropped, as for a plain ReLU"),
    ],
)

# The variance that keeps the gain of [[relation:vg_layer_variance]] at one, n Var(w) E[LeakyReLU(z)²] / q:
# defined by that condition, then solved with the mean square above.
var_leaky = Named("var_leaky", r"\operatorname{Var}_{\mathrm{leaky}}(w)", positive=True)

leaky_variance = derivation(
    "vg_ex_leaky_relu_variance",
    title_en="The variance that keeps a leaky-ReLU layer's gain at one",
    title_zh="让 leaky ReLU 层的增益保持为一的方差",
    steps=[
        Step(
            var_leaky,
            "the variance for which the gain of [[relation:vg_layer_variance]] with a leaky-ReLU input, over the "
            "input's variance $q$, is one: [[def:var_leaky]]",
            "输入经过 leaky ReLU 时，使 [[relation:vg_layer_variance]] 的增益（再除以输入的方差 $q$）等于一的方差："
            "[[def:var_leaky]]",
        ),
        Step(
            sp.Mul(q, sp.Pow(sp.Mul(n, 1 + alpha**2, q / 2, evaluate=False), -1, evaluate=False), evaluate=False),
            "[[relation:vg_ex_leaky_relu_power]]",
            "[[relation:vg_ex_leaky_relu_power]]",
        ),
        Step(2 / ((1 + alpha**2) * n), "$q$ cancels", "约去 $q$"),
    ],
    domain={n: [1, 10, 1000], **LEAKY_DOMAIN},
    definitions={var_leaky: q / (n * leaky_msq), leaky_msq: LEAKY_MSQ},
    mutations=[
        substitute(1 + alpha**2, 1, what="He's 2/n kept for the leaky ReLU"),
        substitute(q / 2, q, step=1, what="the whole mean square kept, as for a linear unit"),
    ],
)


# ---------------------------------------------------------------- exercise 3: clipping (6, 8) at 5
CLIP_GRADIENT = np.array([6.0, 8.0])
CLIP_AT = 5.0


@value("vg_ex_clip_gradient", fmt="{:g}")
def clip_gradient() -> tuple:
    return tuple(float(v) for v in CLIP_GRADIENT)


@value("vg_ex_clip_at", fmt="{:g}")
def clip_at() -> float:
    return CLIP_AT


@value("vg_ex_clip_by_norm", fmt="{:.4f}")
def clip_by_norm() -> tuple:
    return tuple(float(v) for v in clip_grad_norm([CLIP_GRADIENT], CLIP_AT)[0][0])


@value("vg_ex_clip_by_value", fmt="{:g}")
def clip_by_value() -> tuple:
    return tuple(float(v) for v in clip_grad_value([CLIP_GRADIENT], CLIP_AT)[0])


@value("vg_ex_clip_by_norm_turn", fmt="{:.1f}")
def clip_by_norm_turn() -> float:
    return ex._angle_degrees(CLIP_GRADIENT, clip_grad_norm([CLIP_GRADIENT], CLIP_AT)[0][0])


@value("vg_ex_clip_by_value_turn", fmt="{:.1f}")
def clip_by_value_turn() -> float:
    return ex._angle_degrees(CLIP_GRADIENT, clip_grad_value([CLIP_GRADIENT], CLIP_AT)[0])
