"""The classification chapter: indicator rules, the general gradient formulas for up to six classes,
the NumPy losses against the derivations, the source's code as a lesson, and the page's numbers."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import sympy as sp

from derive.chapters.classification_losses import derivations as cl
from derive.core.checker import check, expand_definitions
from derive.numerics.losses import softmax_cross_entropy, svm_loss
from derive.core.registry import get_derivation, get_value

# ---------------------------------------------------------------- indicator algebra


@pytest.mark.parametrize("rule", [r for r, (_, _, holds) in cl.RULES.items() if holds])
def test_true_indicator_rules_hold_on_the_whole_truth_table(rule):
    lhs, rhs, _ = cl.RULES[rule]
    rows = cl.truth_table(lhs, rhs)
    assert len(rows) == 4 and {r[0] for r in rows} == {(False, False), (False, True), (True, False), (True, True)}
    assert cl.counterexamples(lhs, rhs) == []


def test_seed_or_rule_fails_exactly_when_both_hold():
    lhs, rhs, holds = cl.RULES["or_seed"]
    assert not holds
    assert cl.counterexamples(lhs, rhs) == [(True, True)]
    assert [row[1:] for row in cl.truth_table(lhs, rhs) if row[0] == (True, True)] == [(1, 2)]


def test_truth_table_check_can_fail():
    """A wrong AND (a sum) and a wrong NOT are caught by the same exhaustive comparison."""
    assert cl.counterexamples(cl.Indicator(cl.A & cl.B), cl.Indicator(cl.A) + cl.Indicator(cl.B))
    assert cl.counterexamples(cl.Indicator(~cl.A), cl.Indicator(cl.A))


def test_seed_example_fails_between_5_and_10():
    assert cl.seed_or_failures(range(-5, 20)) == [6, 7, 8, 9]
    assert get_value("indicator_seed_example_lhs").text() == "1"
    assert get_value("indicator_seed_example_rhs").text() == "2"


def test_min_and_hinge_rules_at_ties_and_random_points():
    """The derivations sample random points; ties (a = b, t = 0) are checked here on purpose."""
    rng = np.random.default_rng(1)
    pairs = [(1.0, 1.0), (0.0, 0.0), (-2.0, 3.0), (3.0, -2.0)] + [tuple(v) for v in rng.uniform(-5, 5, (50, 2))]
    rhs = cl.indicator_min.final.doit()
    for x, y in pairs:
        assert float(rhs.subs({cl.a: x, cl.b: y})) == min(x, y)
    hinge = cl.indicator_positive_part.final.doit()
    for t in [0.0, -1e-9, 1e-9, 2.5, -2.5]:
        assert float(hinge.subs(cl.t, t)) == max(0.0, t)


@pytest.mark.parametrize("C", range(1, 7))
def test_select_rule_for_every_component(C):
    Y = sp.symbols(f"Y1:{C + 1}")
    i = sp.Symbol("i", integer=True)
    for k in range(1, C + 1):
        picked = sum(cl.Indicator(sp.Eq(j, k)) * Y[j - 1] for j in range(1, C + 1))
        assert picked == Y[k - 1]
    assert sp.Sum(cl.Indicator(sp.Eq(i, C + 1)) * sp.IndexedBase("Y")[i], (i, 1, C)).doit() == 0  # k outside


# ---------------------------------------------------------------- general formulas, C = 2..6


@pytest.mark.parametrize("kind", ["svm", "ce"])
@pytest.mark.parametrize("C", cl.GENERAL_CLASSES)
def test_general_gradient_formula_matches_diff(kind, C):
    for y in range(1, C + 1):
        assert cl.general_formula_gap(kind, C, y, points=20, seed=C * 10 + y) < 1e-12


@pytest.mark.parametrize("C", [2, 3, 4])
def test_general_svm_formula_is_proved_symbolically(C):
    s = cl.scores(C)
    for y in range(1, C + 1):
        loss = cl.svm_loss_expr(s, y).doit()
        exact = sp.Matrix([sp.diff(loss, v) for v in s])
        formula = cl.svm_gradient_formula(C, y).doit()
        assert all(sp.simplify(sp.piecewise_fold(e)) == 0 for e in exact - formula)


@pytest.mark.parametrize("C", cl.GENERAL_CLASSES)
def test_general_ce_formula_is_proved_symbolically(C):
    s = cl.scores(C)
    for y in range(1, C + 1):
        exact = sp.Matrix([sp.diff(cl.ce_loss_expr(C, y), v) for v in s])
        assert sp.simplify(exact - cl.ce_gradient_formula(C, y).doit()) == sp.zeros(C, 1)


def test_general_formula_check_can_fail():
    """The sign convention matters: the formula with the true class's term flipped is rejected."""
    C, y = 4, 2
    s = cl.scores(C)
    loss = cl.svm_loss_expr(s, y).doit()
    wrong = -cl.svm_gradient_formula(C, y).doit()
    f, g = (sp.lambdify(s, sp.Matrix([sp.diff(loss, v) for v in s]), "numpy"), sp.lambdify(s, wrong, "numpy"))
    point = np.array([0.5, 0.2, 0.9, -0.3])
    assert np.abs(np.asarray(f(*point), float) - np.asarray(g(*point), float)).max() > 0.5


def test_svm_derivation_generator_for_five_classes():
    """The same chain, built for five classes, passes the checker: the C = 2, 3, 4 pages are no accident."""
    from derive.core.registry import Derivation

    steps, definitions, domain, _ = cl.svm_gradient_steps(5, 4)
    d = Derivation("svm_c5", "", "", tuple(steps), domain, definitions)
    assert check(d).ok


@pytest.mark.parametrize("name", ["svm_gradient_c2", "svm_gradient_c3", "svm_gradient_c4"])
def test_svm_derivations_are_registered_for_several_class_counts(name):
    d = get_derivation(name)
    C = int(name[-1])
    assert d.steps[0].expr.shape == (C, 1)


# ---------------------------------------------------------------- NumPy code against the derivations


def _batch_function(d):
    """The last step of a batch derivation as a NumPy function of the 2 × 3 score matrix."""
    symbols = sorted(d.domain, key=str)
    f = sp.lambdify(symbols, expand_definitions(d.final, d.definitions), "numpy")
    return lambda S: np.asarray(f(*S.ravel()), dtype=float)  # symbols sort as s_11, s_12, ..., s_23


@pytest.mark.parametrize("seed", range(5))
def test_numpy_losses_match_the_batch_derivations(seed):
    rng = np.random.default_rng(seed)
    S = rng.uniform(-2, 2, (2, 3))
    y = np.array(cl.BATCH_LABELS) - 1
    svm_formula = _batch_function(cl.svm_batch_gradient)
    ce_formula = _batch_function(cl.softmax_ce_batch_gradient)
    assert np.allclose(svm_loss(S, y)[1], svm_formula(S), rtol=0, atol=1e-15)
    assert np.allclose(softmax_cross_entropy(S, y)[1], ce_formula(S), rtol=1e-13, atol=1e-16)


def test_softmax_mse_matches_its_derivation_and_finite_differences():
    d = cl.softmax_mse_gradient
    symbols = sorted(d.domain, key=str)  # b_1, b_2, w_{11}, w_{12}, w_{21}, w_{22}, x_1, x_2
    f = sp.lambdify(symbols, expand_definitions(d.final, d.definitions), "numpy")
    rng = np.random.default_rng(7)
    for _ in range(5):
        x, W, b = rng.uniform(-2, 2, 2), rng.uniform(-2, 2, (2, 2)), rng.uniform(-1, 1, 2)
        _, dW, db = cl.softmax_mse(x[None, :], W, b, [0])
        derived = np.asarray(f(*b, *W.ravel(), *x), dtype=float)
        assert np.allclose(np.vstack([dW, db]), derived, rtol=1e-12, atol=1e-15)
    w_err, b_err = cl.mse_gradient_check()
    assert w_err < 1e-9 and b_err < 1e-9


def test_softmax_mse_bias_gradient_sums_to_zero():
    db = np.array(get_value("softmax_mse_db").compute())
    assert abs(db.sum()) < 1e-15 and np.all(db != 0)


# ---------------------------------------------------------------- numerics and the source's code


def test_usual_log_sum_exp_loses_the_tiny_loss_and_log1p_keeps_it():
    assert get_value("ce_tiny_usual").compute() == 0.0
    stable, exact = get_value("ce_tiny_stable").compute(), get_value("ce_tiny_exact").compute()
    assert 0 < exact < 1e-16 and abs(stable - exact) <= 4 * np.spacing(exact)
    assert get_value("ce_tiny_usual_gradient").compute() == 0.0
    assert get_value("ce_tiny_stable_gradient").compute() == pytest.approx(-exact, rel=1e-14)


def test_max_subtraction_alone_gives_inf():
    assert get_value("ce_underflow_p").compute() == 0.0
    assert get_value("ce_underflow_log_p").compute() == np.inf
    assert get_value("ce_underflow_stable").compute() == 2000.0
    assert get_value("ce_underflow_naive_p1").compute() == "nan"


def test_seed_code_fails_as_the_page_says():
    assert get_value("seed_svm_error").compute().startswith("UFuncTypeError: Cannot cast ufunc 'divide'")
    assert get_value("seed_softmax_error").compute() == "NameError: name 'X' is not defined"
    assert f"{get_value('seed_softmax_loss_without_log').compute():.4f}" == "-0.3520"
    assert f"{get_value('ce_example_loss').compute():.4f}" == "2.7587"
    assert f"{get_value('svm_example_loss').compute():.4f}" == "5.2667"
    assert get_value("seed_softmax_gradient_difference").compute() < 1e-15
    assert get_value("seed_svm_float_gradient_difference").compute() == 0.0


def _body(fn):
    return inspect.getsource(fn).split('"""')[2].strip().splitlines()


@pytest.mark.parametrize("original,fixed,changed", [
    (cl.seed_softmax_loss, cl.seed_softmax_loss_with_n, "N = S.shape[0]"),
    (cl.seed_svm_loss, cl.seed_svm_loss_float, "astype(float)"),
])
def test_fixed_copies_differ_from_the_seed_code_in_one_line(original, fixed, changed):
    a, b = _body(original), _body(fixed)
    differing = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    assert len(a) == len(b) and len(differing) == 1 and changed in differing[0][1]


def test_kink_convention():
    assert cl.kink_one_sided_slopes() == (0.0, 1.0)
    assert get_value("svm_kink_ours").compute() == 0.0  # strict >, like derive.losses.svm_loss
    assert get_value("svm_kink_seed").compute() == 1.0  # the source's >=


def test_confidently_wrong_example():
    assert get_value("wrong_ce_gradient").compute() < -0.99
    assert abs(get_value("wrong_mse_gradient").compute()) < 1e-3


def test_every_value_of_the_chapter_renders():
    from derive.core.registry import all_values

    mine = [v for v in all_values() if v.chapter == "classification_losses"]
    assert len(mine) > 40
    for v in mine:
        assert v.text() and "None" not in v.text(), v.name


def test_figure_data_come_from_the_losses():
    from figures.classification_losses import losses_and_slopes

    m = np.array([-2.0, 0.0, 0.5, 2.0])
    hinge, ce, dhinge, dce = losses_and_slopes(m)
    assert np.allclose(hinge, np.maximum(0, 1 - m))
    assert np.allclose(ce, np.log1p(np.exp(-m)))
    assert np.allclose(dhinge, -(m < 1).astype(float))
    assert np.allclose(dce, -1 / (1 + np.exp(m)))
