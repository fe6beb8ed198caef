"""A ReLU MLP regressing sin(x) with the MAE loss, forward and backward written by hand (1 → 16 → 32 → 1).

Convention (the source post's): a sample is a *column*.  A batch x has shape (n_in, m), a layer is
h = Wᵀx + b with W of shape (n_in, n_out) and b of shape (n_out, 1), and b is broadcast over the m columns.
Transposing both sides gives the row convention of most libraries, hᵀ = xᵀW + bᵀ, i.e. H = XW + b with
X = xᵀ of shape (m, n_in): the same W, so the same parameters and the same gradients (∂l/∂W = x gᵀ = Xᵀ G).

Parameters live in a dict {"w1", "b1", "w2", "b2", ...}; gradients use the same keys, so an SGD step is
params[k] - lr * grads[k].  The vector form orders them w1, b1, w2, b2, w3, b3 (each flattened row-major),
as the source does; 1·16 + 16 + 16·32 + 32 + 32·1 + 1 = 609 numbers.

Each layer's backward rule is its own small function next to its forward rule (linear_backward,
relu_backward, mae_backward), and backward() takes them as arguments so a lesson can plant a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from derive.numerics.activations import relu
from derive.numerics.gradcheck import central_difference, max_abs_difference, max_relative_error, relative_error

LAYER_SIZES = (1, 16, 32, 1)
SOURCE_BATCH = 16  # the post trains on 16 fresh points a step
SOURCE_LEARNING_RATE = 1e-3
SOURCE_STEPS = 10_000
SOURCE_CHECK_EPS = 1e-4  # the post's gradient-check step
SOURCE_CHECK_BATCH = 2  # the post checks on one random batch of two points

# --- the layers: forward rule, then backward rule ------------------------------------------------------


def linear_forward(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """h = Wᵀx + b for a batch of columns x of shape (n_in, m)."""
    return W.T @ x + b


def linear_backward(W: np.ndarray, x: np.ndarray, dh: np.ndarray):
    """(∂l/∂W, ∂l/∂b, ∂l/∂x) of h = Wᵀx + b, given the upstream gradient dh = ∂l/∂h of shape (n_out, m)."""
    dW = x @ dh.T  # ∂h_jk/∂W_ij = x_ik, summed over the batch k: Σ_k x_ik dh_jk
    db = dh.sum(axis=1, keepdims=True)  # b is shared by all m columns, so its gradient is the *sum*
    dx = W @ dh  # ∂h_jk/∂x_ik = W_ij
    return dW, db, dx


def relu_backward(h: np.ndarray, da: np.ndarray) -> np.ndarray:
    """∂l/∂h of a = max(0, h): pass da where h > 0; at h = 0 use the derivative 0 (a valid subgradient)."""
    return da * (h > 0)


def mae_loss(pred: np.ndarray, y: np.ndarray) -> float:
    """The mean absolute error (1/m) Σ |pred − y| over all m entries."""
    pred, y = np.asarray(pred, dtype=float), np.asarray(y, dtype=float)
    if pred.shape != y.shape:
        raise ValueError(f"pred with shape {pred.shape} and y with shape {y.shape} differ in shape")
    return float(np.mean(np.abs(pred - y)))


def mae_backward(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂l/∂pred of the MAE: sign(pred − y) / m, with sign(0) = 0 at a tie (0 lies in the subdifferential)."""
    return np.sign(pred - y) / pred.size


# --- the network ------------------------------------------------------------------------------------------


def _check_sizes(sizes) -> tuple[int, ...]:
    sizes = tuple(sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0 for n in sizes):
        raise ValueError(f"sizes must be at least two positive integers, got {sizes}")
    return tuple(int(n) for n in sizes)


def init_params(seed, sizes=LAYER_SIZES) -> dict[str, np.ndarray]:
    """Weights and biases drawn from N(0, 1), as the source does, with np.random.default_rng(seed)."""
    sizes = _check_sizes(sizes)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(pairwise(sizes), start=1):
        params[f"w{layer}"] = rng.standard_normal((n_in, n_out))
        params[f"b{layer}"] = rng.standard_normal((n_out, 1))
    return params


def layer_sizes(params: dict[str, np.ndarray]) -> tuple[int, ...]:
    """The sizes (n_in, n_1, ..., n_out) of a parameter dict; raises ValueError if it is malformed."""
    if not isinstance(params, dict):
        raise TypeError("params must be a dict of weights w1, b1, w2, b2, ...")
    n_layers = len(params) // 2
    if n_layers == 0 or sorted(params) != sorted(k for i in range(1, n_layers + 1) for k in (f"w{i}", f"b{i}")):
        raise ValueError(f"params must hold w1, b1, ..., wL, bL, got keys {sorted(params)}")
    sizes = [np.shape(params["w1"])[0]]
    for i in range(1, n_layers + 1):
        W, b = np.shape(params[f"w{i}"]), np.shape(params[f"b{i}"])
        if len(W) != 2 or W[0] != sizes[-1] or b != (W[1], 1):
            raise ValueError(f"layer {i}: w{i} has shape {W} and b{i} has shape {b}, which do not chain")
        sizes.append(W[1])
    return tuple(sizes)


def forward(params: dict[str, np.ndarray], x: np.ndarray):
    """(prediction, cache): ReLU after every linear layer but the last; the cache keeps what backward needs."""
    sizes = layer_sizes(params)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] != sizes[0]:
        raise ValueError(f"x must have shape ({sizes[0]}, m): one sample per column, got {x.shape}")
    return _forward(params, x, len(sizes) - 1)


def _forward(params, x, n_layers):
    # the unchecked forward pass, for loops that call it thousands of times on inputs already checked
    inputs, pre = [x], []  # inputs[i] enters layer i + 1, pre[i] = its pre-activation h
    for i in range(1, n_layers + 1):
        h = linear_forward(params[f"w{i}"], params[f"b{i}"], inputs[-1])
        pre.append(h)
        if i < n_layers:  # no activation after the last layer, so the output can take any value
            inputs.append(relu(h))
    return pre[-1], {"inputs": inputs, "pre": pre}


def backward(
    params,
    cache,
    y,
    *,
    linear_bw: Callable = linear_backward,
    relu_bw: Callable = relu_backward,
    loss_bw: Callable = mae_backward,
) -> dict[str, np.ndarray]:
    """∂(MAE)/∂θ for every parameter, chaining the layer rules from the loss back to the input."""
    inputs, pre = cache["inputs"], cache["pre"]
    pred = pre[-1]
    y = np.asarray(y, dtype=float)
    if y.shape != pred.shape:
        raise ValueError(f"y must have the prediction's shape {pred.shape}, got {y.shape}")
    grads = {}
    upstream = loss_bw(pred, y)  # ∂l/∂h of the last layer
    for i in range(len(pre), 0, -1):
        if i < len(pre):
            upstream = relu_bw(pre[i - 1], upstream)  # through a_i = relu(h_i)
        grads[f"w{i}"], grads[f"b{i}"], upstream = linear_bw(params[f"w{i}"], inputs[i - 1], upstream)
    return grads


def params_to_vector(params: dict[str, np.ndarray]) -> np.ndarray:
    """All parameters as one flat vector in the order w1, b1, w2, b2, ... (each row-major)."""
    n_layers = len(layer_sizes(params)) - 1
    return np.concatenate([np.ravel(params[f"{k}{i}"]) for i in range(1, n_layers + 1) for k in "wb"]).astype(float)


def vector_to_params(vector, sizes=LAYER_SIZES) -> dict[str, np.ndarray]:
    """The inverse of params_to_vector for a network of the given layer sizes (copies, never views)."""
    sizes = _check_sizes(sizes)
    vector = np.asarray(vector, dtype=float)
    shapes = [s for n_in, n_out in pairwise(sizes) for s in ((n_in, n_out), (n_out, 1))]
    expected = sum(a * b for a, b in shapes)
    if vector.ndim != 1 or vector.size != expected:
        raise ValueError(f"a network of sizes {sizes} has {expected} parameters, got a vector of shape {vector.shape}")
    params, offset = {}, 0
    for j, shape in enumerate(shapes):
        n = shape[0] * shape[1]
        params[f"{'wb'[j % 2]}{j // 2 + 1}"] = vector[offset : offset + n].reshape(shape).copy()
        offset += n
    return params


# --- gradient checking --------------------------------------------------------------------------------------


class GradientCheck(NamedTuple):
    """The outcome of comparing backward() with central differences over every parameter."""

    max_relative_error: float  # over all entries, CS231n's measure
    max_abs_difference: float  # what the source printed
    rounding_floor: float  # differences below this are the central difference's own rounding
    analytic: np.ndarray
    numeric: np.ndarray
    passed: bool


def loss_of_vector(vector, x, y, sizes=LAYER_SIZES) -> float:
    """The MAE of the network whose parameters are the flat vector, on the batch (x, y)."""
    return mae_loss(forward(vector_to_params(vector, sizes), x)[0], y)


def check_gradients(
    params, x, y, eps: float = SOURCE_CHECK_EPS, backward_fn: Callable = backward, tolerance: float = 1e-7
) -> GradientCheck:
    """Compare backward_fn with central differences over all parameters: each entry within tol or at rounding."""
    sizes = layer_sizes(params)
    analytic = params_to_vector(backward_fn(params, forward(params, x)[1], y))
    vector = params_to_vector(params)
    numeric = central_difference(lambda v: loss_of_vector(v, x, y, sizes), vector, eps)
    # A relative error is meaningless where the exact gradient is 0 (an MAE sign +1 and a sign −1 cancel
    # exactly on a shared unit, say): the numeric side is then pure rounding, about one ulp of the loss over
    # 2ε, and the ratio is 1.  So an entry also passes if |a − n| is below that rounding level u·|l|/ε; the
    # factor 100 covers the forward pass's own few-ulp error (the worst of 40 kink-free draws at ε = 1e-4
    # was 8.8 units).  Why ε = 1e-4 and not the smooth-case optimum 6e-6: between kinks the loss is affine
    # in each single parameter, so the central difference has no truncation error and only rounding ∝ 1/ε
    # is left; a larger ε is better as long as the stencil meets no kink (see stencil_crosses_kink).
    floor = 1e2 * np.finfo(float).eps * max(1.0, abs(loss_of_vector(vector, x, y, sizes))) / eps
    ok = (relative_error(analytic, numeric) < tolerance) | (np.abs(analytic - numeric) <= floor)
    return GradientCheck(
        max_relative_error(analytic, numeric),
        max_abs_difference(analytic, numeric),
        floor,
        analytic,
        numeric,
        bool(ok.all()),
    )


# Why kinks matter, and why the pattern test below is exact.  Along one coordinate θ_i the network is affine
# between kinks: each pre-activation is affine in θ_i as long as the layers below keep their ReLU pattern,
# and the MAE is affine as long as no prediction crosses its target.  So the central difference has *no*
# truncation error there (only rounding), but a kink inside [θ_i − ε, θ_i + ε] makes it average two slopes.
# A pre-activation |h| < ε is the usual warning sign, yet ε on θ_i can move h by more than ε (the step is
# multiplied by the weights and inputs on the way), so min_kink_distance is only a diagnostic.  The exact
# test: if every sign (of each h and of pred − y) is the same at θ_i − ε, θ_i and θ_i + ε, then, layer by
# layer, each affine pre-activation keeps its sign on the whole interval, so no kink lies inside it.


def activation_pattern(params, x, y) -> np.ndarray:
    """The signs of every ReLU pre-activation and of pred − y, concatenated: the piece of the loss we are on."""
    pred, cache = forward(params, x)
    return np.concatenate([np.sign(h).ravel() for h in cache["pre"][:-1]] + [np.sign(pred - y).ravel()])


def min_kink_distance(params, x, y) -> float:
    """The smallest |h| over ReLU pre-activations and |pred − y|: how close the batch sits to a kink."""
    pred, cache = forward(params, x)
    return float(min(np.abs(v).min() for v in [*cache["pre"][:-1], pred - y]))


def stencil_crosses_kink(params, x, y, eps: float) -> bool:
    """True if moving any one parameter by ±eps changes a sign in activation_pattern (a kink in the stencil)."""
    sizes = layer_sizes(params)
    centre, vector = activation_pattern(params, x, y), params_to_vector(params)
    for i in range(vector.size):
        for step in (eps, -eps):
            moved = vector.copy()
            moved[i] += step
            if not np.array_equal(activation_pattern(vector_to_params(moved, sizes), x, y), centre):
                return True
    return False


def sample_away_from_kinks(
    seed, batch: int = SOURCE_CHECK_BATCH, eps: float = SOURCE_CHECK_EPS, sizes=LAYER_SIZES, max_tries: int = 100
):
    """(params, x, y) drawn like the source's check (all N(0, 1)), redrawn until no ±eps stencil meets a kink."""
    rng = np.random.default_rng(seed)
    for _ in range(max_tries):
        params = init_params(rng, sizes)
        x = rng.standard_normal((sizes[0], batch))
        y = rng.standard_normal((sizes[-1], batch))
        if not stencil_crosses_kink(params, x, y, eps):
            return params, x, y
    raise ValueError(f"no kink-free sample in {max_tries} tries; use a smaller eps or batch")


# --- training ------------------------------------------------------------------------------------------------


def sgd_step(params, grads, lr: float) -> dict[str, np.ndarray]:
    """θ − lr·∂l/∂θ for every parameter (a new dict; the old one is left as it was)."""
    return {k: params[k] - lr * grads[k] for k in params}


def train_sgd(
    seed,
    steps: int = SOURCE_STEPS,
    batch: int = SOURCE_BATCH,
    lr: float = SOURCE_LEARNING_RATE,
    sizes=LAYER_SIZES,
    progress: Callable[[int, float], None] | None = None,
    progress_every: int = 1000,
):
    """(loss per step, final params) of plain SGD on fresh x ~ U[−5, 5], y = sin x, as the source trains."""
    for name, value in (("steps", steps), ("batch", batch), ("progress_every", progress_every)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not (isinstance(lr, (int, float)) and np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    sizes = _check_sizes(sizes)
    if sizes[0] != sizes[-1]:
        raise ValueError(f"the target sin(x) needs as many outputs as inputs, got sizes {sizes}")
    rng = np.random.default_rng(seed)  # one generator for the initial weights and every batch: one seed, one run
    params = init_params(rng, sizes)
    losses = np.empty(steps)
    for step in range(steps):
        x = rng.uniform(-5.0, 5.0, size=(sizes[0], batch))
        y = np.sin(x)
        pred, cache = _forward(params, x, len(sizes) - 1)
        losses[step] = mae_loss(pred, y)  # the loss before this step's update, as the source records it
        params = sgd_step(params, backward(params, cache, y), lr)
        if progress is not None and ((step + 1) % progress_every == 0 or step + 1 == steps):
            progress(step + 1, float(losses[step]))
    return losses, params
