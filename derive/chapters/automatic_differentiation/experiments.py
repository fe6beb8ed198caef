"""Experiments of the automatic-differentiation chapter: pure functions over derive.numerics (the engine,
dual numbers, the MLP of the back-propagation chapter, the one central-difference helper).

Nothing runs at import time; the runs that feed several values are cached.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
import sympy as sp

from derive.chapters.automatic_differentiation import derivations as ad
from derive.chapters.automatic_differentiation import derivations_softmax_mse as smse
from derive.numerics import mlp
from derive.numerics.autograd import Value, count_operations
from derive.numerics.dual import forward_gradient, gradient_costs, reverse_gradient
from derive.numerics.floats import ulps_apart
from derive.numerics.gradcheck import central_difference, max_abs_difference, relative_error

SEED = 2024


# ---------------------------------------------------------------- §1: the polynomial
def polynomial(v):
    """The source's x² + x³ + 5, for a Value, a Dual or a float."""
    return v**2 + v**3 + 5


@functools.lru_cache(maxsize=None)
def polynomial_gradients() -> tuple[float, float, float]:
    """d/dx at x = 2 three ways: the derivation's final step, reverse mode, forward mode."""
    symbolic = float(sp.lambdify(ad.x, ad.polynomial_derivative.final)(ad.POLY_POINT))
    (reverse,) = reverse_gradient(lambda xs: polynomial(xs[0]), [float(ad.POLY_POINT)])
    (forward,) = forward_gradient(lambda xs: polynomial(xs[0]), [float(ad.POLY_POINT)])
    return symbolic, reverse, forward


def polynomial_graph() -> Value:
    """The recorded graph of the polynomial at x = 2, after backward (drawn by the chapter's figure)."""
    leaf = Value(float(ad.POLY_POINT))
    out = polynomial(leaf)
    out.backward()
    return out


# ---------------------------------------------------------------- §3: a chain of linear links, link by link
class Links(NamedTuple):
    """The links y_i = y_{i-1} w_i + b_i of a chain (y_0 = x1) and the derivatives the engine computes."""

    x1: float
    weights: tuple[float, ...]
    biases: tuple[float, ...]
    outputs: tuple[Value, ...]  # y_1, ..., y_n, recorded
    w1: Value


def chain(x1: float, weights, biases) -> Links:
    """Record y_1 = x1 w1 + b1, y_2 = y_1 w2 + b2, ... in the engine (x1 is a constant, as in the source)."""
    w1 = Value(weights[0])
    ys, y = [], x1 * w1 + biases[0]
    ys.append(y)
    for w, b in zip(weights[1:], biases[1:], strict=True):
        y = y * w + b
        ys.append(y)
    return Links(x1, tuple(weights), tuple(biases), tuple(ys), w1)


def grad_of(out: Value, wrt: Value) -> float:
    """d out / d wrt by one backward pass from out (the engine's torch.autograd.grad(out, wrt))."""
    out.backward()
    return wrt.grad


def draw_links(rng: np.random.Generator, n: int):
    """x1 and n weights and biases uniform in [0, 1), like the source's tf.random.uniform / torch.rand."""
    x1, *rest = rng.uniform(size=1 + 2 * n).tolist()
    return x1, rest[:n], rest[n:]


def two_link_derivatives(seed: int = SEED) -> dict:
    """The source's check, link by link: dy1/dw1, dy2/dy1 and dy2/dw1 from the engine, and their product."""
    x1, ws, bs = draw_links(np.random.default_rng(seed), 2)
    links = chain(x1, ws, bs)
    y1, y2 = links.outputs
    d = {"dy1_dw1": grad_of(y1, links.w1), "dy2_dy1": grad_of(y2, y1), "dy2_dw1": grad_of(y2, links.w1)}
    d["product"] = d["dy2_dy1"] * d["dy1_dw1"]
    d["x1"], d["w2"] = x1, ws[1]
    return d


class EqualityRun(NamedTuple):
    draws: int
    exact_failures: int  # draws where `whole == product of parts` is False
    tolerance_failures: int  # draws where the relative error exceeds the tolerance
    first_failure: tuple | None  # (whole, product) at the first draw where == fails


EQUALITY_DRAWS = 10_000
TOLERANCE = 1e-12  # relative: a float64 product of three factors is within about 3 rounding errors (1e-16)


@functools.lru_cache(maxsize=None)
def equality_check(n_links: int, draws: int = EQUALITY_DRAWS, seed: int = SEED) -> EqualityRun:
    """The source's `==` check on chains of n_links links, repeated over random draws.

    The check compares dy_n/dw1 (one backward pass) with dy_n/dy_{n-1} times dy_{n-1}/dw1 (two passes).
    """
    rng = np.random.default_rng(seed)
    exact = tolerant = 0
    first = None
    for _ in range(draws):
        links = chain(*draw_links(rng, n_links))
        last, before = links.outputs[-1], links.outputs[-2]
        whole = grad_of(last, links.w1)
        product = grad_of(last, before) * grad_of(before, links.w1)
        if whole != product:
            exact += 1
            first = first or (whole, product)
        if float(relative_error(whole, product)) > TOLERANCE:
            tolerant += 1
    return EqualityRun(draws, exact, tolerant, first)


@functools.lru_cache(maxsize=None)
def finite_difference_against_engine(seed: int = SEED) -> tuple[float, float]:
    """dy2/dw1 of the source's chain by the engine and by a central difference: never equal as floats."""
    x1, ws, bs = draw_links(np.random.default_rng(seed), 2)

    def y2_of(w):
        return float(chain(x1, [float(w[0]), ws[1]], bs).outputs[-1].data)

    links = chain(x1, ws, bs)
    engine = grad_of(links.outputs[-1], links.w1)
    numeric = float(central_difference(y2_of, [ws[0]])[0])
    return engine, numeric


def ulps(pair) -> int:
    return ulps_apart(*pair)


# ---------------------------------------------------------------- §2: the softmax MSE of a linear layer
def mse_example(seed: int = SEED):
    """The source's shapes and draws: X (3×4) and W (4×2) uniform in [0, 1), b zero, labels (0, 1, 1)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(smse.N, smse.D))
    Wm = rng.uniform(size=(smse.D, smse.K))
    return X, Wm, np.zeros(smse.K)


def _engine_loss(X, params: list[Value]):
    """The batch loss recorded in the engine: scores, softmax by exp and division, mean of squares."""
    Wv = [params[d * smse.K : (d + 1) * smse.K] for d in range(smse.D)]
    bv = params[smse.D * smse.K :]
    total = 0.0
    for n in range(smse.N):
        scores = [sum((float(X[n, d]) * Wv[d][k] for d in range(smse.D)), bv[k]) for k in range(smse.K)]
        exps = [sc.exp() for sc in scores]
        z = sum(exps[1:], exps[0])
        for k in range(smse.K):
            total = total + (exps[k] / z - smse.TARGETS[n][k]) ** 2
    return total * (1.0 / (smse.N * smse.K))


class MseComparison(NamedTuple):
    loss: float
    sympy_diff: np.ndarray  # SymPy's diff of the whole batch loss, rows w_dk then b_k (5×2)
    formula: np.ndarray  # the derivation's one-example result summed over the batch
    engine: np.ndarray
    finite_difference: np.ndarray


@functools.lru_cache(maxsize=None)
def mse_comparison(seed: int = SEED) -> MseComparison:
    X, Wm, b = mse_example(seed)
    point = [*Wm.reshape(-1).tolist(), *b.tolist()]
    symbols = smse.parameters()
    subs_x = {smse.X_BATCH[n, d]: float(X[n, d]) for n in range(smse.N) for d in range(smse.D)}
    loss_expr = smse.batch_loss().xreplace(subs_x)
    diff = sp.Matrix([sp.diff(loss_expr, v) for v in symbols])
    f_loss = sp.lambdify(symbols, loss_expr, "numpy")
    f_diff = sp.lambdify(symbols, diff, "numpy", cse=True)
    f_formula = sp.lambdify(symbols, smse.batch_gradient_formula().xreplace(subs_x), "numpy", cse=True)
    shape = (smse.D + 1, smse.K)
    engine = np.array(reverse_gradient(lambda ps: _engine_loss(X, ps), point)).reshape(shape)
    fd = central_difference(lambda v: f_loss(*v), np.array(point)).reshape(shape)
    return MseComparison(
        float(f_loss(*point)),
        np.array(f_diff(*point), dtype=float).reshape(shape),
        np.array(f_formula(*point), dtype=float).reshape(shape),
        engine,
        fd,
    )


def mse_gaps(seed: int = SEED) -> dict:
    c = mse_comparison(seed)
    return {
        "formula": max_abs_difference(c.formula, c.sympy_diff),
        "engine": max_abs_difference(c.engine, c.sympy_diff),
        "finite_difference": max_abs_difference(c.finite_difference, c.sympy_diff),
    }


# ---------------------------------------------------------------- forward vs reverse mode on the MLP
MLP_SEED = 0
MLP_SAMPLE = 0.5  # one input x; the target is sin(x), as in the back-propagation chapter


def mlp_loss(params: list, x: float, y: float, sizes=mlp.LAYER_SIZES):
    """The MAE of the 1 → 16 → 32 → 1 ReLU network on one sample, parameters in params_to_vector's order.

    Works on Values and on Duals alike; |d| is composed from primitives as relu(d) + relu(−d).
    """
    layers, offset = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = [params[offset + i * n_out : offset + (i + 1) * n_out] for i in range(n_in)]
        offset += n_in * n_out
        layers.append((w, params[offset : offset + n_out]))
        offset += n_out
    a = [x]
    for i, (w, bias) in enumerate(layers):
        h = [sum((a[j] * w[j][k] for j in range(len(a))), bias[k]) for k in range(len(bias))]
        a = h if i == len(layers) - 1 else [v.relu() for v in h]
    d = a[0] - y
    return d.relu() + (-d).relu()


def _mlp_point():
    return mlp.params_to_vector(mlp.init_params(MLP_SEED)).tolist()


@functools.lru_cache(maxsize=None)
def mlp_costs():
    """Operation counts of one gradient of the MLP's loss by forward mode and by reverse mode."""
    y = math.sin(MLP_SAMPLE)
    return gradient_costs(lambda ps: mlp_loss(ps, MLP_SAMPLE, y), _mlp_point())


@functools.lru_cache(maxsize=None)
def mlp_gradient_agreement() -> tuple[float, float]:
    """Largest |reverse − hand-written backward| and |forward − reverse| over the 609 parameters."""
    y = math.sin(MLP_SAMPLE)
    point = _mlp_point()
    reverse = np.array(reverse_gradient(lambda ps: mlp_loss(ps, MLP_SAMPLE, y), point))
    forward = np.array(forward_gradient(lambda ps: mlp_loss(ps, MLP_SAMPLE, y), point))
    params = mlp.init_params(MLP_SEED)
    by_hand = mlp.params_to_vector(
        mlp.backward(params, mlp.forward(params, np.array([[MLP_SAMPLE]]))[1], np.array([[y]]))
    )
    return max_abs_difference(reverse, by_hand), max_abs_difference(forward, reverse)


# ---------------------------------------------------------------- updating a leaf: why no_grad
UPDATE_STEPS = 10
UPDATE_LR = 0.1
UPDATE_START = 0.0


def _update_loss(w):
    return (w - 3.0) ** 2


@functools.lru_cache(maxsize=None)
def update_graph_sizes(how: str, steps: int = UPDATE_STEPS) -> tuple[tuple[int, ...], float]:
    """Nodes in the loss's graph at each step, and the final w, for three ways of writing the update.

    "recorded": w = w - lr * w.grad, an operation on Values, so the update joins the graph (what
    `x = x - lr * grad` does in a framework outside no_grad); "new_leaf": w = Value(w.data - lr * w.grad);
    "in_place": w.data -= lr * w.grad, the number changed behind the graph's back (torch's no_grad or
    x.data.sub_, TensorFlow's assign_sub).
    """
    if how not in ("recorded", "new_leaf", "in_place"):
        raise ValueError(f"unknown update {how!r}")
    w, sizes = Value(UPDATE_START), []
    for _ in range(steps):
        loss = _update_loss(w)
        loss.backward()
        sizes.append(count_operations(loss).nodes)
        if how == "recorded":
            w = w - UPDATE_LR * w.grad
        elif how == "new_leaf":
            w = Value(w.data - UPDATE_LR * w.grad)
        else:
            w.data -= UPDATE_LR * w.grad
    return tuple(sizes), w.data
