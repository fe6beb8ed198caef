"""The chapter's experiments, pure functions over derive.numerics: the textbook log-sum-exp that drops
tiny losses (a lesson only), the exact loss from mpmath, the hinge's one-sided slopes at a kink, MSE on
softmax probabilities in NumPy, and the comparison of the general gradient formulas with SymPy's diff.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import sympy as sp

from derive.chapters.classification_losses.derivations_softmax import scores
from derive.chapters.classification_losses.derivations_svm import svm_gradient_formula, svm_loss_expr
from derive.chapters.classification_losses.notation import Indicator
from derive.numerics.gradcheck import central_difference
from derive.numerics.losses import softmax, svm_loss

# ---------------------------------------------------------------- cross-entropy in floating point
TINY_ROW, TINY_LABEL = [50.0, 0.0, 0.0], 0  # a confident, correct row: true loss 2e^-50 ≈ 3.9e-22
UNDERFLOW_ROW, UNDERFLOW_LABEL = [1000.0, 0.0, -1000.0], 2  # p_y = e^-2000 underflows to 0


def usual_cross_entropy(S, y):
    """The usual "stable" cross-entropy: subtract the row maximum, then log-sum-exp. A lesson only.

    It cannot overflow, but m + log(Σ e^(s − m)) − s_y rounds to exactly 0 whenever the true loss is
    below about 1.1e-16, because 1 + r rounds to 1 before the log sees it.
    """
    S = np.asarray(S, dtype=float)
    m = S.max(axis=1)
    lse = m + np.log(np.exp(S - m[:, None]).sum(axis=1))
    return lse - S[np.arange(len(y)), y]


def exact_cross_entropy(row, label, digits: int = 50) -> float:
    """−log softmax(row)[label] with mpmath at `digits` significant digits, rounded to a double."""
    with mpmath.workdps(digits):
        values = [mpmath.mpf(v) for v in row]
        rest = mpmath.fsum(mpmath.exp(v - values[label]) for j, v in enumerate(values) if j != label)
        return float(mpmath.log1p(rest))


# ---------------------------------------------------------------- the hinge at its kink
# Scores (1, 0, −5) with true class 0 put class 1 exactly on its kink, 0 − 1 + 1 = 0.
KINK_S, KINK_Y, KINK_J = np.array([[1.0, 0.0, -5.0]]), np.array([0]), 1


def kink_margin() -> float:
    """s_1 − s_0 + 1 for the kink example (classes numbered from 0, as the code does)."""
    return float(KINK_S[0, KINK_J] - KINK_S[0, KINK_Y[0]] + 1)


def kink_one_sided_slopes(h: float = 2.0**-20) -> tuple[float, float]:
    """(left, right) difference quotients of the hinge loss in s_j at the kink; exact, the loss is
    piecewise linear and h is a power of 2."""

    def loss_at(delta):
        S = KINK_S.copy()
        S[0, KINK_J] += delta
        return svm_loss(S, KINK_Y)[0]

    return (loss_at(0.0) - loss_at(-h)) / h, (loss_at(h) - loss_at(0.0)) / h


# ---------------------------------------------------------------- MSE on softmax probabilities
def one_hot(y, K: int):
    return np.eye(K)[np.asarray(y)]


def softmax_mse_score_gradient(P, T):
    """∂L/∂S for L = mean over all N·K entries of (P − T)², P = softmax(S), row by row:

    g = ∂L/∂P = 2(P − T)/(N K);  δ = P ⊙ (g − rowsum(g ⊙ P))   (the softmax Jacobian applied to g).
    """
    N, K = P.shape
    g = 2 * (P - T) / (N * K)
    return P * (g - (g * P).sum(axis=1, keepdims=True))


def softmax_mse(X, W, b, y):
    """Mean squared error between softmax(X W + b) and the one-hot targets, averaged over all N·K
    entries (what tf.reduce_mean(tf.losses.MSE(...)) and torch's F.mse_loss compute), and its
    gradients: returns (loss, dW, db) with dW = Xᵀ δ and db = the column sums of δ.
    """
    X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
    P = softmax(X @ W + b)
    T = one_hot(y, P.shape[1])
    delta_ = softmax_mse_score_gradient(P, T)
    return ((P - T) ** 2).mean(), X.T @ delta_, delta_.sum(axis=0)


# The source's setting: a batch of 3 examples with 4 features, 2 classes, labels (0, 1, 1), W and x
# uniform in [0, 1), b = 0. Our random numbers are not the source's (it draws them in TensorFlow).
MSE_SEED, MSE_N, MSE_D, MSE_K, MSE_LABELS, MSE_BIAS = 3, 3, 4, 2, (0, 1, 1), 0.0


def mse_example():
    rng = np.random.default_rng(MSE_SEED)
    X, W = rng.uniform(size=(MSE_N, MSE_D)), rng.uniform(size=(MSE_D, MSE_K))
    return X, W, np.full(MSE_K, MSE_BIAS), np.array(MSE_LABELS)


@functools.lru_cache(maxsize=None)
def mse_gradient_check() -> tuple[float, float]:
    """Largest |analytic − central difference| for dW and for db on the example."""
    X, Wm, b, y = mse_example()
    _, dW, db = softmax_mse(X, Wm, b, y)
    fd_W = central_difference(lambda w: softmax_mse(X, w, b, y)[0], Wm)
    fd_b = central_difference(lambda v: softmax_mse(X, Wm, v, y)[0], b)
    return float(np.abs(dW - fd_W).max()), float(np.abs(db - fd_b).max())


# A confidently wrong example: two classes, true class 0, scores (0, 10).
WRONG_S, WRONG_Y = np.array([[0.0, 10.0]]), np.array([0])


# ---------------------------------------------------------------- the general formulas against diff
GENERAL_CLASSES = range(2, 7)


def ce_gradient_formula(C: int, y: int):
    """The general result p_j − 1{j = y}, j = 1..C, with p_j written out (for comparison with diff)."""
    sc = scores(C)
    total = sum(sp.exp(v) for v in sc)
    return sp.Matrix([sp.exp(sc[j - 1]) / total - Indicator(sp.Eq(j, y)) for j in range(1, C + 1)])


def ce_loss_expr(C: int, y: int):
    sc = scores(C)
    return -sp.log(sp.exp(sc[y - 1]) / sum(sp.exp(v) for v in sc))


def general_formula_gap(kind: str, C: int, y: int, points: int = 5, seed: int = 0) -> float:
    """Largest |general formula − SymPy's diff| at random score vectors (away from kinks, almost surely).

    kind "svm": 1{j≠y} q_j − 1{j=y} Σ_{m≠y} q_m;  kind "ce": p_j − 1{j=y}.
    """
    sc = scores(C)
    if kind == "svm":
        loss, formula = svm_loss_expr(sc, y).doit(), svm_gradient_formula(C, y).doit()
    else:
        loss, formula = ce_loss_expr(C, y), ce_gradient_formula(C, y).doit()
    exact = sp.Matrix([sp.diff(loss, v) for v in sc])
    f_exact, f_formula = sp.lambdify(sc, exact, "numpy"), sp.lambdify(sc, formula, "numpy")
    rng = np.random.default_rng(seed)
    gap = 0.0
    for _ in range(points):
        point = rng.uniform(-2, 2, C)
        gap = max(gap, float(np.abs(np.asarray(f_exact(*point), float) - np.asarray(f_formula(*point), float)).max()))
    return gap
