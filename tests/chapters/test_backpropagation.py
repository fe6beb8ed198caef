"""The back-propagation chapter: the hand-written layer rules against the lambdified proofs, planted defects,
the page's numbers against independent computations, and the notebook sources."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derive.chapters.activations.derivations import relu_derivative
from derive.chapters.activations.derivations import x as relu_x
from derive.chapters.backpropagation import derivations as bp
from derive.chapters.backpropagation import derivations_linear as lin
from derive.chapters.backpropagation import derivations_logistic as logi
from derive.chapters.backpropagation import experiments as ex
from derive.core.checker import check
from derive.core.registry import get_value
from derive.numerics import mlp

ROOT = Path(__file__).resolve().parents[2]
SHAPES = list(lin.SHAPES)
TRUE_LINEAR_BACKWARD = mlp.linear_backward  # kept: a test below replaces the module attribute


def _random_layer(shape, seed):
    n_in, n_out, m = shape
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_in, n_out)), rng.standard_normal((n_in, m)), rng.standard_normal((n_out, m))


# --- mlp's layer rules equal the proved formulas -----------------------------------------------------------


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("seed", range(5))
def test_linear_backward_equals_the_proofs(name, seed):
    W, x, G = _random_layer(lin.SHAPES[name], seed)
    proved = [np.asarray(f(W, x, G), dtype=float) for f in lin.lambdified_gradients(name)]
    ours = mlp.linear_backward(W, x, G)
    for got, want in zip(ours, proved, strict=True):
        assert got.shape == want.shape
        assert np.allclose(got, want, rtol=1e-13, atol=1e-13)


def _wrong_bias_mean(W, x, dh):
    dW, _, dx = TRUE_LINEAR_BACKWARD(W, x, dh)
    return dW, dh.mean(axis=1, keepdims=True), dx


def _wrong_weight_mean(W, x, dh):
    dW, db, dx = mlp.linear_backward(W, x, dh)
    return dW / x.shape[1], db, dx


def _wrong_input_transposed(W, x, dh):
    dW, db, dx = mlp.linear_backward(W, x, dh)
    return dW, db, W.T.T @ dh[::-1]  # the upstream rows in the wrong order


@pytest.mark.parametrize("wrong", [_wrong_bias_mean, _wrong_weight_mean, _wrong_input_transposed])
def test_a_planted_wrong_layer_gradient_fails_the_comparison(wrong):
    W, x, G = _random_layer(lin.SHAPES["batch"], 7)
    proved = [np.asarray(f(W, x, G), dtype=float) for f in lin.lambdified_gradients("batch")]
    got = wrong(W, x, G)
    assert not all(np.allclose(g, p, rtol=1e-13, atol=1e-13) for g, p in zip(got, proved, strict=True))


def test_relu_backward_equals_the_proved_step():
    step = sp.lambdify(relu_x, relu_derivative.final, "numpy")
    rng = np.random.default_rng(0)
    h = np.concatenate([rng.standard_normal(50), [0.0]])  # the kink itself: the convention ReLU'(0) = 0
    upstream = rng.standard_normal(h.size)
    assert np.array_equal(mlp.relu_backward(h, upstream), upstream * step(h))
    from derive.core.registry import get_hypothesis

    assert get_hypothesis("relu_derivative_at_zero").relation.rhs == 0  # the convention the code follows


def test_mae_backward_equals_the_proved_gradient():
    final = sp.lambdify([bp.yhat, bp.ytrue], bp.mae_gradient.final, "numpy")
    rng = np.random.default_rng(1)
    pred, y = rng.standard_normal(bp.M_MAE), rng.standard_normal(bp.M_MAE)
    proved = np.asarray(final(pred, y), dtype=float).ravel()
    assert np.allclose(mlp.mae_backward(pred[None, :], y[None, :]).ravel(), proved, rtol=1e-15)
    tie = np.array([[0.5, 1.0]])
    assert mlp.mae_backward(tie, tie).tolist() == [[0.0, 0.0]]  # the convention sign(0) = 0


def test_logistic_gradients_match_finite_differences_of_bce():
    """The proved ∂J/∂w, ∂J/∂b against central differences of a BCE written here from its definition."""
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((logi.N_FEATURES, logi.M)), rng.integers(0, 2, logi.M).astype(float)
    w, b = rng.standard_normal(logi.N_FEATURES), 0.3

    def J(wb):
        a = 1 / (1 + np.exp(-(wb[:-1] @ X + wb[-1])))
        return -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))

    from derive.numerics.gradcheck import central_difference

    numeric = central_difference(J, np.append(w, b), 1e-6)
    a = 1 / (1 + np.exp(-(w @ X + b)))
    bind = {logi.X: sp.Matrix(X), logi.a_vec: sp.Matrix(a), logi.y_vec: sp.Matrix(y), logi.ones: sp.ones(logi.M, 1)}
    final_w = np.array(logi.logistic_weight_gradient.final.subs(bind).doit(), dtype=float).ravel()
    final_b = float(np.array(logi.logistic_bias_gradient.final.subs(bind).doit(), dtype=float).ravel()[0])
    assert np.allclose(final_w, numeric[:-1], rtol=1e-7) and np.isclose(final_b, numeric[-1], rtol=1e-7)


# --- the derivations reject their planted errors -------------------------------------------------------


def test_the_source_mae_formula_without_one_over_m_is_rejected():
    wrong = bp.mae_gradient.mutations[0].apply(bp.mae_gradient)
    assert check(wrong, first_failure=True).ok is False


def test_the_bias_mean_instead_of_sum_is_rejected():
    d = lin.BIAS["batch"]
    wrong = next(m for m in d.mutations if "mean" in m.what).apply(d)
    assert check(wrong, first_failure=True).ok is False


# --- the page's numbers ---------------------------------------------------------------------------------


def test_gradient_check_is_below_1e_7_and_independent_of_our_helper():
    params, x, y = ex._kink_free_sample()
    analytic = mlp.params_to_vector(mlp.backward(params, mlp.forward(params, x)[1], y))
    # an independent central difference written here, restoring the vector by copy
    vector, eps = mlp.params_to_vector(params), 1e-4
    numeric = np.empty_like(vector)
    for i in range(vector.size):
        up, down = vector.copy(), vector.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (mlp.loss_of_vector(up, x, y) - mlp.loss_of_vector(down, x, y)) / (up[i] - down[i])
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    rel = np.abs(analytic - numeric) / np.where(scale == 0, 1, scale)
    assert rel.max() < 1e-7
    assert float(get_value("bp_check_max_relative_error").text()) < 1e-7


def test_the_redone_source_check_has_the_printed_size():
    """The source printed 3.41e-11; its draw is not rebuilt, but the order of magnitude must be."""
    redo = float(get_value("bp_source_redo_max_abs_difference").text())
    assert 1e-11 < redo < 1e-10


def test_training_is_deterministic_and_learns():
    losses, _ = ex.training_run()
    again, _ = mlp.train_sgd(ex.TRAIN_SEED, steps=200)
    assert np.array_equal(losses[:200], again)
    assert losses[-100:].mean() < losses[:100].mean() / 5


def test_step_size_curve_shows_truncation_and_rounding():
    curves = ex.step_size_curves()
    eps, err = curves["eps"], curves["smooth"]
    best = int(np.argmin(err))
    assert 1e-7 < eps[best] < 1e-4  # near cbrt(u), not at either end
    assert err[0] > 1e3 * err[best] and err[-1] > 1e3 * err[best]


def test_progress_bar_is_silent_without_a_terminal(capsys):
    bar = ex.progress_bar(10)
    bar(10, 0.5)
    assert capsys.readouterr().err == ""


# --- the notebooks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebook_sources_parse_and_use_derive(lang):
    import jupytext

    nb = jupytext.read(ROOT / "notebooks" / f"backpropagation.{lang}.py")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tree = ast.parse(code)
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {"derive.numerics", "derive.chapters.backpropagation"} <= imported
    assert not any(isinstance(n, ast.FunctionDef) for n in ast.walk(tree))  # no second implementation
    assert json.loads(jupytext.writes(nb, fmt="ipynb"))["nbformat"] == 4


def test_both_notebooks_have_the_same_code():
    import jupytext

    codes = [
        [
            c.source
            for c in jupytext.read(ROOT / "notebooks" / f"backpropagation.{lang}.py").cells
            if c.cell_type == "code"
        ]
        for lang in ("en", "zh")
    ]
    assert len(codes[0]) == len(codes[1])


def test_a_raising_notebook_cell_is_named(tmp_path, monkeypatch):
    """The notebook hook's executor: a cell that raises gives one line naming the notebook and the cell."""
    from mkdocs_handbook import notebooks

    source = tmp_path / "broken.en.py"
    source.write_text("# %%\nx = 1\n\n# %%\nraise ValueError('planted failure')\n", encoding="utf-8")
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    monkeypatch.setattr(notebooks, "SOURCES", tmp_path)
    monkeypatch.setitem(notebooks.LABS, "broken-lab", ("broken", ()))
    notebooks._kernel_path_env()
    with pytest.raises(notebooks.NotebookError) as caught:
        notebooks.execute("broken-lab", "en")
    message = str(caught.value)
    assert "broken.en.py" in message and "cell 1" in message and "planted failure" in message


def test_a_wrong_layer_rule_stops_the_build_values(monkeypatch):
    """The values the page quotes refuse to compute when linear_backward is not its proof."""
    from derive.chapters.backpropagation import values

    monkeypatch.setattr(mlp, "linear_backward", _wrong_bias_mean)
    with pytest.raises(ValueError, match="differs from the proved formulas"):
        values.layers_against_proofs()
    params, x, y = ex._kink_free_sample()
    planted = mlp.check_gradients(
        params, x, y, backward_fn=lambda p, c, t: mlp.backward(p, c, t, linear_bw=_wrong_bias_mean)
    )
    assert not planted.passed


# ---------------------------------------------------------------- the exercises' answers
def check_and_get(name):
    from derive.core.registry import get_derivation

    d = get_derivation(name)
    assert check(d).ok
    return d


def _expanded_final(d):
    from derive.core.checker import expand_definitions

    return expand_definitions(d.final, d.definitions)


def test_the_sigmoid_chain_gradient_matches_mpmath_central_differences():
    from mpmath import mp

    d = check_and_get("bp_ex_chain_sigmoid")
    claimed = sp.lambdify((bp.w, bp.x, bp.b, bp.t), _expanded_final(d), "mpmath")
    with mp.workdps(50):
        for w0, x0, b0, t0 in [(0.5, -1.5, 0.25, 0.75), (-1.8, 0.3, -0.9, -0.4), (1.2, 1.9, 0.6, 0.1)]:
            w0, x0, b0, t0 = (mp.mpf(v) for v in (w0, x0, b0, t0))

            def loss(wv, x0=x0, b0=b0, t0=t0):
                return (1 / (1 + mp.exp(-(wv * x0 + b0))) - t0) ** 2

            step = mp.mpf("1e-15")
            numeric = (loss(w0 + step) - loss(w0 - step)) / (2 * step)
            assert abs(claimed(w0, x0, b0, t0) - numeric) < mp.mpf("1e-25")


def test_the_mse_gradient_matches_central_differences_of_a_hand_written_mse():
    d = check_and_get("bp_ex_mse_gradient")
    claimed = sp.lambdify([*bp.yhat, *bp.ytrue], _expanded_final(d), "numpy")
    from derive.numerics.gradcheck import central_difference

    rng = np.random.default_rng(5)
    for _ in range(5):
        pred, target = rng.uniform(-2, 2, 3), rng.uniform(-2, 2, 3)
        numeric = central_difference(lambda v, target=target: float(np.mean((v - target) ** 2)), pred, 1e-6)
        assert np.allclose(np.ravel(claimed(*pred, *target)), numeric, rtol=1e-8, atol=1e-10)


def test_the_wider_network_counts_match_the_layer_formula():
    """Σ (n_in + 1) n_out over the layers, and two loss evaluations per parameter for a central difference."""

    def by_formula(name):
        sizes = [int(n) for n in get_value(name).compute().split(" → ")]
        return sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(sizes) - 1))

    count = by_formula("bp_ex_wider_sizes")
    assert get_value("bp_ex_wider_parameter_count").compute() == count
    assert get_value("bp_ex_wider_check_evaluations").compute() == 2 * count
    assert get_value("bp_parameter_count").compute() == by_formula("bp_layer_sizes")
