"""Numerical checks for derive/losses.py against mpmath (200 bits) and central finite differences.

Errors are counted in ulps: how many doubles lie between our result and the exact value rounded to
the nearest double.  Every call to the code under test runs with warnings as errors and
np.errstate(all="raise"), so an overflow, an invalid operation or even an underflow would fail.

The mpmath references are exact rewrites, not the textbook formulas: at 200 bits the textbook BCE
-log(1 - s), s = 1/(1 + e^-h), is itself -log(0) = inf for h > ~140 (1 - s needs about 1.44 h bits).
test_textbook_bce_reference_agrees checks the rewrite against the textbook formula evaluated with
enough bits.
"""

from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np
import pytest
from mpmath import mp, mpf

from derive.numerics.losses import (
    bce_naive,
    bce_with_logits,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_per_row,
    svm_loss,
)

mp.prec = 200
EPS = np.finfo(float).eps
MAX_DOUBLE = np.finfo(float).max
BCE_MAX_ULPS = 4  # measured: loss 1, gradient 2 (see the report in the docstring of each test)
CE_ULPS_PER_GAP = 4  # softmax CE: at most 4 * (1 + largest score gap in the row) ulps


# --- helpers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def strict():
    """Every NumPy floating-point event and every warning is an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def to_double(r) -> float:
    """The mpmath number r rounded to the nearest double (subnormals included)."""
    sign, man, exp, bc = r._mpf_
    if man == 0:
        return 0.0
    if exp + bc < -1080:
        return -0.0 if sign else 0.0
    if exp + bc > 1030:
        return -math.inf if sign else math.inf
    man = -int(man) if sign else int(man)
    return float(man << exp) if exp >= 0 else man / (1 << -exp)  # int / int rounds correctly


def ulps(a, b):
    """Number of doubles between a and b, elementwise (-0.0 counts as 0.0; NaN or inf → huge)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    ia, ib = a.view(np.int64).astype(object), b.view(np.int64).astype(object)
    mask = 0x7FFFFFFFFFFFFFFF
    oa = np.array([i if i >= 0 else -(i & mask) for i in ia.ravel()], dtype=object)
    ob = np.array([i if i >= 0 else -(i & mask) for i in ib.ravel()], dtype=object)
    d = np.abs(oa - ob).astype(float).reshape(a.shape)
    return np.where(np.isfinite(a) & np.isfinite(b), d, np.inf)


# --- binary cross-entropy: references ----------------------------------------------------------------

_rng = np.random.default_rng(20240612)
H_GRID = np.concatenate([
    np.arange(-1000.0, 1001.0),                                  # every integer logit
    _rng.uniform(-1000, 1000, 16_000),                           # random floats
    _rng.choice([-1, 1], 1_990) * 10 ** _rng.uniform(-300, 3, 1_990),  # log-spread, down to 1e-300
    [0.0, -0.0, 1e-300, -1e-300, 5e-324, -5e-324, 36.7, 37.5, 709.78, -709.79, 745.1, -745.1],
])  # fmt: skip


def bce_reference(h: float, y) -> tuple[float, float]:
    """(loss, grad) of BCE with logit h and target y, exactly, rounded to doubles.

    loss = y log(1 + e^-h) + (1 - y) log(1 + e^h),  grad = s - y with s = 1/(1 + e^-h), and for y = 1
    s - 1 = -1/(1 + e^h): exact rewrites that need no extra bits.
    """
    H, Y = mpf(h), mpf(y)
    loss = Y * mp.log1p(mp.exp(-H)) + (1 - Y) * mp.log1p(mp.exp(H))
    grad = -1 / (1 + mp.exp(H)) if y == 1 else 1 / (1 + mp.exp(-H)) - Y
    return to_double(loss), to_double(grad)


@pytest.fixture(scope="module")
def bce_ref():
    """{y: (loss, grad)} reference arrays over H_GRID for y in {0, 1}."""
    out = {}
    for y in (0, 1):
        pairs = [bce_reference(float(h), y) for h in H_GRID]
        out[y] = (np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
    return out


def bce_ulp_errors(fn, y, ref, *, careful=True):
    """(loss ulps, grad ulps) of fn over H_GRID; careful=True runs it strictly."""
    ctx = strict() if careful else np.errstate(all="ignore")
    with ctx:
        loss, grad = fn(H_GRID, np.full_like(H_GRID, y))
    return ulps(loss, ref[y][0]), ulps(grad, ref[y][1])


def check_bce(fn, ref, *, careful=True):
    """The accuracy check: finite everywhere and within BCE_MAX_ULPS of the reference."""
    for y in (0, 1):
        loss_err, grad_err = bce_ulp_errors(fn, y, ref, careful=careful)
        assert np.all(np.isfinite(loss_err)), f"y={y}: non-finite loss at h={H_GRID[~np.isfinite(loss_err)][:5]}"
        assert np.all(np.isfinite(grad_err)), f"y={y}: non-finite grad at h={H_GRID[~np.isfinite(grad_err)][:5]}"
        assert loss_err.max() <= BCE_MAX_ULPS, f"y={y}: loss {loss_err.max()} ulps at h={H_GRID[loss_err.argmax()]}"
        assert grad_err.max() <= BCE_MAX_ULPS, f"y={y}: grad {grad_err.max()} ulps at h={H_GRID[grad_err.argmax()]}"


# --- binary cross-entropy: tests -----------------------------------------------------------------


def test_bce_with_logits_matches_mpmath_on_every_grid_point(bce_ref):
    check_bce(bce_with_logits, bce_ref)


def test_bce_confident_examples_keep_their_gradient(bce_ref):
    """Where the textbook a - y is exactly 0 but the true gradient is a non-zero double, ours is not 0."""
    checked = 0
    for y in (0, 1):
        with np.errstate(all="ignore"):
            _, naive_grad = bce_naive(H_GRID, float(y))
        with strict():
            _, grad = bce_with_logits(H_GRID, float(y))
        ref_grad = bce_ref[y][1]
        confident = (naive_grad == 0) & (ref_grad != 0)
        assert np.all(grad[confident] != 0)
        assert ulps(grad[confident], ref_grad[confident]).max() <= BCE_MAX_ULPS
        checked += confident.sum()
    assert checked > 2_000  # h in (37, 745) for y = 1 and h in (-745, -709) for y = 0
    with strict():
        _, g40 = bce_with_logits(40.0, 1.0)
    assert g40 == bce_reference(40.0, 1)[1] and g40 < 0  # -4.25e-18, where sigmoid(40) - 1 == 0


def test_the_check_catches_the_textbook_formula(bce_ref):
    """The same comparison rejects bce_naive: exactly-0 gradients, inf and NaN losses, overflow."""
    with pytest.raises(AssertionError):
        check_bce(bce_naive, bce_ref, careful=False)
    with np.errstate(all="ignore"):
        _, g40 = bce_naive(40.0, 1.0)
        loss800, _ = bce_naive(800.0, 0.0)
        loss_m800, _ = bce_naive(-800.0, 0.0)
    assert g40 == 0.0 and bce_reference(40.0, 1)[1] != 0.0
    assert loss800 == np.inf and math.isfinite(bce_reference(800.0, 0)[0])
    assert np.isnan(loss_m800)  # 0 * log(0)
    with strict(), pytest.raises(FloatingPointError):
        bce_naive(-800.0, 1.0)  # exp(800) overflows
    _, naive_grad_err = bce_ulp_errors(bce_naive, 1, bce_ref, careful=False)
    assert naive_grad_err.max() > 1e15


def test_textbook_bce_reference_agrees():
    """The textbook -(y log s + (1-y) log(1-s)), with enough bits, gives the same doubles as the rewrite."""
    hs = np.concatenate([np.arange(-1000.0, 1001.0, 25.0), [-0.0, 1e-300, 3.7, -36.9, 200.5, -744.4]])
    for h in hs:
        with mp.workprec(120 + int(1.45 * abs(h))):  # 1 - s ~ e^-h needs ~1.44 h bits
            s = 1 / (1 + mp.exp(-mpf(h)))
            textbook = [(to_double(-mp.log(1 - s)), to_double(s)), (to_double(-mp.log(s)), to_double(s - 1))]
        assert textbook == [bce_reference(float(h), 0), bce_reference(float(h), 1)], h
    s200 = 1 / (1 + mp.exp(-mpf(200)))  # at a fixed 200 bits the textbook reference itself breaks
    assert -mp.log(1 - s200) == mp.inf


def test_bce_huge_logits_are_finite_and_accurate():
    mags = np.concatenate([[1e3, 1e4, 1e10, 1e100, 1e300, MAX_DOUBLE, np.nextafter(MAX_DOUBLE, 0)],
                           10 ** np.random.default_rng(3).uniform(3, 308, 40)])  # fmt: skip
    hs = np.concatenate([mags, -mags])
    for y in (0.0, 1.0):
        with strict():
            loss, grad = bce_with_logits(hs, y)
        assert np.all(np.isfinite(loss)) and np.all(np.isfinite(grad))
        ref = [bce_reference(float(h), y) for h in hs]
        assert ulps(loss, [r[0] for r in ref]).max() <= BCE_MAX_ULPS
        assert ulps(grad, [r[1] for r in ref]).max() <= BCE_MAX_ULPS


def test_bce_soft_labels():
    rng = np.random.default_rng(5)
    hs = np.concatenate([rng.uniform(-60, 60, 300), rng.uniform(-1000, 1000, 100), [0.0, 40.0, -40.0]])
    for y in (1e-3, 0.1, 0.25, 0.5, 0.9, 1 - 2.0**-20):
        with strict():
            loss, grad = bce_with_logits(hs, y)
        ref = [bce_reference(float(h), y) for h in hs]
        ref_loss, ref_grad = np.array([r[0] for r in ref]), np.array([r[1] for r in ref])
        assert ulps(loss, ref_loss).max() <= BCE_MAX_ULPS
        # a - y cancels when a ~ y: the error is a few ulps of a or y, not of the difference
        s = np.array([to_double(1 / (1 + mp.exp(-mpf(h)))) for h in hs])
        assert np.all(np.abs(grad - ref_grad) <= 3 * np.spacing(np.maximum(s, y)))


def test_bce_shapes_and_types():
    with strict():
        loss, grad = bce_with_logits(2.0, 1)
        assert isinstance(loss, np.floating) and isinstance(grad, np.floating)
        loss, grad = bce_with_logits(np.zeros((3, 1)), [0.0, 1.0, 0.5, 1.0])
    assert loss.shape == grad.shape == (3, 4) and loss.dtype == grad.dtype == np.float64
    assert np.all(loss == loss[0, 0])  # h = 0: loss log 2 for every y
    assert loss[0, 0] == to_double(mp.log(2))


# --- softmax cross-entropy ---------------------------------------------------------------------------


def ce_reference(S, y):
    """(per-row losses, mean loss, dS) of softmax cross-entropy, exactly, rounded to doubles.

    With R = sum_{j != y} e^(s_j - s_y):  L = log(1 + R) = log1p(R),  p_j = e^(s_j - s_y) / (1 + R)
    for j != y and p_y - 1 = -R / (1 + R): exact rewrites of -log softmax and softmax - onehot.
    """
    N, C = S.shape
    rows, grad = [], np.empty((N, C))
    for i in range(N):
        sy = mpf(S[i, y[i]])
        e = [mp.exp(mpf(S[i, j]) - sy) for j in range(C)]
        R = mp.fsum(e[j] for j in range(C) if j != y[i])
        rows.append(mp.log1p(R))
        for j in range(C):
            grad[i, j] = to_double((-R if j == y[i] else e[j]) / (1 + R) / N)
    return np.array([to_double(r) for r in rows]), to_double(mp.fsum(rows) / N), grad


def ce_row_loss_mp(row, yi):
    """-log softmax(row)[yi] in mpmath for a row of mpf scores."""
    return mp.log1p(mp.fsum(mp.exp(s - row[yi]) for j, s in enumerate(row) if j != yi))


def usual_cross_entropy(S, y):
    """The usual stable version: subtract the max, log-sum-exp.  Loses losses below ~1e-16."""
    m = S.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(S - m).sum(axis=1))
    return lse - S[np.arange(len(y)), y]


def random_batch(seed, scale, C, N=8):
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal((N, C)), rng.integers(0, C, N)


SPECIAL_ROWS = [  # (scores, label): confident rows with tiny losses, ties, equal scores
    ([50.0, 0.0, 0.0], 0), ([40.0, 0.0], 0), ([700.0, 0.0, 0.0], 0), ([740.0, 1.0], 0), ([30.0, -5.0, 1.0], 0),
    ([3.0, 3.0, 1.0], 0), ([3.0, 3.0, 1.0], 1), ([3.0, 3.0, 1.0], 2), ([0.0, 0.0, 0.0], 1),
    ([1e4, -1e4, 0.5], 1), ([2e4, 1e4, 0.0], 0), ([-7.5, 1e-300, 5e-324], 2),
]  # fmt: skip
CASES = [(scale, C) for scale in (1.0, 100.0, 1e4) for C in (2, 3, 10)]


def row_gap(S):
    return S.max(axis=1) - S.min(axis=1)


@pytest.mark.parametrize(("scale", "C"), CASES)
def test_softmax_cross_entropy_matches_mpmath(scale, C):
    S, y = random_batch(int(scale) + C, scale, C)
    with strict():
        loss, dS = softmax_cross_entropy(S, y)
        per_row = softmax_cross_entropy_per_row(S, y)
    ref_rows, ref_loss, ref_dS = ce_reference(S, y)
    allowed = CE_ULPS_PER_GAP * (1 + row_gap(S))
    assert np.all(ulps(per_row, ref_rows) <= allowed)
    assert ulps(loss, ref_loss) <= allowed.max() + 2
    assert np.all(ulps(dS, ref_dS) <= allowed[:, None])


def test_special_rows_match_mpmath_and_tiny_losses_survive():
    for scores, label in SPECIAL_ROWS:
        S, y = np.array([scores]), np.array([label])
        with strict():
            per_row = softmax_cross_entropy_per_row(S, y)
            loss, dS = softmax_cross_entropy(S, y)
        ref_rows, ref_loss, ref_dS = ce_reference(S, y)
        allowed = CE_ULPS_PER_GAP * (1 + row_gap(S))
        assert np.all(ulps(per_row, ref_rows) <= allowed), (scores, label)
        assert ulps(loss, ref_loss) <= allowed.max(), (scores, label)
        assert np.all(ulps(dS, ref_dS) <= allowed[:, None]), (scores, label)
        assert np.all((dS != 0) == (ref_dS != 0)), (scores, label)  # no gradient rounded away


def test_usual_log_sum_exp_loses_tiny_losses():
    """[50, 0, 0] with y = 0: loss ~ 2 e^-50 ~ 3.9e-22.  The usual way returns exactly 0, ours keeps it."""
    S, y = np.array([[50.0, 0.0, 0.0]]), np.array([0])
    ref_rows, _, ref_dS = ce_reference(S, y)
    assert 0 < ref_rows[0] < 1e-16
    with strict():
        assert usual_cross_entropy(S, y)[0] == 0.0
        p_minus_onehot = softmax(S) - np.eye(3)[y]  # and the usual gradient: 1 - 1 = 0
        ours, dS = softmax_cross_entropy(S, y)
    assert p_minus_onehot[0, 0] == 0.0 and ref_dS[0, 0] != 0.0
    assert ours != 0 and ulps(ours, ref_rows[0]) <= CE_ULPS_PER_GAP
    assert dS[0, 0] != 0 and ulps(dS[0, 0], ref_dS[0, 0]) <= CE_ULPS_PER_GAP


def mp_central_differences(row_loss, S, y, step):
    """d(mean loss)/dS by central differences of an mpmath per-row loss: yields (i, j, estimate)."""
    N, C = S.shape
    for i in range(N):
        row = [mpf(s) for s in S[i]]
        for j in range(C):
            plus, minus = row.copy(), row.copy()
            plus[j] += step
            minus[j] -= step
            yield i, j, (row_loss(plus, y[i]) - row_loss(minus, y[i])) / (2 * step) / N


@pytest.mark.parametrize(("scale", "C"), CASES)
def test_softmax_cross_entropy_gradient_matches_finite_differences(scale, C):
    """Central differences of the mpmath loss (step 2^-100 at 400 bits: accurate to ~1e-55)."""
    S, y = random_batch(int(scale) + C + 1, scale, C, N=4)
    with strict():
        _, dS = softmax_cross_entropy(S, y)
    with mp.workprec(400):
        for i, j, fd in mp_central_differences(ce_row_loss_mp, S, y, mpf(2) ** -100):
            tol = CE_ULPS_PER_GAP * (1 + row_gap(S)[i]) * EPS * abs(fd) + mpf(10) ** -50
            assert abs(dS[i, j] - fd) <= tol, (i, j, dS[i, j], fd)


def test_softmax_matches_mpmath_and_sums_to_one():
    S, _ = random_batch(11, 30.0, 7)
    with strict():
        p = softmax(S)
    ref = np.array([[to_double(1 / mp.fsum(mp.exp(mpf(t) - mpf(s)) for t in r)) for s in r] for r in S])
    assert np.all(ulps(p, ref) <= CE_ULPS_PER_GAP * (1 + row_gap(S))[:, None])
    assert np.allclose(p.sum(axis=1), 1, rtol=0, atol=4 * EPS)


def test_huge_scores_stay_finite():
    for scale in (1e4, 1e100, 1e300):
        S, y = random_batch(17, scale, 3, N=4)
        with strict():
            loss, dS = softmax_cross_entropy(S, y)
            per_row = softmax_cross_entropy_per_row(S, y)
            p = softmax(S)
            hinge, dH = svm_loss(S, y)
        for a in (loss, dS, per_row, p, hinge, dH):
            assert np.all(np.isfinite(a))
        ref_rows, _, ref_dS = ce_reference(S, y)
        allowed = CE_ULPS_PER_GAP * (1 + row_gap(S))
        assert np.all(ulps(per_row, ref_rows) <= allowed)
        assert np.all(ulps(dS, ref_dS) <= allowed[:, None])


# --- multiclass SVM ---------------------------------------------------------------------------------


def svm_row_mp(row, yi, margin):
    """sum_{j != yi} max(0, s_j - s_yi + margin) in mpmath for a row of mpf scores."""
    return mp.fsum(max(mpf(0), s - row[yi] + margin) for j, s in enumerate(row) if j != yi)


def svm_reference_loss(S, y, margin=1.0):
    """Exact hinge loss (mean over the batch) in mpmath."""
    return mp.fsum(svm_row_mp([mpf(s) for s in S[i]], y[i], mpf(margin)) for i in range(len(y))) / len(y)


def svm_loop(S, y, margin=1.0):
    """The hinge gradient written out term by term (kink: a term of exactly 0 is inactive)."""
    N, C = S.shape
    dS = np.zeros((N, C))
    for i in range(N):
        for j in range(C):
            if j != y[i] and S[i, j] - S[i, y[i]] + margin > 0:
                dS[i, j] += 1
                dS[i, y[i]] -= 1
    return dS / N


def away_from_kinks(S, y, margin, delta):
    """Shift every score whose hinge term is within 4 delta of its kink by 10 delta."""
    S = S.copy()
    terms = S - S[np.arange(len(y)), y][:, None] + margin
    near = np.abs(terms) < 4 * delta
    near[np.arange(len(y)), y] = False
    S[near] += 10 * delta
    return S


@pytest.mark.parametrize(("scale", "C"), CASES)
@pytest.mark.parametrize("margin", [1.0, 0.0, 2.5])
def test_svm_loss_matches_mpmath_loop_and_finite_differences(scale, C, margin):
    S, y = random_batch(int(scale) + 3 * C, scale, C)
    delta = 1e-3 * scale
    S = away_from_kinks(S, y, margin, delta)
    N = S.shape[0]
    with strict():
        loss, dS = svm_loss(S, y, margin)
    # loss: each term has error <= eps (|s_j| + |s_y| + margin); the sum adds log2(N C) roundings
    ref = svm_reference_loss(S, y, margin)
    sizes = np.abs(S) + np.abs(S[np.arange(N), y])[:, None] + margin
    bound = (2 + math.log2(N * C)) * EPS * sizes.sum() / N
    assert abs(loss - ref) <= bound
    # gradient: the loop, exactly
    assert np.array_equal(dS, svm_loop(S, y, margin))

    # gradient: central differences of the exact loss (piecewise linear, no kink within the step)
    def row_loss(row, label):
        return svm_row_mp(row, label, margin)

    for i, j, fd in mp_central_differences(row_loss, S, y, mpf(delta)):
        assert dS[i, j] == to_double(fd), (i, j)


def test_svm_kink_counts_as_inactive():
    y = np.array([1])
    with strict():
        at_kink = svm_loss(np.array([[1.0, 2.0]]), y, margin=1.0)  # 1 - 2 + 1 == 0 exactly
        past_kink = svm_loss(np.array([[np.nextafter(1.0, 2), 2.0]]), y, margin=1.0)
    assert at_kink[0] == 0 and np.all(at_kink[1] == 0)
    assert past_kink[0] > 0 and np.array_equal(past_kink[1], [[1.0, -1.0]])


def test_svm_ties_and_full_batch_against_loop():
    S = np.array([[1.0, 1.0, 1.0], [0.0, 5.0, -3.0], [2.0, 2.5, 1.5], [-1.0, -1.0, 4.0]])
    y = np.array([0, 1, 2, 2])
    with strict():
        loss, dS = svm_loss(S, y)
    assert np.array_equal(dS, svm_loop(S, y))
    assert loss == to_double(svm_reference_loss(S, y))


# --- bad input ----------------------------------------------------------------------------------------

S3 = np.zeros((2, 3))
Y3 = np.array([0, 2])
BAD_SCORES_OR_LABELS = {
    "S 1-D": (np.zeros(3), np.array([0])),
    "S 3-D": (np.zeros((2, 3, 1)), Y3),
    "S no rows": (np.zeros((0, 3)), np.array([], dtype=int)),
    "S NaN": (np.array([[0.0, np.nan, 1.0], [0.0, 0.0, 0.0]]), Y3),
    "S inf": (np.array([[0.0, np.inf, 1.0], [0.0, 0.0, 0.0]]), Y3),
    "y float": (S3, np.array([0.0, 2.0])),
    "y bool": (S3, np.array([True, False])),
    "y length": (S3, np.array([0, 1, 2])),
    "y 2-D": (S3, Y3[:, None]),
    "y too big": (S3, np.array([0, 3])),
    "y negative": (S3, np.array([-1, 0])),
}
BAD_CALLS = {
    "bce y > 1": lambda: bce_with_logits(0.0, 1.5),
    "bce y < 0": lambda: bce_with_logits([0.0, 1.0], [-0.1, 0.0]),
    "bce y NaN": lambda: bce_with_logits(0.0, np.nan),
    "bce h NaN": lambda: bce_with_logits(np.nan, 1.0),
    "bce h inf": lambda: bce_with_logits(-np.inf, 1.0),
    "bce shapes": lambda: bce_with_logits(np.zeros(2), np.zeros(3)),
    "bce text": lambda: bce_with_logits("one", 1.0),
    "softmax NaN": lambda: softmax([[0.0, np.nan]]),
    "softmax empty": lambda: softmax(np.zeros((2, 0))),
    "softmax scalar": lambda: softmax(1.0),
    "svm margin < 0": lambda: svm_loss(S3, Y3, margin=-1.0),
    "svm margin NaN": lambda: svm_loss(S3, Y3, margin=np.nan),
}
for _fn in (softmax_cross_entropy, softmax_cross_entropy_per_row, svm_loss):
    for _what, _args in BAD_SCORES_OR_LABELS.items():
        BAD_CALLS[f"{_fn.__name__}: {_what}"] = lambda f=_fn, a=_args: f(*a)


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_input_raises_one_line_value_error(name):
    with strict(), pytest.raises(ValueError) as excinfo:
        BAD_CALLS[name]()
    message = str(excinfo.value)
    assert message and "\n" not in message
