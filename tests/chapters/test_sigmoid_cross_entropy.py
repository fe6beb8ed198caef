"""The §1.14 experiment: our end points against the seed's printed ones, and the physics of the paths."""

from __future__ import annotations

import numpy as np
import pytest

from derive.chapters.sigmoid_cross_entropy import derivations as sp_pair
from derive.numerics.activations import sigmoid
from derive.core.registry import get_value

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
