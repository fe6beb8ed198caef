"""The §1.14 experiment (our end points against the seed's printed ones) and the BCE code tied to its proof."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derive.chapters.sigmoid_cross_entropy import experiments as sp_pair
from derive.chapters.sigmoid_cross_entropy.derivations import DEFINITIONS, h, m, y
from derive.core.checker import expand_definitions
from derive.core.registry import get_derivation, get_value
from derive.numerics.activations import sigmoid
from derive.numerics.gradcheck import central_difference, max_relative_error
from derive.numerics.losses import bce_with_logits

# Printed in the source post (seed 000, §1.14), from (2, 0), to four decimals.
SEED_PRINTED = {"mse": (-0.2211, -2.2211), "bce": (-1.0011, -3.0011)}


@pytest.mark.parametrize("kind", ["mse", "bce"])
def test_end_point_matches_seed_to_printed_precision(kind):
    end = sp_pair.trajectory(kind, (2.0, 0.0))[-1]
    assert np.all(np.abs(end - SEED_PRINTED[kind]) <= 0.5e-4), (kind, end)
    assert get_value(f"sigmoid_{kind}_end_2_0").text() == "({:.4f}, {:.4f})".format(*SEED_PRINTED[kind])


def _independent_trajectory(kind, start, steps=200, lr=0.15):
    """The same descent written out by hand (not from the derivations), as a cross-check."""
    w, b = start
    for _ in range(steps):
        a = 1.0 / (1.0 + np.exp(-(w + b)))
        g = 2 * a * a * (1 - a) if kind == "mse" else a  # d/dh of a^2 and of -log(1 - a)
        w, b = w - lr * g, b - lr * g
    return np.array([w, b])


@pytest.mark.parametrize("kind", ["mse", "bce"])
@pytest.mark.parametrize("start", sp_pair.STARTS)
def test_trajectory_agrees_with_hand_written_descent(kind, start):
    ours = sp_pair.trajectory(kind, start)[-1]
    assert np.allclose(ours, _independent_trajectory(kind, start), rtol=1e-12, atol=1e-12)


def test_the_check_catches_a_wrong_gradient():
    """If the experiment used the usual mistake (MSE without the σ′ factor), the seed's numbers break."""
    w, b = 2.0, 0.0
    for _ in range(200):
        g = 2 * sigmoid(w + b)  # σ′ dropped
        w, b = w - 0.15 * g, b - 0.15 * g
    assert not np.all(np.abs(np.array([w, b]) - SEED_PRINTED["mse"]) <= 0.5e-4)


def test_bce_learns_where_mse_stalls():
    """From (3, 2), BCE gets the output near the target 0, MSE leaves it near 1."""
    assert sigmoid(sp_pair.trajectory("mse", (3.0, 2.0))[-1].sum()) > 0.9
    assert sigmoid(sp_pair.trajectory("bce", (3.0, 2.0))[-1].sum()) < 0.05


def test_gradient_functions_are_stable_for_extreme_logits():
    """The lambdified derivations, with σ bound to the stable sigmoid, never produce nan or overflow."""
    h = np.array([-1e300, -800.0, -40.0, 0.0, 40.0, 800.0, 1e300])
    with np.errstate(all="raise"):
        for d in (sp_pair.mse_sigmoid_gradient, sp_pair.bce_sigmoid_gradient):
            g = sp_pair.gradient_function(d)(h)
            assert np.all(np.isfinite(g))


# --- bce_with_logits is the proved BCE and its proved gradient ------------------------------------------

LOGITS = np.linspace(-30.0, 30.0, 241)
LABELS = (0.0, 0.25, 0.5, 1.0)


def _proved(name: str, expr_of):
    """A registered derivation's expression (definitions expanded, m = 1) as a NumPy function of (h, y)."""
    d = get_derivation(name)
    expr = expand_definitions(expr_of(d), d.definitions).subs(m, 1)
    return sp.lambdify((h, y), expr, "numpy")


def _loss_matches_proof(loss_fn) -> bool:
    """loss_fn(h, y) against the last line of bce_from_logit, on the grid."""
    proved = _proved("bce_from_logit", lambda d: d.final)
    with np.errstate(over="ignore"):  # e^30 is fine; the proved form is evaluated as written
        return all(np.allclose(loss_fn(LOGITS, t)[0], proved(LOGITS, t), rtol=1e-12, atol=1e-15) for t in LABELS)


def _gradient_matches_proof(loss_fn) -> bool:
    """loss_fn's gradient against the proved (a − y)/m with m = 1 (bce_sigmoid_gradient), on the grid."""
    proved = _proved("bce_sigmoid_gradient", lambda d: d.final)
    return all(np.allclose(loss_fn(LOGITS, t)[1], proved(LOGITS, t), rtol=1e-12, atol=1e-15) for t in LABELS)


def _gradient_matches_central_differences(loss_fn) -> bool:
    """loss_fn's gradient against central differences of its own loss (one logit at a time)."""
    for t in LABELS:
        for h0 in np.linspace(-12.0, 12.0, 25):
            numeric = central_difference(lambda v, t=t: loss_fn(v[0], t)[0], [h0])
            analytic = np.atleast_1d(loss_fn(h0, t)[1])
            if max_relative_error(analytic, numeric) > 1e-7 and abs(analytic[0] - numeric[0]) > 1e-9:
                return False
    return True


def test_bce_with_logits_loss_is_the_proved_logit_form():
    assert _loss_matches_proof(bce_with_logits)


def test_bce_with_logits_gradient_is_the_proved_gradient():
    assert _gradient_matches_proof(bce_with_logits)


def test_bce_with_logits_gradient_matches_central_differences():
    assert _gradient_matches_central_differences(bce_with_logits)


def test_the_proved_gradient_is_the_derivative_of_the_proved_loss():
    """SymPy: d/dh of bce_from_logit's last line equals bce_sigmoid_gradient's last line (m = 1)."""
    loss = get_derivation("bce_from_logit").final
    grad = expand_definitions(get_derivation("bce_sigmoid_gradient").final, DEFINITIONS).subs(m, 1)
    assert sp.simplify(sp.diff(loss, h) - grad) == 0


def _planted_wrong_gradient(logit, label):
    """bce_with_logits with the usual slip: the gradient's sign flipped (y − a instead of a − y)."""
    loss, grad = bce_with_logits(logit, label)
    return loss, -grad


def _planted_wrong_loss(logit, label):
    """bce_with_logits with the second softplus's sign wrong: log(1 + e^-h) for both terms."""
    loss, grad = bce_with_logits(logit, label)
    return loss - (1 - label) * np.asarray(logit, dtype=float), grad


def test_a_planted_wrong_gradient_is_caught():
    assert not _gradient_matches_proof(_planted_wrong_gradient)
    assert not _gradient_matches_central_differences(_planted_wrong_gradient)


def test_a_planted_wrong_loss_is_caught():
    assert not _loss_matches_proof(_planted_wrong_loss)
    assert not _gradient_matches_central_differences(_planted_wrong_loss)


def test_the_probe_values_are_the_page_numbers():
    """The textbook code breaks exactly at the probes the page names; the stable code does not."""
    naive, stable = sp_pair.bce_textbook_and_stable(*sp_pair.GRADIENT_PROBE)
    assert naive[1] == 0.0 and stable[1] < 0
    naive, stable = sp_pair.bce_textbook_and_stable(*sp_pair.LOSS_PROBE)
    assert np.isinf(naive[0]) and stable[0] == sp_pair.LOSS_PROBE[0]  # softplus(800) rounds to 800


# ---------------------------------------------------------------- the reviewed claims (errata)
def _batch_bce(w, b, xs, ys):
    """The mean BCE of a batch, written out by hand (not from the derivations)."""
    a = 1 / (1 + np.exp(-(w * xs + b)))
    return float(np.mean(-(ys * np.log(a) + (1 - ys) * np.log(1 - a))))


def test_the_bias_gradient_is_one_number_matching_central_differences():
    from derive.chapters.sigmoid_cross_entropy.derivations import BIAS_DEFINITIONS, b_in, outs, w_in, xs, ys

    d = get_derivation("bce_bias_gradient")
    rng = np.random.default_rng(7)
    xv, yv = rng.uniform(-2, 2, 3), rng.uniform(0, 1, 3)
    w0, b0 = 0.7, -0.3
    subs = {w_in: w0, b_in: b0, **dict(zip(xs, xv, strict=True)), **dict(zip(ys, yv, strict=True))}
    proved = float(expand_definitions(d.final, BIAS_DEFINITIONS).subs(subs))
    numeric = central_difference(lambda p: _batch_bce(w0, p[0], xv, yv), np.array([b0]))
    assert numeric.shape == (1,) and abs(proved - numeric[0]) < 1e-8
    # the source's vector (1/m)(A − Y) has one entry per example; its entries alone are not the gradient
    a = 1 / (1 + np.exp(-(w0 * xv + b0)))
    assert abs(np.mean(a - yv) - numeric[0]) < 1e-8 and np.all(np.abs((a - yv) / 3 - numeric[0]) > 1e-3)
    assert set(outs) <= set(BIAS_DEFINITIONS)


def test_a_planted_vector_bias_gradient_is_caught():
    from derive.chapters.sigmoid_cross_entropy.derivations import outs, ys
    from derive.core.checker import check
    from derive.core.mutations import substitute

    d = get_derivation("bce_bias_gradient")
    planted = substitute(d.final, (outs[0] - ys[0]) / 3, step=2, what="first entry of the vector only").apply(d)
    assert not check(planted, first_failure=True).ok


def test_the_logit_depends_on_the_input_and_the_source_exponent_does_not():
    f = get_derivation("sigmoid_logit_input_slope")
    w, xx, b = sp.symbols("w x b", real=True)
    assert sp.simplify(expand_definitions(f.final, {}) - sp.diff(w * xx + b, xx)) == 0
    assert sp.diff(w + b, xx) == 0


def test_every_reviewed_claim_is_boxed_on_both_pages_with_existing_evidence():
    from pathlib import Path

    from derive.core.errata import all_claims, unknown_evidence

    mine = [c for c in all_claims() if c.chapter == "sigmoid_cross_entropy"]
    assert {c.verdict for c in mine} >= {"right", "wrong"}
    assert not [e for e in unknown_evidence() if e.startswith("sce_")]
    docs = Path(__file__).resolve().parents[2] / "docs"
    for lang in ("en", "zh"):
        page = (docs / f"sigmoid-cross-entropy.{lang}.md").read_text(encoding="utf-8")
        assert "!!! failure" not in page
        assert [c.name for c in mine if f"[[erratum:{c.name}]]" not in page] == []


# ---------------------------------------------------------------- the exercises' answers
def test_the_bce_curvature_is_the_second_derivative_of_the_loss_by_finite_differences():
    """The proved a(1 − a)/m against nested central differences of the loss written by hand, in mpmath."""
    from mpmath import mp

    d = get_derivation("sce_ex_bce_curvature")
    claimed = sp.lambdify((h, y, m), expand_definitions(d.final, DEFINITIONS), "mpmath")
    with mp.workdps(50):
        for h0, y0, m0 in [(-6.5, 0.0, 1), (-0.3, 0.25, 4), (0.0, 1.0, 2), (2.7, 0.6, 16), (7.9, 1.0, 3)]:
            h0, y0 = mp.mpf(h0), mp.mpf(y0)

            def loss(t, y0=y0, m0=m0):
                out = 1 / (1 + mp.exp(-t))
                return -(y0 * mp.log(out) + (1 - y0) * mp.log(1 - out)) / m0

            step = mp.mpf("1e-12")
            numeric = (loss(h0 + step) - 2 * loss(h0) + loss(h0 - step)) / step**2
            assert abs(claimed(h0, y0, m0) - numeric) < mp.mpf("1e-20")
            assert claimed(h0, y0, m0) > 0  # convex in the logit, whatever the target


def _hand_steps_below_half(kind, start=(3.0, 2.0), lr=0.15):
    """The page's descent written out by hand; the output is below 1/2 exactly when w + b < 0."""
    w, b = start
    for step in range(1, 10_000):
        a = 1.0 / (1.0 + np.exp(-(w + b)))
        g = 2 * a * a * (1 - a) if kind == "mse" else a
        w, b = w - lr * g, b - lr * g
        if w + b < 0:
            return step
    raise AssertionError("never below one half")


@pytest.mark.parametrize("kind", ["mse", "bce"])
def test_the_steps_until_the_output_drops_below_half_match_a_hand_written_loop(kind):
    assert get_value(f"sce_ex_steps_below_half_{kind}").compute() == _hand_steps_below_half(kind)


def test_bce_gets_below_half_long_before_mse():
    assert 10 * get_value("sce_ex_steps_below_half_bce").compute() < get_value("sce_ex_steps_below_half_mse").compute()


def test_the_mse_peak_for_target_one_is_found_by_brute_force():
    """|2(a − 1) a (1 − a)| on a fine grid of outputs peaks at 1/3, the mirror image of the target-0 peak 2/3."""
    outputs = np.linspace(0.0, 1.0, 300_001)
    size = np.abs(2 * (outputs - 1) * outputs * (1 - outputs))
    assert abs(outputs[np.argmax(size)] - get_value("sce_ex_mse_peak_output_target_1").compute()) < 1e-5
    assert (
        abs(
            1 - get_value("mse_gradient_peak_output").compute() - get_value("sce_ex_mse_peak_output_target_1").compute()
        )
        < 1e-12
    )
