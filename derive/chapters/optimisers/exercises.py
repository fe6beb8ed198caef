"""The answers to the optimisers page's exercises: a proved derivation and numbers computed from the
chapter's derivations.

Exercise 1 reads momentum's largest stable rate on 10x² + y² off the proved edge of the recurrence;
exercise 2 asks how long Adam's running means stay short of the gradient without the bias correction;
exercise 3 proves that Adagrad's step shrinks like 1/√t on a constant gradient.
"""

from __future__ import annotations

import inspect
import math

import sympy as sp

from derive.chapters.optimisers import derivations_adaptive as da
from derive.chapters.optimisers import derivations_momentum as dm
from derive.chapters.optimisers import experiments as ex
from derive.core.mutations import flip_sign, substitute
from derive.core.registry import Step, derivation, value
from derive.numerics.optimisers import adam_step

# ---------------------------------------------------------------- exercise 1: momentum's largest stable rate
STEEPEST = max(ex.CURVATURES)  # 20, the curvature along x of 10x² + y²: it sets the limit


def _largest_momentum_rate(beta) -> sp.Rational:
    """The edge h of opt_momentum_p_at_minus_1 divided by the steepest curvature: the largest stable α."""
    return dm.stability_edge().subs(dm.beta, ex.exact(beta)) / STEEPEST


@value("opt_ex_momentum_limit_rate", fmt="{:g}", symbol=r"\alpha")
def momentum_limit_rate() -> float:
    """For the β of the source's first run (0.8) on 10x² + y²."""
    return float(_largest_momentum_rate(ex.SEED_RUNS["slow"].momentum))


@value("opt_ex_momentum_limit_gain", fmt="{:g}")
def momentum_limit_gain() -> float:
    """How many times plain descent's limit (β = 0) the momentum limit is: 1 + β."""
    beta = ex.SEED_RUNS["slow"].momentum
    return float(_largest_momentum_rate(beta) / _largest_momentum_rate(0))


# ---------------------------------------------------------------- exercise 2: Adam without the bias correction
ADAM_BETAS = inspect.signature(adam_step).parameters["betas"].default  # PyTorch's (0.9, 0.999)
SHARE = sp.Rational(99, 100)  # "within one per cent of the gradient"


def _steps_to_share(beta: float) -> int:
    """The first t at which the uncorrected mean, g·(1 − β^t) by opt_adam_bias, reaches 99 % of g.

    The logarithm gives the candidate; exact rational arithmetic on the derivation's last line decides.
    """
    share = sp.lambdify((da.beta1, da.t), da.adam_bias.final.doit().subs(da.g, 1), "sympy")
    b = ex.exact(beta)
    t = math.ceil(math.log(1 - SHARE) / math.log(beta))
    while t > 1 and share(b, t - 1) >= SHARE:
        t -= 1
    while share(b, t) < SHARE:
        t += 1
    return t


@value("opt_ex_adam_mean_steps_99", fmt="{:,d}")
def adam_mean_steps() -> int:
    return _steps_to_share(ADAM_BETAS[0])


@value("opt_ex_adam_square_steps_99", fmt="{:,d}")
def adam_square_steps() -> int:
    return _steps_to_share(ADAM_BETAS[1])


# ---------------------------------------------------------------- exercise 3: Adagrad on a constant gradient
alpha, g, t, i = da.alpha, da.g, da.t, sp.Symbol("i", integer=True, positive=True)
ROOT_OF_SQUARES = sp.Mul(sp.sqrt(t), sp.Abs(g), evaluate=False)  # √(t g²), as the reason reads it

adagrad_constant_gradient = derivation(
    "opt_ex_adagrad_constant_gradient",
    title_en=r"On a constant gradient, without $\epsilon$, Adagrad's $t$-th step has length [[final]]",
    title_zh=r"梯度不变且不计 $\epsilon$ 时，Adagrad 第 $t$ 步的长度是 [[final]]",
    steps=[
        Step(
            alpha * sp.Abs(g) / sp.sqrt(sp.Sum(g**2, (i, 1, t))),
            r"the step $\alpha g / \sqrt{s_t}$, with $s_t$ the sum of the first $t$ squared gradients",
            r"步长 $\alpha g / \sqrt{s_t}$，其中 $s_t$ 是前 $t$ 个梯度的平方和",
        ),
        Step(
            sp.Mul(
                alpha * sp.Abs(g),
                sp.Pow(sp.Mul(sp.sqrt(t), sp.Abs(g), evaluate=False), -1, evaluate=False),
                evaluate=False,
            ),
            r"$t$ equal squares, whose sum $t g^2$ has the root $\sqrt{t}\,|g|$",
            r"$t$ 个相同的平方，其和 $t g^2$ 的平方根是 $\sqrt{t}\,|g|$",
        ),
        Step(alpha / sp.sqrt(t), r"$|g|$ cancels", r"约去 $|g|$"),
    ],
    domain={alpha: (0.001, 3.0), g: da.GRADIENTS, t: [1, 2, 3, 5, 10, 40]},
    mutations=[
        flip_sign(),
        substitute(1 / sp.sqrt(t), 1 / t, what="the square root of t forgotten"),
        substitute(sp.Sum(g**2, (i, 1, t)), g**2, step=0, what="only the latest gradient kept, as RMSprop would"),
    ],
)

ADAGRAD_STEPS = 100


@value("opt_ex_adagrad_steps", fmt="{:d}")
def adagrad_steps() -> int:
    return ADAGRAD_STEPS


@value("opt_ex_adagrad_distance", fmt="{:.4f}")
def adagrad_distance() -> float:
    """How far Adagrad moves in 100 steps on a constant gradient, in units of α: the sum of the step lengths."""
    length = adagrad_constant_gradient.final.subs(alpha, 1)
    return float(sp.summation(length, (t, 1, ADAGRAD_STEPS)).evalf(30))


@value("opt_ex_adagrad_last_step", fmt="{:g}")
def adagrad_last_step() -> float:
    """The length of the 100th step, in units of α."""
    return float(adagrad_constant_gradient.final.subs({alpha: 1, t: ADAGRAD_STEPS}))
