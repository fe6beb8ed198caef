"""Gradient clipping on paper: clipping by norm multiplies the whole gradient by one positive number, so the
direction survives and the length is capped; clipping by value has no such property (see values.py for a
computed counterexample).

The gradient is a vector g of three components; ‖g‖ is its Euclidean norm, τ the threshold and ε the small
constant PyTorch adds to the norm (derive.numerics.clipping.NORM_EPS). The case shown is the one where
clipping acts (‖g‖ above τ): otherwise the coefficient is 1 and nothing changes.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.vanishing_gradients.derivations import Named
from derive.core.mutations import substitute
from derive.core.notation import mul_as_written
from derive.core.registry import Step, derivation

g1, g2, g3 = sp.symbols("g_1 g_2 g_3", real=True)
tau = sp.Symbol("tau", positive=True)
eps = sp.Symbol("epsilon", positive=True)
norm_g = Named("norm_g", r"\lVert g \rVert", positive=True)
coef = Named("c", "c", positive=True)
g = sp.Matrix([g1, g2, g3])
CLIP = {norm_g: sp.sqrt(g1**2 + g2**2 + g3**2), coef: tau / (norm_g + eps)}
DOMAIN = {g1: (-5.0, 5.0), g2: (-5.0, 5.0), g3: (-5.0, 5.0), tau: (0.1, 1.0), eps: (1e-6, 1e-3)}


def _norm_as_written(v):
    """sqrt((c g_1)^2 + (c g_2)^2 + (c g_3)^2), kept as written (SymPy would pull c out at once)."""
    return sp.sqrt(sp.Add(*[sp.Pow(e, 2, evaluate=False) for e in v], evaluate=False))


def _over(num, den):
    return sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)


CLIPPED = [mul_as_written(coef, e) for e in g]  # the components c g_i


clip_direction = derivation(
    "vg_clip_direction",
    title_en="Clipping by norm keeps the gradient's direction",
    title_zh="按范数裁剪不改变梯度的方向",
    steps=[
        Step(
            sp.Matrix([_over(e, _norm_as_written(CLIPPED)) for e in CLIPPED]),
            "the direction of the clipped gradient $c g$, with [[def:c]]",
            "裁剪后梯度 $c g$ 的方向，其中 [[def:c]]",
        ),
        Step(
            sp.Matrix([_over(e, mul_as_written(coef, norm_g)) for e in CLIPPED]),
            r"$c$ is positive, so it comes out of the square root as it is; [[def:norm_g]]",
            r"$c$ 为正，可以原样从平方根中提出；[[def:norm_g]]",
        ),
        Step(g / norm_g, "cancel the common factor", "约去公因子"),
    ],
    domain=DOMAIN,
    definitions=CLIP,
    mutations=[
        substitute(g1, -g1, what="the first component's sign flipped"),
        substitute(norm_g, norm_g**2, what="divided by the squared norm"),
    ],
)

clip_length = derivation(
    "vg_clip_length",
    title_en="Clipping by norm caps the gradient's length at the threshold",
    title_zh="按范数裁剪把梯度长度限制在阈值以内",
    steps=[
        Step(_norm_as_written(CLIPPED), "the length of the clipped gradient", "裁剪后梯度的长度"),
        Step(coef * norm_g, "$c$ is positive", "$c$ 为正"),
        Step(tau * norm_g / (norm_g + eps), "[[def:c]]", "[[def:c]]"),
        Step(
            tau,
            r"a fraction of $\tau$: the norm is below the norm plus $\epsilon$",
            r"它是 $\tau$ 的一个比例：范数小于范数加 $\epsilon$",
            relation="<=",
        ),
    ],
    domain=DOMAIN,
    definitions=CLIP,
    mutations=[substitute(eps, -eps, step=2, what="ε subtracted instead of added")],
)
