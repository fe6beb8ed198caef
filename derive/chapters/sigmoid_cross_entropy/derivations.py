"""Why a sigmoid output pairs with binary cross-entropy (BCE) rather than mean squared error (MSE).

The chain rule multiplies the loss's slope by the sigmoid's slope σ′ = σ(1 − σ), which is at most 1/4
and tiny for confident outputs. BCE's slope has a(1 − a) in its denominator, so the factor cancels and
∂J/∂h = (a − y)/m; MSE's slope does not, so its gradient vanishes where the output saturates.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derive.chapters.activations.derivations import SIGMOID, sigma
from derive.numerics.activations import sigmoid
from derive.core.registry import Step, derivation, value
from derive.core.notation import product
from derive.core.mutations import flip_sign, substitute

h = sp.Symbol("h", real=True)  # the logit of one example
y = sp.Symbol("y", real=True)  # its target in [0, 1]
m = sp.Symbol("m", positive=True)  # the number of examples in the mean
a = sp.Symbol("a", real=True)  # the output a = σ(h)

J_bce = sp.Function("J_BCE")
J_mse = sp.Function("J_MSE")
DEFINITIONS = {
    a: sigma(h),
    sigma: SIGMOID,
    # The mean loss's dependence on one logit h: only that example's term contains h.
    J_bce: sp.Lambda(h, -(y * sp.log(sigma(h)) + (1 - y) * sp.log(1 - sigma(h))) / m),
    J_mse: sp.Lambda(h, (sigma(h) - y) ** 2 / m),
}
DOMAIN = {h: (-8.0, 8.0), y: (0.0, 1.0), m: (1.0, 64.0)}



# ∂J/∂a for one example, kept as written by hand: −(1/m)(y/a − (1 − y)/(1 − a))
slope_of_bce = product(-1 / m, sp.Add(y / a, sp.Mul(-1, sp.UnevaluatedExpr((1 - y) / (1 - a)), evaluate=False),
                                      evaluate=False))

bce_sigmoid_gradient = derivation(
    "bce_sigmoid_gradient",
    title_en="BCE after a sigmoid: ∂J/∂h = (a − y)/m, the σ′ factor cancels",
    title_zh="sigmoid 之后接 BCE：∂J/∂h = (a − y)/m，σ′ 因子被约去",
    steps=[
        Step(sp.Derivative(J_bce(h), h), r"one example's term of the mean loss, $a = \sigma(h)$",
             r"平均损失中含 $h$ 的那一项，$a = \sigma(h)$"),
        Step(product(slope_of_bce, sp.Derivative(sigma(h), h)),
             r"chain rule: $\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
             r"链式法则：$\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$"),
        Step(product(slope_of_bce, a * (1 - a)), r"$\sigma' = \sigma(1 - \sigma) = a(1 - a)$",
             r"$\sigma' = \sigma(1 - \sigma) = a(1 - a)$"),
        Step(-(y * (1 - a) - (1 - y) * a) / m, r"$a(1 - a)$ cancels both denominators",
             r"$a(1 - a)$ 约去两个分母"),
        Step((a - y) / m, r"expand: the two $ya$ terms cancel", r"展开：两个 $ya$ 项相互抵消"),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[
        flip_sign(),
        substitute(m, 1, what="the 1/m of the mean dropped"),
        substitute(a * (1 - a), a, step=2, what="σ′ written as σ"),
    ],
)

mse_sigmoid_gradient = derivation(
    "mse_sigmoid_gradient",
    title_en="MSE after a sigmoid: the σ′ factor stays",
    title_zh="sigmoid 之后接 MSE：σ′ 因子保留了下来",
    steps=[
        Step(sp.Derivative(J_mse(h), h), r"one example's term of the mean squared error, $a = \sigma(h)$",
             r"均方误差中含 $h$ 的那一项，$a = \sigma(h)$"),
        Step(product(2 / m, a - y, sp.Derivative(sigma(h), h)),
             r"chain rule: $\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$",
             r"链式法则：$\frac{\partial J}{\partial a} \cdot \frac{\partial a}{\partial h}$"),
        Step(product(2 / m, a - y, a * (1 - a)), r"$\sigma' = a(1 - a)$: nothing cancels it",
             r"$\sigma' = a(1 - a)$：没有任何因子能约去它"),
    ],
    domain=DOMAIN,
    definitions=DEFINITIONS,
    mutations=[flip_sign(), substitute(a * (1 - a), 1, what="the σ′ factor dropped (the usual mistake)")],
)


# ---------------------------------------------------------------- the experiment (seed 000, §1.14)
# One neuron with input 1: output a = σ(w + b), target 0. Both parameters get the same gradient
# ∂J/∂h, because ∂h/∂w = ∂h/∂b = 1. The gradients used here are the last steps of the derivations
# above, with m = 1 and y = 0, turned into NumPy code with σ bound to the stable sigmoid.

LEARNING_RATE = 0.15
STEPS = 200
STARTS = ((3.0, 2.0), (2.0, 2.0), (2.0, 0.0))


def gradient_function(d, target: float = 0.0):
    """dJ/dh as a NumPy function of h, from the last step of derivation d (m = 1)."""
    expr = d.final.doit().subs({a: sigma(h), y: target, m: 1})
    return sp.lambdify(h, expr, modules=[{"sigma": sigmoid}, "numpy"])


def loss_function(kind: str, target: float = 0.0):
    """The per-example loss as a NumPy function of h, from the same definitions as the derivations."""
    J = {"mse": J_mse, "bce": J_bce}[kind]
    expr = DEFINITIONS[J](h).subs({y: target, m: 1})
    return sp.lambdify(h, expr, modules=[{"sigma": sigmoid}, "numpy"])


def trajectory(kind: str, start: tuple[float, float], steps: int = STEPS, lr: float = LEARNING_RATE):
    """Gradient descent on (w, b); returns the (steps + 1, 2) array of points visited."""
    d = {"mse": mse_sigmoid_gradient, "bce": bce_sigmoid_gradient}[kind]
    grad = gradient_function(d)
    path = np.empty((steps + 1, 2))
    path[0] = start
    for k in range(steps):
        g = float(grad(path[k].sum()))
        path[k + 1] = path[k] - lr * g
    return path


def _register_end_points():
    for kind in ("mse", "bce"):
        for start in STARTS:
            name = f"sigmoid_{kind}_end_{int(start[0])}_{int(start[1])}"
            value(name, fmt="{:.4f}")(lambda kind=kind, start=start: tuple(trajectory(kind, start)[-1]))


_register_end_points()


@value("sigmoid_mse_end_output_3_2", fmt="{:.3f}")
def mse_output_after_training() -> float:
    """σ(w + b) after 200 MSE steps from (3, 2): still far from the target 0."""
    return float(sigmoid(trajectory("mse", STARTS[0])[-1].sum()))


@value("sigmoid_bce_end_output_3_2", fmt="{:.3f}")
def bce_output_after_training() -> float:
    return float(sigmoid(trajectory("bce", STARTS[0])[-1].sum()))


@value("sigmoid_start_logit_3_2", fmt="{:g}")
def start_logit() -> float:
    """The logit w + b at the start (3, 2)."""
    return sum(STARTS[0])


@value("sigmoid_prime_at_start_3_2", fmt="{:.4f}")
def slope_at_start() -> float:
    """σ′ at that logit: the factor by which MSE's gradient is scaled down at the start."""
    return float(sp.diff(SIGMOID(h), h).subs(h, start_logit()))


# ---------------------------------------------------------------- BCE computed from the logit
bce_from_logit = derivation(
    "bce_from_logit",
    title_en="BCE written with the logit: no σ, no log of 0",
    title_zh="用 logit 写出 BCE：不出现 σ，也不会取 0 的对数",
    steps=[
        Step(-(y * sp.log(sigma(h)) + (1 - y) * sp.log(1 - sigma(h))), "one example's BCE, $a = \\sigma(h)$",
             "单个样本的 BCE，$a = \\sigma(h)$"),
        Step(-(y * sp.log(sigma(h)) + (1 - y) * sp.log(sigma(-h))), "$1 - \\sigma(h) = \\sigma(-h)$",
             "$1 - \\sigma(h) = \\sigma(-h)$"),
        Step(y * sp.log(1 + sp.exp(-h)) + (1 - y) * sp.log(1 + sp.exp(h)),
             "$-\\log \\sigma(t) = \\log(1 + e^{-t})$", "$-\\log \\sigma(t) = \\log(1 + e^{-t})$"),
    ],
    domain={h: (-20.0, 20.0), y: (0.0, 1.0)},
    definitions=DEFINITIONS,
    mutations=[substitute(sp.exp(h), sp.exp(-h), what="wrong sign in the second softplus"), flip_sign()],
)


def _bce(h_value: float, y_value: float):
    from derive.numerics.losses import bce_naive, bce_with_logits

    with np.errstate(all="ignore"):
        naive = bce_naive(h_value, y_value)
    return naive, bce_with_logits(h_value, y_value)


@value("bce_naive_grad_40_y1", fmt="{:g}")
def bce_naive_gradient_at_40() -> float:
    """Textbook σ(h) − y at h = 40, y = 1: σ(40) rounds to 1.0, so the gradient is exactly 0."""
    return float(_bce(40.0, 1.0)[0][1])


@value("bce_stable_grad_40_y1", fmt="{:.3e}")
def bce_stable_gradient_at_40() -> float:
    return float(_bce(40.0, 1.0)[1][1])


@value("bce_naive_loss_800_y0", fmt="{:g}")
def bce_naive_loss_at_800() -> float:
    """Textbook loss at h = 800, y = 0: σ(800) is 1.0, log(1 − 1) = −inf, so the loss is inf."""
    return float(_bce(800.0, 0.0)[0][0])


@value("bce_stable_loss_800_y0", fmt="{:g}")
def bce_stable_loss_at_800() -> float:
    return float(_bce(800.0, 0.0)[1][0])


@value("mse_gradient_peak_output", fmt="{:.3f}")
def mse_gradient_peak_output() -> float:
    """With target 0 the MSE gradient is 2a²(1 − a); it peaks where its a-derivative vanishes (a = 2/3).

    Beyond that output, the more confidently wrong the prediction, the smaller the gradient.
    """
    slope = 2 * a ** 2 * (1 - a)
    peaks = [r for r in sp.solve(sp.diff(slope, a), a) if 0 < r < 1]
    return float(peaks[0])
