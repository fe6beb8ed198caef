"""A deep chain of fully connected layers, to watch gradients vanish or explode layer by layer.

Shape of the experiment (the "Gradient Descent" post, vanishing-gradient section): 30 layers, each a 1000x1000
matrix W with z = a @ W (no bias), batch of 10 inputs drawn uniformly from [0, 1), loss = mean squared output
against all-zero targets (PyTorch's MSELoss with mean reduction), weights randn / sqrt(n_in). Optionally a batch
normalisation in training mode (batch statistics, gamma = 1, beta = 0) sits between z and the activation.

Everything is float64 and written out by hand: forward with a cache, backward through activation, batch norm
and matmul, then per-layer statistics of the gradients.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import numpy as np

from derive.numerics.activations import sigmoid
from derive.numerics.clipping import clip_coefficient

BN_EPS = 1e-5  # PyTorch's BatchNorm1d default


def _sigmoid_pair(z):
    s = sigmoid(z)
    # sigma(1 - sigma) reuses the forward value; the pre-activations here stay within a few units of 0, far
    # from where 1 - sigma rounds to 0 (the activations chapter's sigmoid_derivative_np guards that case).
    return s, s * (1.0 - s)


def _tanh_pair(z):
    t = np.tanh(z)
    return t, 1.0 - t * t


def _relu_pair(z):
    return np.maximum(z, 0.0), (z > 0).astype(np.float64)


# name -> function returning (activation, its derivative) at the same points; forward stores the derivative
# so backward never recomputes it.
ACTIVATIONS = {"sigmoid": _sigmoid_pair, "tanh": _tanh_pair, "relu": _relu_pair}


def init_std(init: str, n_in: int, n_out: int) -> float:
    """Standard deviation of the weights for an initialisation scheme ("normal", "xavier" or "he")."""
    if init == "normal":  # the source's randn / sqrt(n_in)
        return 1.0 / math.sqrt(n_in)
    if init == "xavier":  # Glorot: Var = 2 / (n_in + n_out), equal to 1 / n for a square layer
        return math.sqrt(2.0 / (n_in + n_out))
    if init == "he":  # Var = 2 / n_in: makes up for ReLU zeroing half of its inputs
        return math.sqrt(2.0 / n_in)
    raise ValueError(f"init must be one of 'normal', 'xavier', 'he', got {init!r}")


def init_weights(rng: np.random.Generator, sizes: list[int], init: str = "normal", scale: float = 1.0) -> list:
    """Gaussian weight matrices W_l of shape (sizes[l], sizes[l+1]) with the scheme's std times scale."""
    if len(sizes) < 2 or any(isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in sizes):
        raise ValueError(f"sizes must be at least two positive ints, got {sizes!r}")
    return [
        rng.standard_normal((n_in, n_out)) * (scale * init_std(init, n_in, n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]


def batchnorm_forward(z: np.ndarray, eps: float = BN_EPS) -> tuple[np.ndarray, tuple]:
    """Normalise each column over the batch (training mode, biased variance, no affine); return (zhat, cache)."""
    mu = z.mean(axis=0)
    inv_std = 1.0 / np.sqrt(z.var(axis=0) + eps)
    zhat = (z - mu) * inv_std
    return zhat, (zhat, inv_std)


def batchnorm_backward(dzhat: np.ndarray, cache: tuple) -> np.ndarray:
    """Gradient w.r.t. the batch-norm input, given the gradient w.r.t. its output."""
    zhat, inv_std = cache
    # zhat depends on every row through the batch mean and variance: subtracting the mean of dzhat is the
    # mean's path, subtracting zhat * mean(dzhat * zhat) is the variance's path.
    return inv_std * (dzhat - dzhat.mean(axis=0) - zhat * (dzhat * zhat).mean(axis=0))


def forward(
    x: np.ndarray, weights: list, activation: str, batchnorm: bool = False, weight_scale: float = 1.0
) -> tuple[np.ndarray, list]:
    """Run the chain with layer matrices weight_scale * W; return the output and a per-layer cache."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or (batchnorm and x.shape[0] < 2):
        raise ValueError(f"x must be a (batch, features) array with batch >= 2 for batch norm, got {x.shape}")
    n = x.shape[1]
    for i, w in enumerate(weights):
        if np.ndim(w) != 2 or np.shape(w)[0] != n:
            raise ValueError(f"weights[{i}] must have shape ({n}, n_out), got {np.shape(w)}")
        n = np.shape(w)[1]
    a, cache = x, []
    for w in weights:
        # z = (a @ W) * s, which equals a @ (s * W): scaling the 10-row product is cheaper than scaling the
        # matrix, and lets every initialisation reuse one draw of unit Gaussians. einsum is NumPy's own
        # single-threaded loop: for such thin products a threaded BLAS on a busy 2-core machine spent more time
        # waking its threads than multiplying (measured 3-4x slower than einsum).
        z = np.einsum("bi,ij->bj", a, w) * weight_scale
        h, bn = batchnorm_forward(z) if batchnorm else (z, None)
        a_next, slope = ACTIVATIONS[activation](h)
        cache.append({"a_in": a, "z": z, "bn": bn, "slope": slope})
        a = a_next
    return a, cache


def mse_to_zero(out: np.ndarray) -> tuple[float, np.ndarray]:
    """The source's loss, mean(out**2) (MSE against zero targets), and its gradient 2 * out / out.size."""
    return float(np.mean(out**2)), 2.0 * out / out.size


def random_projection(out: np.ndarray, probe: np.ndarray) -> tuple[float, np.ndarray]:
    """L = sum(out * probe) for a fixed random probe; its gradient (the probe) does not depend on the weights."""
    return float(np.sum(out * probe)), probe


LOSSES = ("mse", "projection")


def backward(
    dout: np.ndarray, weights: list, cache: list, weight_grads: bool = True, weight_scale: float = 1.0
) -> dict:
    """Backpropagate dL/d(output): lists dz (w.r.t. each z), da_in (w.r.t. each layer's input), dW."""
    g, dzs, da_ins, dws = dout, [], [], []
    for w, c in zip(reversed(weights), reversed(cache), strict=True):
        dh = g * c["slope"]  # through the activation
        dz = batchnorm_backward(dh, c["bn"]) if c["bn"] is not None else dh
        if weight_grads:
            dws.append(c["a_in"].T @ dz)  # w.r.t. the matrix actually used, weight_scale * W
        g = np.einsum("bj,ij->bi", dz, w) * weight_scale  # (dz @ W.T) * s: what the layer below receives
        dzs.append(dz)
        da_ins.append(g)
    return {"dz": dzs[::-1], "da_in": da_ins[::-1], "dW": dws[::-1] if weight_grads else None, "dx": g}


def loss_and_gradients(x: np.ndarray, weights: list, activation: str, batchnorm: bool = False) -> tuple:
    """Loss mean(out**2) and the backward dict for one pass (the function a gradient check perturbs)."""
    out, cache = forward(x, weights, activation, batchnorm)
    loss, dout = mse_to_zero(out)
    return loss, backward(dout, weights, cache)


def weight_gradient_stats(a_in: np.ndarray, dz: np.ndarray) -> tuple[float, float, float]:
    """Signed mean, RMS and Frobenius norm of dW = a_in.T @ dz, from batch x batch products (dW never built)."""
    n_in, n_out = a_in.shape[1], dz.shape[1]
    # dW is n_in x n_out but has rank <= batch: ||A^T D||_F^2 = sum((A A^T) * (D D^T)) and
    # sum(A^T D) = (row sums of A) . (row sums of D), so 10x10 matrices replace 1000x1000 ones.
    fro = math.sqrt(max(float(np.sum((a_in @ a_in.T) * (dz @ dz.T))), 0.0))
    mean = float(a_in.sum(axis=1) @ dz.sum(axis=1)) / (n_in * n_out)
    return mean, fro / math.sqrt(n_in * n_out), fro


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a * a)))


@dataclass(frozen=True)
class ChainConfig:
    """One run: activation, initialisation, weight scale, batch norm on/off, sizes, seed, optional clipping."""

    activation: str = "sigmoid"
    init: str = "normal"
    scale: float = 1.0
    batchnorm: bool = False
    depth: int = 30
    width: int = 1000
    batch: int = 10
    seed: int = 0
    clip_norm: float | None = None
    loss: str = "mse"  # the source's mean(out**2); "projection": sum(out * N(0, 1) probe)

    def __post_init__(self):
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}")
        init_std(self.init, 1, 1)  # validates the name
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {self.loss!r}")
        for name in ("depth", "width", "batch", "seed"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"{name} must be an int, got {type(v).__name__}")
            if v < (0 if name == "seed" else 1):
                raise ValueError(f"{name} must be {'>= 0' if name == 'seed' else '>= 1'}, got {v}")
        if not isinstance(self.batchnorm, bool):
            raise TypeError(f"batchnorm must be a bool, got {type(self.batchnorm).__name__}")
        if self.batchnorm and self.batch < 2:
            raise ValueError("batch norm needs a batch of at least 2")
        for name in ("scale", "clip_norm"):
            v = getattr(self, name)
            if v is None and name == "clip_norm":
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not (math.isfinite(v) and v > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {v!r}")


def _draw(config: ChainConfig) -> tuple[np.ndarray, list, np.ndarray]:
    # Input uniform on [0, 1) like torch.rand, then unit-variance Gaussian matrices (every init is a multiple
    # of these, so runs that share seed and sizes share one draw: drawing 3e7 normals is the slow part), then
    # the probe of the "projection" loss.
    rng = np.random.default_rng(config.seed)
    x = rng.random((config.batch, config.width))
    base = [rng.standard_normal((config.width, config.width)) for _ in range(config.depth)]
    return x, base, rng.standard_normal((config.batch, config.width))


def _as_config(config: ChainConfig | Mapping) -> ChainConfig:
    if isinstance(config, Mapping):
        unknown = set(config) - {f.name for f in fields(ChainConfig)}
        if unknown:
            raise ValueError(f"unknown config keys: {sorted(unknown)}")
        config = ChainConfig(**config)
    if not isinstance(config, ChainConfig):
        raise TypeError(f"config must be a ChainConfig or a mapping, got {type(config).__name__}")
    return config


def run_experiment(config: ChainConfig | Mapping) -> dict:
    """One forward/backward pass of the configured chain; per-layer gradient statistics (index 0 = layer 1)."""
    config = _as_config(config)
    return _run(config, _draw(config))


def _run(config: ChainConfig, draw: tuple) -> dict:
    x, base, probe = draw
    std = config.scale * init_std(config.init, config.width, config.width)
    out, cache = forward(x, base, config.activation, config.batchnorm, weight_scale=std)
    loss, dout = mse_to_zero(out) if config.loss == "mse" else random_projection(out, probe)
    grads = backward(dout, base, cache, weight_grads=False, weight_scale=std)
    stats = np.array([weight_gradient_stats(c["a_in"], dz) for c, dz in zip(cache, grads["dz"], strict=True)])
    res = {
        "config": asdict(config),
        "loss": loss,
        "dW_mean": stats[:, 0],  # what the source plots: positive and negative entries cancel in it
        "dW_rms": stats[:, 1],
        "dW_fro": stats[:, 2],
        "dz_rms": np.array([_rms(d) for d in grads["dz"]]),
        "act_rms": np.array([_rms(c["a_in"]) for c in cache[1:]] + [_rms(out)]),  # each layer's output
        "slope_mean": np.array([float(c["slope"].mean()) for c in cache]),  # mean sigma'(.) per layer
        "slope_rms": np.array([_rms(c["slope"]) for c in cache]),
        # linear-layer gains, mean square out over mean square in: forward z vs a_in, backward da_in vs dz
        "gain_forward": np.array([np.mean(c["z"] ** 2) / np.mean(c["a_in"] ** 2) for c in cache]),
        "gain_backward": np.array(
            [np.mean(da**2) / np.mean(dz**2) for da, dz in zip(grads["da_in"], grads["dz"], strict=True)]
        ),
    }
    res["total_norm"] = math.hypot(*res["dW_fro"])  # overflow-safe norm of all weight gradients together
    res["mean_over_rms_layer1"] = res["dW_mean"][0] / res["dW_rms"][0]
    if config.clip_norm is not None:
        # Norm clipping multiplies every dW by the same factor, so the clipped norms are that factor times these
        # (tests check this against clip_grad_norm applied to the materialised arrays).
        coef = clip_coefficient(res["total_norm"], config.clip_norm)
        res["clip_coef"] = coef
        res["clipped_fro"] = coef * res["dW_fro"]
        res["clipped_total_norm"] = coef * res["total_norm"]
    return res


# The runs the page shows. "exploding": He's std times 1.5, so every ReLU layer multiplies the mean square of
# the forward signal and of the backward gradient by about 1.5**2; the same pass is then clipped to norm 1.
RUNS = {
    "sigmoid": ChainConfig("sigmoid"),
    "tanh": ChainConfig("tanh"),  # for a square layer the source's init is exactly Xavier's
    "relu": ChainConfig("relu"),
    "relu_he": ChainConfig("relu", "he"),
    # With MSE, dL/d(out) = 2 out / size. A bias-free ReLU chain is positively homogeneous, so a_l . dL/da_l = 2L
    # at every layer: the gradient keeps a part along a_l, which lives on the active units and so survives the
    # ReLU mask; the mask then removes less than half of the gradient's square and the RMS creeps up a few
    # percent per layer. With a random-sign probe that part is ~1/sqrt(size) as large: only the init remains.
    "relu_he_projection": ChainConfig("relu", "he", loss="projection"),
    "sigmoid_bn": ChainConfig("sigmoid", batchnorm=True),
    "relu_bn": ChainConfig("relu", batchnorm=True),
    "exploding": ChainConfig("relu", "he", scale=1.5, clip_norm=1.0),
}


def all_runs(width: int = 1000, depth: int = 30, seed: int = 0) -> dict:
    """Every run in RUNS at the given size (default: the source's 30 layers of width 1000), keyed by name."""
    configs = {
        name: ChainConfig(**{**asdict(c), "width": width, "depth": depth, "seed": seed}) for name, c in RUNS.items()
    }
    draw = _draw(next(iter(configs.values())))  # same seed and sizes for all: one draw serves every run
    return {name: _run(cfg, draw) for name, cfg in configs.items()}
