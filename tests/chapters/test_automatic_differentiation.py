"""The automatic-differentiation chapter: every primitive's backward rule against its proved derivation (a
wrong rule in any one primitive is caught), and the page's numbers against independent references."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import sympy as sp

from derive.chapters.automatic_differentiation import derivations as ad
from derive.chapters.automatic_differentiation import derivations_softmax_mse as smse
from derive.chapters.automatic_differentiation import experiments as ex
from derive.core.checker import expand_definitions
from derive.core.registry import DERIVATIONS, get_derivation, get_value
from derive.numerics import autograd
from derive.numerics.autograd import LOCAL_DERIVATIVES, Value
from derive.numerics.losses import softmax

# How each primitive is applied to leaves (and, for pow, the constant exponent).
APPLY = {
    "add": lambda u, v: u + v,
    "mul": lambda u, v: u * v,
    "pow": lambda u, p: u**p,
    "exp": lambda u: u.exp(),
    "log": lambda u: u.log(),
    "tanh": lambda u: u.tanh(),
    "sigmoid": lambda u: u.sigmoid(),
    "relu": lambda u: u.relu(),
}
POINTS = 40
RTOL = 1e-12


def _variables(d):
    """The inputs a derivation differentiates with respect to (one per entry of its first step)."""
    first = d.steps[0].expr
    entries = list(first) if isinstance(first, sp.MatrixBase) else [first]
    return [e.variables[0] for e in entries]


def _points(d, rng):
    """Random points of the derivation's domain; for pow also negative bases with integer exponents."""
    for i in range(POINTS):
        point = {s: rng.uniform(*where) for s, where in d.domain.items()}
        if d.name == "power_rule" and i % 2:
            point = {s: (-v if s == ad.x_pos else float(rng.choice([-3, -2, -1, 1, 2, 3]))) for s, v in point.items()}
        if d.name == "relu_derivative" and abs(point[_variables(d)[0]]) < 1e-3:
            continue  # away from the kink, where the derivation's step value is a convention
        yield point


def rule_failures(op: str, seed: int = 0) -> list:
    """Points where the engine's local derivative of `op` differs from the registered derivation's final step."""
    d = get_derivation(LOCAL_DERIVATIVES[op])
    final = expand_definitions(d.final, d.definitions)
    entries = list(final) if isinstance(final, sp.MatrixBase) else [final]
    variables = _variables(d)
    constants = sorted(set().union(*(e.free_symbols for e in entries)) - set(variables), key=str)
    failures = []
    for point in _points(d, random.Random(f"{op}:{seed}")):
        leaves = [Value(point[v]) for v in variables]
        node = APPLY[op](*leaves, *(point[c] for c in constants))
        assert node.op == op and len(node.local_grads) == len(entries)
        exact = [sp.N(e.subs({s: sp.Float(v, 30) for s, v in point.items()}), 30) for e in entries]
        for got, ref in zip(node.local_grads, exact, strict=True):
            if not abs(got - float(ref)) <= RTOL * max(1.0, abs(float(ref))):
                failures.append((point, got, float(ref)))
    return failures


@pytest.mark.parametrize("op", sorted(LOCAL_DERIVATIVES))
def test_every_primitive_has_its_proved_derivation(op):
    d = get_derivation(LOCAL_DERIVATIVES[op])
    assert list(DERIVATIONS).count(d.name) == 1
    if op in ("tanh", "sigmoid", "relu"):
        assert d.chapter == "activations"  # reused, not registered twice
    else:
        assert d.chapter == "automatic_differentiation"


@pytest.mark.parametrize("op", sorted(LOCAL_DERIVATIVES))
def test_engine_rule_matches_the_derivation(op):
    assert rule_failures(op) == []


def _wrong_binary(local):
    def method(self, other):
        other = autograd._as_value(other)
        data = self.data + other.data if local is None else self.data * other.data
        return Value(
            data,
            (self, other),
            (local or (lambda a, b: (1.0, 0.0)))(self.data, other.data),
            "add" if local is None else "mul",
        )

    return method


PLANTED = {
    "add": ("__add__", _wrong_binary(None)),  # the second input gets no gradient
    "mul": ("__mul__", _wrong_binary(lambda a, b: (a, b))),  # each factor gets itself
    "pow": ("power_with_slope", lambda x, p: (x**p, p * x**p)),  # exponent not lowered
    "exp": ("exp_with_slope", lambda x: (math.exp(x), 1.0)),
    "log": ("log_with_slope", lambda x: (math.log(x), 1 / x**2)),
    "tanh": ("tanh_with_slope", lambda x: (math.tanh(x), 1 - math.tanh(x))),
    "sigmoid": ("sigmoid_with_slope", lambda x: (1 / (1 + math.exp(-x)), 1 / (1 + math.exp(-x)))),
    "relu": ("relu_with_slope", lambda x: (max(x, 0.0), 1.0)),  # slope 1 on the negative side too
}


@pytest.mark.parametrize("op", sorted(PLANTED))
def test_a_wrong_rule_in_one_primitive_is_caught(op, monkeypatch):
    name, wrong = PLANTED[op]
    monkeypatch.setattr(Value if name.startswith("__") else autograd, name, wrong)
    assert rule_failures(op), f"a wrong {op} rule passed"
    assert all(rule_failures(other) == [] for other in LOCAL_DERIVATIVES if other != op)  # only that one fails


# --- the source's examples -------------------------------------------------------------------------


def test_polynomial_reproduces_the_source():
    """The source computes 2·2 + 3·4 = 16 at x = 2; all three ways agree exactly."""
    assert get_value("ad_poly_symbolic").text() == "16"
    assert ex.polynomial_gradients() == (16.0, 16.0, 16.0)
    assert get_value("ad_poly_graph_nodes").text() == "6"  # x, x², x³, their sum, 5, the total


def test_two_links_match_the_symbolic_chain_rule():
    d = ex.two_link_derivatives()
    rng = np.random.default_rng(ex.SEED)
    x1, ws, bs = ex.draw_links(rng, 2)
    assert d["dy1_dw1"] == x1 and d["dy2_dy1"] == ws[1]
    f = sp.lambdify([ad.x1, ad.w1, ad.b1, ad.w2, ad.b2], ad.chain_two_links.final)
    assert d["dy2_dw1"] == pytest.approx(f(x1, ws[0], bs[0], ws[1], bs[1]), rel=1e-15)


def test_exact_equality_holds_for_two_links_and_fails_for_three():
    two, three = ex.equality_check(2, draws=2000), ex.equality_check(3, draws=2000)
    assert two.exact_failures == 0 and two.tolerance_failures == 0
    assert 0.1 * three.draws < three.exact_failures < 0.6 * three.draws
    assert three.tolerance_failures == 0
    whole, product = three.first_failure
    assert whole != product and ex.ulps((whole, product)) >= 1
    assert math.isclose(whole, product, rel_tol=ex.TOLERANCE)


def test_tolerance_check_still_catches_a_wrong_gradient():
    """The tolerance is not so loose that it passes an error: a dropped link or a 1e-9 slip fails."""
    d = ex.two_link_derivatives()
    assert not math.isclose(d["dy2_dw1"], d["dy1_dw1"], rel_tol=ex.TOLERANCE)
    assert not math.isclose(d["dy2_dw1"], d["dy2_dw1"] * (1 + 1e-9), rel_tol=ex.TOLERANCE)


def test_engine_and_finite_difference_never_agree_exactly():
    engine, numeric = ex.finite_difference_against_engine()
    assert engine != numeric and abs(engine - numeric) < 1e-8 * abs(engine)


def _numpy_reference(X, Wm, b):
    """An independent NumPy evaluation: the loss and ∂L/∂S pushed through the softmax by hand."""
    T = np.array(smse.TARGETS, dtype=float)
    P = softmax(X @ Wm + b)
    G = 2 * (P - T) / P.size
    dS = P * (G - (G * P).sum(axis=1, keepdims=True))
    return ((P - T) ** 2).mean(), np.vstack([X.T @ dS, dS.sum(axis=0)])


def test_softmax_mse_batch_agrees_four_ways():
    c = ex.mse_comparison()
    loss, grad = _numpy_reference(*ex.mse_example())
    assert c.loss == pytest.approx(loss, rel=1e-14)
    assert np.max(np.abs(c.formula - c.sympy_diff)) < 1e-15
    assert np.max(np.abs(c.engine - c.sympy_diff)) < 1e-15
    assert np.max(np.abs(grad - c.sympy_diff)) < 1e-15
    assert np.max(np.abs(c.finite_difference - c.sympy_diff)) < 1e-9
    assert np.allclose(c.engine[:, 0], -c.engine[:, 1], rtol=0, atol=1e-16)  # 2 classes: p₂ = 1 − p₁


def test_dropping_the_softmax_jacobian_is_visible_in_the_numbers():
    c = ex.mse_comparison()
    wrong = sp.lambdify(
        smse.parameters(),
        sum(
            (
                expand_definitions(smse.chain_rule_result(smse.g), smse.DEFINITIONS).xreplace(smse._example_values(n))
                for n in range(smse.N)
            ),
            sp.zeros(smse.D + 1, smse.K),
        ).xreplace({smse.X_BATCH[n, d]: float(v) for (n, d), v in np.ndenumerate(ex.mse_example()[0])}),
        "numpy",
    )
    X, Wm, b = ex.mse_example()
    assert np.max(np.abs(np.array(wrong(*Wm.reshape(-1), *b), dtype=float) - c.sympy_diff)) > 1e-3


def test_mean_of_row_means_is_the_mean():
    E = np.random.default_rng(1).normal(size=(smse.N, smse.K)) ** 2
    assert E.mean(axis=1).mean() == pytest.approx(E.mean(), rel=1e-15)


def test_mse_is_not_a_mean_square_root():
    assert get_value("ad_rmse").text() != get_value("ad_mse_loss").text()
    assert float(get_value("ad_rmse").text()) == pytest.approx(math.sqrt(ex.mse_comparison().loss), abs=1e-4)


# --- forward vs reverse mode on the back-propagation chapter's MLP -----------------------------------


def test_mlp_operation_counts_from_the_layer_sizes():
    """Counted from the sizes alone: a neuron with n inputs costs n products and n additions (the bias
    starts the sum), each hidden neuron one ReLU; |d| = relu(d) + relu(−d) of d = pred − y costs 6."""
    sizes = (1, 16, 32, 1)
    affine = sum(2 * a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    relus = sum(sizes[1:-1])
    c = ex.mlp_costs()
    assert c.n_inputs == 609 == sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    assert c.operations_per_evaluation == affine + relus + 6
    assert c.edges == 2 * affine + relus + 10  # binary operations have 2 parents, relu 1
    assert c.forward_mode_operations == 609 * c.operations_per_evaluation
    assert c.reverse_mode_operations == c.operations_per_evaluation + c.edges


def test_mlp_gradients_agree_across_modes_and_with_the_hand_written_backward():
    by_hand, forward = ex.mlp_gradient_agreement()
    assert by_hand < 1e-12 and forward < 1e-12


# --- updating a leaf ---------------------------------------------------------------------------------


def test_recorded_update_grows_the_graph_and_in_place_does_not():
    recorded, w_recorded = ex.update_graph_sizes("recorded")
    leaf, w_leaf = ex.update_graph_sizes("new_leaf")
    in_place, w_in_place = ex.update_graph_sizes("in_place")
    assert np.all(np.diff(recorded) == 4) and len(set(leaf)) == 1 and len(set(in_place)) == 1
    closed_form = 3.0 * (1 - (1 - 2 * ex.UPDATE_LR) ** ex.UPDATE_STEPS)  # w_k − 3 shrinks by (1 − 2 lr)
    assert w_recorded == w_leaf == w_in_place == pytest.approx(closed_form, rel=1e-14)
    with pytest.raises(ValueError):
        ex.update_graph_sizes("sideways")


# ---------------------------------------------------------------- the exercises' answers
def test_the_x_exp_derivative_at_one_is_two_e():
    """(1 + x) e^x at 1 is 2e: the proved final line, the engine and dual numbers against mpmath."""
    from mpmath import mp

    d = get_derivation("ad_ex_x_exp_derivative")
    with mp.workdps(50):
        two_e = 2 * mp.e
        assert abs(sp.lambdify(ad.x, d.final, "mpmath")(mp.mpf(1)) - two_e) < mp.mpf("1e-45")
        reference = float(two_e)
    assert get_value("ad_ex_x_exp_reverse").compute() == pytest.approx(reference, rel=1e-15)
    assert get_value("ad_ex_x_exp_forward").compute() == pytest.approx(reference, rel=1e-15)


def test_the_x_exp_derivative_matches_central_differences_away_from_one():
    from derive.numerics.gradcheck import central_difference

    d = get_derivation("ad_ex_x_exp_derivative")
    f = sp.lambdify(ad.x, d.final)
    for x0 in (-3.5, -1.0, 0.0, 2.5):
        numeric = central_difference(lambda v: float(v[0] * np.exp(v[0])), np.array([x0]), 1e-6)[0]
        assert f(x0) == pytest.approx(numeric, rel=1e-8, abs=1e-10)


def test_the_chain_bias_gradient_is_the_outer_weight_by_hand_and_by_differences():
    """∂y₂/∂b₁ on the page's draw: w₂ exactly from the engine, and a central difference written by hand."""
    x1, (w1, w2), (b1, b2) = ex.draw_links(np.random.default_rng(ex.SEED), 2)
    engine = get_value("ad_ex_chain_db1").compute()
    assert engine == w2 == get_value("ad_two_link_w2").compute()
    step = 1e-6
    numeric = (((x1 * w1 + b1 + step) * w2 + b2) - ((x1 * w1 + b1 - step) * w2 + b2)) / (2 * step)
    assert engine == pytest.approx(numeric, rel=1e-8)
    final = get_derivation("ad_ex_chain_bias").final
    assert final == ad.w2
