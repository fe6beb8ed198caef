"""Loss functions and their gradients in NumPy, written so that no equals sign is lost to rounding.

bce_with_logits: binary cross-entropy of sigmoid(h) against y, computed from the logit h.
bce_naive: the textbook formula, kept only to show where it breaks.
softmax, softmax_cross_entropy (mean over the batch), softmax_cross_entropy_per_row.
svm_loss: the multiclass hinge loss.

Every function checks its inputs and raises ValueError with a one-line message.  Underflow of
exp(...) to a subnormal or to 0 is the correctly rounded answer here, so it is silenced
(np.errstate(under="ignore")); overflow and invalid operations cannot happen for finite inputs.
"""

from __future__ import annotations

import numpy as np

from derive.numerics.activations import sigmoid

# --- input checks ---------------------------------------------------------------------------------


def _as_floats(x, name):
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be real numbers") from None


def _check_logits_and_targets(h, y):
    h, y = _as_floats(h, "h"), _as_floats(y, "y")
    try:
        np.broadcast_shapes(h.shape, y.shape)
    except ValueError:
        raise ValueError(f"h with shape {h.shape} and y with shape {y.shape} do not broadcast") from None
    if not np.all(np.isfinite(h)):
        raise ValueError("h must be finite (no NaN or inf)")
    if np.any(np.isnan(y)):
        raise ValueError("y must not contain NaN")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must be targets in [0, 1]")
    return h, y


def _check_scores_and_labels(S, y):
    S = _as_floats(S, "S")
    if S.ndim != 2 or S.size == 0:
        raise ValueError(f"S must be a non-empty (N, C) array of scores, got shape {S.shape}")
    if not np.all(np.isfinite(S)):
        raise ValueError("S must be finite (no NaN or inf)")
    y = np.asarray(y)
    N, C = S.shape
    if y.shape != (N,):
        raise ValueError(f"y must have shape ({N},) to match S with shape {S.shape}, got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer class indices, got dtype {y.dtype}")
    if np.any((y < 0) | (y >= C)):
        raise ValueError(f"y must be class indices in 0..{C - 1}")
    return S, y


# --- binary cross-entropy -------------------------------------------------------------------------


def bce_with_logits(h, y):
    """Binary cross-entropy of a = sigmoid(h) against y, and its gradient dloss/dh, per element.

    loss = -(y log a + (1 - y) log(1 - a)) is computed without forming a, as
        loss = y * softplus(-h) + (1 - y) * softplus(h),  softplus(t) = max(t, 0) + log1p(exp(-|t|))
             = max(h, 0) * (1 - y) + max(-h, 0) * y + log1p(exp(-|h|))
    which equals max(h, 0) - h*y + log1p(exp(-|h|)) but adds only non-negative terms, so nothing
    cancels (for soft labels, h - h*y would lose digits when y is close to 1).  exp only sees
    -|h| <= 0, so it cannot overflow.

    grad = a - y, evaluated so that confident examples keep their tiny gradient:
        y == 1:  -sigmoid(-h)   (sigmoid(h) - 1 would round to 0 once h > 37)
        y == 0:  sigmoid(h)
        else:    sigmoid(h) - y

    h and y broadcast against each other; h must be finite and y must lie in [0, 1].
    Returns (loss, grad) as float arrays (NumPy scalars for scalar inputs).
    """
    h, y = _check_logits_and_targets(h, y)
    with np.errstate(under="ignore"):
        loss = np.maximum(h, 0) * (1 - y) + np.maximum(-h, 0) * y + np.log1p(np.exp(-np.abs(h)))
        grad = np.where(y == 1, -sigmoid(-h), sigmoid(h) - y)
    return loss[()], grad[()]


def bce_naive(h, y):
    """The textbook binary cross-entropy, for showing why it breaks.  Do not use it.

    a = 1 / (1 + exp(-h)) overflows for h < -709 and rounds to exactly 1 for h > 37, so the loss
    becomes inf (log 0) or NaN (0 * log 0) and the gradient a - y becomes exactly 0.
    """
    h, y = np.asarray(h, dtype=float), np.asarray(y, dtype=float)
    a = 1 / (1 + np.exp(-h))
    loss = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    return loss[()], (a - y)[()]


# --- softmax cross-entropy ------------------------------------------------------------------------


def softmax(S):
    """softmax along the last axis: exp(s_j - max s) / sum_k exp(s_k - max s), stable for any finite S.

    Subtracting the row maximum leaves every exponent <= 0 (no overflow) and one term equal to 1
    (the denominator is >= 1, so no division by 0).
    """
    S = _as_floats(S, "S")
    if S.ndim == 0 or S.shape[-1] == 0:
        raise ValueError(f"S must have at least one score along its last axis, got shape {S.shape}")
    if not np.all(np.isfinite(S)):
        raise ValueError("S must be finite (no NaN or inf)")
    with np.errstate(under="ignore"):
        e = np.exp(S - S.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy_per_row(S, y):
    """-log softmax(S_i)[y_i] for each row i of the (N, C) scores S, as an (N,) array.

    With m = max_j s_j at column k, log sum_j exp(s_j) = m + log(1 + r), r = sum_{j != k} exp(s_j - m),
    so
        L_i = (m - s_y) + log1p(r).
    Both terms are >= 0, so nothing cancels.  The usual m + log(sum_j exp(s_j - m)) - s_y returns
    exactly 0 once r < 1.1e-16 (1 + r rounds to 1); log1p(r) keeps it (r ~ 3.9e-22 for s = [50, 0, 0],
    y = 0).  Ties are fine: another column equal to the maximum adds exp(0) = 1 to r.
    """
    S, y = _check_scores_and_labels(S, y)
    rows = np.arange(S.shape[0])
    k = S.argmax(axis=1)
    m = S[rows, k]
    with np.errstate(under="ignore"):
        e = np.exp(S - m[:, None])
        e[rows, k] = 0.0  # leave out the argmax's exp(0) = 1: r is summed on its own
        # log1p(r) = r for a subnormal r: some libms flag that as an underflow, but it is the exact result
        return (m - S[rows, y]) + np.log1p(e.sum(axis=1))


def softmax_cross_entropy(S, y):
    """Mean softmax cross-entropy of the (N, C) scores S against integer labels y, and dloss/dS.

    loss = (1/N) sum_i -log softmax(S_i)[y_i]       (see softmax_cross_entropy_per_row)
    dS   = (softmax(S) - onehot(y)) / N,  with the y-column computed as p_y - 1 = -sum_{j != y} p_j,
    so that a confident correct row keeps its tiny gradient instead of 1 - 1 = 0.
    """
    S, y = _check_scores_and_labels(S, y)
    N = S.shape[0]
    rows = np.arange(N)
    loss = softmax_cross_entropy_per_row(S, y).mean()
    dS = softmax(S)
    dS[rows, y] = 0.0
    dS[rows, y] = -dS.sum(axis=1)
    return loss, dS / N


# --- multiclass SVM (hinge) loss ------------------------------------------------------------------


def svm_loss(S, y, margin=1.0):
    """Multiclass hinge loss of the (N, C) scores S against integer labels y, and dloss/dS.

    loss = (1/N) sum_i sum_{j != y_i} max(0, s_ij - s_iy + margin)
    dS_ij = (1/N) * ( q_ij                      for j != y_i
                    ( -sum_{m != y_i} q_im      for j == y_i
    where q_ij = 1 if s_ij - s_iy + margin > 0 else 0.  At the kink (exactly 0) a term counts as
    inactive: strict >, so the subgradient chosen there is 0.
    """
    S, y = _check_scores_and_labels(S, y)
    margin = float(margin)
    if not (np.isfinite(margin) and margin >= 0):
        raise ValueError(f"margin must be a finite number >= 0, got {margin}")
    N = S.shape[0]
    rows = np.arange(N)
    margins = S - S[rows, y][:, None] + margin
    active = margins > 0
    active[rows, y] = False  # the correct class is not compared with itself
    loss = np.where(active, margins, 0.0).sum() / N
    dS = active.astype(float)
    dS[rows, y] = -active.sum(axis=1)
    return loss, dS / N
