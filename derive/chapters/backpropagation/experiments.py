"""The lab's experiments: pure functions over derive.numerics.mlp and derive.numerics.gradcheck.

gradient_check_report: the full 609-parameter check at a kink-free sample, CS231n relative error and max |a − n|.
step_size_curves: central-difference error against ε, for a smooth function (truncation and rounding) and for
    the network (rounding only, until the stencil crosses a kink).
training_run: the source's SGD run with a fixed seed; fitted_curve: the trained network on a grid.
The same functions feed the page's values, its figures and the notebook.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from derive.numerics import mlp
from derive.numerics.gradcheck import finite_difference_error_curve, optimal_central_eps

CHECK_SEED = 0
TRAIN_SEED = 0
EPS_GRID = tuple(float(e) for e in np.logspace(-13, 0, 53))
# A smooth function for the step-size trade-off: exp has every derivative equal to itself, so the
# truncation term f'''ε²/6 and the rounding term u·f/ε have the same scale, the textbook case.
SMOOTH_POINT = 1.0


@lru_cache(maxsize=None)
def _kink_free_sample(seed: int = CHECK_SEED):
    return mlp.sample_away_from_kinks(seed)


def gradient_check_report(seed: int = CHECK_SEED, eps: float = mlp.SOURCE_CHECK_EPS) -> mlp.GradientCheck:
    """backward() against central differences over all 609 parameters, at a sample no ±ε stencil crosses a kink."""
    params, x, y = _kink_free_sample(seed)
    return mlp.check_gradients(params, x, y, eps)


@lru_cache(maxsize=None)
def check_report(seed: int = CHECK_SEED) -> mlp.GradientCheck:
    return gradient_check_report(seed)


def parameter_count() -> int:
    return int(mlp.params_to_vector(mlp.init_params(0)).size)


def smooth_error_curve(eps_values=EPS_GRID) -> np.ndarray:
    """|central difference − exact| of exp at 1, relative to exp(1): falls as ε², then rises as 1/ε."""
    errors = finite_difference_error_curve(np.exp, np.exp, SMOOTH_POINT, eps_values)
    return errors / np.exp(SMOOTH_POINT)


def network_error_curve(eps_values=EPS_GRID, seed: int = CHECK_SEED) -> np.ndarray:
    """The network's largest |a − n| over its 609 parameters, for each ε (same sample as the check)."""
    params, x, y = _kink_free_sample(seed)
    return np.array([mlp.check_gradients(params, x, y, eps).max_abs_difference for eps in eps_values])


@lru_cache(maxsize=None)
def step_size_curves() -> dict[str, np.ndarray]:
    """Both error curves on the same grid of steps, with the smooth curve's best step."""
    eps = np.array(EPS_GRID)
    smooth = smooth_error_curve()
    return {
        "eps": eps,
        "smooth": smooth,
        "network": network_error_curve(),
        "best_eps_smooth": float(eps[np.argmin(smooth)]),
        "optimal_eps_theory": optimal_central_eps(),
    }


@lru_cache(maxsize=None)
def training_run(seed: int = TRAIN_SEED):
    """(losses, params) of the source's run: 10,000 SGD steps, batches of 16 fresh x ~ U[−5, 5], lr 1e-3."""
    return mlp.train_sgd(seed)


def smoothed_losses(window: int = 100) -> np.ndarray:
    """The running mean of the training loss over `window` steps (one batch of 16 is a noisy estimate)."""
    losses = training_run()[0]
    kernel = np.ones(window) / window
    return np.convolve(losses, kernel, mode="valid")


@lru_cache(maxsize=None)
def fitted_curve(points: int = 1001):
    """(x, prediction, sin x) of the trained network on an even grid of [−5, 5]."""
    params = training_run()[1]
    x = np.linspace(-5.0, 5.0, points)
    pred = mlp.forward(params, x[None, :])[0].ravel()
    return x, pred, np.sin(x)


def fit_errors() -> dict[str, float]:
    """The trained network's mean and largest |prediction − sin x| on the grid."""
    _, pred, target = fitted_curve()
    gap = np.abs(pred - target)
    return {"mean": float(gap.mean()), "max": float(gap.max())}


def progress_bar(total: int, width: int = 30):
    """A callback progress(step, loss) for mlp.train_sgd: a bar updated in place.

    In Jupyter it updates one display in place (an executed notebook keeps only its last state); elsewhere
    it redraws one line on stderr when stderr is a terminal, and stays silent otherwise (no log noise).
    """
    import sys

    def text(step: int, loss: float) -> str:
        done = round(width * step / total)
        return f"[{'#' * done}{'.' * (width - done)}] step {step:,}/{total:,}  loss {loss:.4f}"

    try:
        from IPython import get_ipython

        in_kernel = get_ipython() is not None and hasattr(get_ipython(), "kernel")
    except ImportError:
        in_kernel = False
    if in_kernel:
        from IPython.display import display

        handle = display({"text/plain": text(0, float("nan"))}, raw=True, display_id=True)
        return lambda step, loss: handle.update({"text/plain": text(step, loss)}, raw=True)
    if sys.stderr.isatty():

        def redraw(step, loss):
            sys.stderr.write("\r" + text(step, loss) + ("\n" if step == total else ""))
            sys.stderr.flush()

        return redraw
    return lambda step, loss: None


def layer_rules_against_proofs(seeds=range(3)) -> float:
    """The largest |mlp.linear_backward − lambdified proof| over every proved shape and a few random inputs."""
    from derive.chapters.backpropagation.derivations_linear import SHAPES, lambdified_gradients

    worst = 0.0
    for name, (n_in, n_out, m) in SHAPES.items():
        proved = lambdified_gradients(name)
        for seed in seeds:
            rng = np.random.default_rng(seed)
            W, x, G = (
                rng.standard_normal((n_in, n_out)),
                rng.standard_normal((n_in, m)),
                rng.standard_normal((n_out, m)),
            )
            for ours, f in zip(mlp.linear_backward(W, x, G), proved, strict=True):
                worst = max(worst, float(np.abs(ours - np.asarray(f(W, x, G), dtype=float)).max()))
    return worst
