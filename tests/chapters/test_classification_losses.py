"""The classification chapter: indicator rules (exhaustively), the general-index facts for every index,
the general gradient formulas for up to six classes, the NumPy losses against the proved derivations and
central differences, the source's code as a lesson, and the page's numbers."""

from __future__ import annotations

import inspect
import itertools

import numpy as np
import pytest
import sympy as sp

from derive.chapters.classification_losses import derivations_batch as batch
from derive.chapters.classification_losses import derivations_indicators as ind
from derive.chapters.classification_losses import derivations_svm as svm
from derive.chapters.classification_losses import experiments as ex
from derive.chapters.classification_losses import source_code as src
from derive.chapters.classification_losses.notation import Indicator
from derive.core.checker import check, expand_definitions
from derive.core.registry import Derivation, get_derivation, get_value
from derive.numerics.gradcheck import central_difference
from derive.numerics.losses import softmax_cross_entropy, svm_loss

# ---------------------------------------------------------------- indicator algebra


@pytest.mark.parametrize("rule", [r for r, (_, _, holds) in ind.RULES.items() if holds])
def test_true_indicator_rules_hold_on_the_whole_truth_table(rule):
    lhs, rhs, _ = ind.RULES[rule]
    rows = ind.truth_table(lhs, rhs)
    assert len(rows) == 4 and {r[0] for r in rows} == {(False, False), (False, True), (True, False), (True, True)}
    assert ind.counterexamples(lhs, rhs) == []


def test_seed_or_rule_fails_exactly_when_both_hold():
    lhs, rhs, holds = ind.RULES["or_seed"]
    assert not holds
    assert ind.counterexamples(lhs, rhs) == [(True, True)]
    assert [row[1:] for row in ind.truth_table(lhs, rhs) if row[0] == (True, True)] == [(1, 2)]


def test_union_bound_holds_on_the_whole_truth_table_and_is_strict_once():
    d = get_derivation("indicator_or_union_bound")
    rows = ind.truth_table(d.first, d.final)
    assert all(left <= right for _, left, right in rows)
    assert [values for values, left, right in rows if left < right] == [(True, True)]


def test_truth_table_check_can_fail():
    """A wrong AND (a sum) and a wrong NOT are caught by the same exhaustive comparison."""
    assert ind.counterexamples(Indicator(ind.A & ind.B), Indicator(ind.A) + Indicator(ind.B))
    assert ind.counterexamples(Indicator(~ind.A), Indicator(ind.A))


def test_seed_example_fails_between_5_and_10():
    assert ind.seed_or_failures(range(-5, 20)) == [6, 7, 8, 9]
    assert get_value("indicator_seed_example_lhs").text() == "1"
    assert get_value("indicator_seed_example_rhs").text() == "2"


@pytest.mark.parametrize("name", ["indicator_min", "indicator_min_other_tie"])
def test_min_rules_at_ties_and_random_points(name):
    """The checker samples random points, which never tie; ties (a = b) are checked here on purpose."""
    rng = np.random.default_rng(1)
    pairs = [(1.0, 1.0), (0.0, 0.0), (-2.0, 3.0), (3.0, -2.0)] + [tuple(v) for v in rng.uniform(-5, 5, (50, 2))]
    rhs = get_derivation(name).final.doit()
    for x, y in pairs:
        assert float(rhs.subs({ind.a: x, ind.b: y})) == min(x, y)


@pytest.mark.parametrize("name", ["indicator_positive_part", "indicator_hinge_either_tie"])
def test_hinge_rules_at_the_kink(name):
    d = get_derivation(name)
    for t in [0.0, -1e-9, 1e-9, 2.5, -2.5]:
        assert float(d.final.doit().subs(ind.t, t)) == max(0.0, t)
        assert float(d.first.doit().subs(ind.t, t)) == max(0.0, t)


def test_a_wrong_tie_rule_is_caught_at_the_tie():
    wrong = ind.product(Indicator(ind.a <= ind.b), ind.a) + ind.product(Indicator(ind.a >= ind.b), ind.b)
    assert float(wrong.doit().subs({ind.a: 1.0, ind.b: 1.0})) == 2.0  # the tie counted twice


@pytest.mark.parametrize("C", range(1, 7))
def test_select_rule_for_every_component(C):
    Y = sp.symbols(f"Y1:{C + 1}")
    i = sp.Symbol("i", integer=True)
    for k in range(1, C + 1):
        picked = sum(Indicator(sp.Eq(j, k)) * Y[j - 1] for j in range(1, C + 1))
        assert picked == Y[k - 1]
    assert sp.Sum(Indicator(sp.Eq(i, C + 1)) * sp.IndexedBase("Y")[i], (i, 1, C)).doit() == 0  # k outside


# ---------------------------------------------------------------- general-index facts, every index

GENERAL_FACTS = [
    "indicator_select_general",
    "svm_margin_slope",
    "svm_gradient_general",
    "softmax_jacobian_general",
    "softmax_Z_slope",
    "score_slope",
    "softmax_ce_gradient_general",
    "indicator_exclusive_sum",
    "softmax_ce_gradient_cases",
]


def _index_symbols(d):
    return [v for v, where in d.domain.items() if isinstance(where, list)]


def _symbolic_gap_at_every_index(d):
    """For each assignment of the integer indices: the two sides, expanded, minus each other, simplified."""
    first, final = (expand_definitions(e, d.definitions) for e in (d.first, d.final))
    indices = _index_symbols(d)
    gaps = []
    for values in itertools.product(*(d.domain[v] for v in indices)):
        point = dict(zip(indices, values, strict=True))
        gaps.append(sp.simplify(first.subs(point) - final.subs(point)))
    return gaps


@pytest.mark.parametrize("name", GENERAL_FACTS)
def test_general_index_fact_is_proved_for_every_index(name):
    """The checker spot-checks these numerically; with the indices fixed, SymPy proves every case."""
    d = get_derivation(name)
    assert _index_symbols(d), f"{name} has no index to run over"
    assert all(gap == 0 for gap in _symbolic_gap_at_every_index(d))


@pytest.mark.parametrize("name", GENERAL_FACTS)
def test_every_index_proof_can_fail(name):
    d = get_derivation(name)
    mutant = d.mutations[0].apply(d)
    assert any(gap != 0 for gap in _symbolic_gap_at_every_index(mutant))


# ---------------------------------------------------------------- general formulas, C = 2..6


@pytest.mark.parametrize("kind", ["svm", "ce"])
@pytest.mark.parametrize("C", ex.GENERAL_CLASSES)
def test_general_gradient_formula_matches_diff(kind, C):
    for y in range(1, C + 1):
        assert ex.general_formula_gap(kind, C, y, points=20, seed=C * 10 + y) < 1e-12


@pytest.mark.parametrize("C", [2, 3, 4])
def test_general_svm_formula_is_proved_symbolically(C):
    s = svm.scores(C)
    for y in range(1, C + 1):
        loss = svm.svm_loss_expr(s, y).doit()
        exact = sp.Matrix([sp.diff(loss, v) for v in s])
        formula = svm.svm_gradient_formula(C, y).doit()
        assert all(sp.simplify(sp.piecewise_fold(e)) == 0 for e in exact - formula)


@pytest.mark.parametrize("C", ex.GENERAL_CLASSES)
def test_general_ce_formula_is_proved_symbolically(C):
    s = svm.scores(C)
    for y in range(1, C + 1):
        exact = sp.Matrix([sp.diff(ex.ce_loss_expr(C, y), v) for v in s])
        assert sp.simplify(exact - ex.ce_gradient_formula(C, y).doit()) == sp.zeros(C, 1)


def test_general_formula_check_can_fail():
    """The sign convention matters: the formula with the true class's term flipped is rejected."""
    C, y = 4, 2
    s = svm.scores(C)
    loss = svm.svm_loss_expr(s, y).doit()
    wrong = -svm.svm_gradient_formula(C, y).doit()
    f, g = (sp.lambdify(s, sp.Matrix([sp.diff(loss, v) for v in s]), "numpy"), sp.lambdify(s, wrong, "numpy"))
    point = np.array([0.5, 0.2, 0.9, -0.3])
    assert np.abs(np.asarray(f(*point), float) - np.asarray(g(*point), float)).max() > 0.5


def test_svm_derivation_generator_for_five_classes():
    """The same chain, built for five classes, passes the checker: the C = 2, 3, 4 pages are no accident."""
    steps, definitions, domain, _ = svm.svm_gradient_steps(5, 4)
    d = Derivation("svm_c5", "", "", tuple(steps), domain, definitions)
    assert check(d).ok


@pytest.mark.parametrize("name", ["svm_gradient_c2", "svm_gradient_c3", "svm_gradient_c4"])
def test_svm_derivations_are_registered_for_several_class_counts(name):
    d = get_derivation(name)
    C = int(name[-1])
    assert d.steps[0].expr.shape == (C, 1)
    assert get_value(f"svm_true_class_c{C}").compute() == svm.SVM_CASES[C]


# ---------------------------------------------------------------- NumPy code against the proofs


def _proved_batch_gradient(name):
    """The last step of a proved batch derivation as a NumPy function of the 2 × 3 score matrix."""
    d = get_derivation(name)
    symbols = [v for row in batch.batch_symbols(len(batch.BATCH_LABELS), batch.BATCH_C) for v in row]
    assert set(symbols) == set(d.domain)
    f = sp.lambdify(symbols, expand_definitions(d.final, d.definitions), "numpy")
    return lambda S: np.asarray(f(*S.ravel()), dtype=float)


LABELS = np.array(batch.BATCH_LABELS) - 1  # the derivations number classes from 1, the code from 0


def _scores_away_from_kinks(rng, gap=1e-3):
    """Random 2 × 3 scores whose hinge margins s_m − s_y + 1 all stay more than `gap` from 0."""
    while True:
        S = rng.uniform(-2, 2, (2, 3))
        margins = S - S[np.arange(2), LABELS][:, None] + 1
        margins[np.arange(2), LABELS] = 1.0
        if np.abs(margins).min() > gap:
            return S


def gradient_disagreement(loss_and_gradient, proved, S, y) -> tuple[float, float]:
    """How far a loss's gradient dS is from the proved formula and from central differences of its loss."""
    _, dS = loss_and_gradient(S, y)
    numeric = central_difference(lambda M: loss_and_gradient(M, y)[0], S)
    return float(np.abs(dS - proved(S)).max()), float(np.abs(dS - numeric).max())


CASES = [("svm_batch_gradient", svm_loss), ("softmax_ce_batch_gradient", softmax_cross_entropy)]


@pytest.mark.parametrize("name,loss", CASES, ids=["svm", "softmax_ce"])
@pytest.mark.parametrize("seed", range(5))
def test_numpy_gradient_equals_the_proved_batch_derivation_and_central_differences(name, loss, seed):
    S = _scores_away_from_kinks(np.random.default_rng(seed))
    to_proof, to_fd = gradient_disagreement(loss, _proved_batch_gradient(name), S, LABELS)
    assert to_proof < 1e-15
    assert to_fd < 1e-8


def _planted_wrong(loss):
    """The same loss with a wrong gradient: the true class's entry has its sign flipped."""

    def wrong(S, y):
        value, dS = loss(S, y)
        dS = dS.copy()
        dS[np.arange(len(y)), y] *= -1
        return value, dS

    return wrong


@pytest.mark.parametrize("name,loss", CASES, ids=["svm", "softmax_ce"])
def test_a_planted_wrong_gradient_is_caught_by_the_same_check(name, loss):
    S = _scores_away_from_kinks(np.random.default_rng(0))
    to_proof, to_fd = gradient_disagreement(_planted_wrong(loss), _proved_batch_gradient(name), S, LABELS)
    assert to_proof > 1e-3 and to_fd > 1e-3


def test_softmax_mse_matches_its_derivation_and_finite_differences():
    d = get_derivation("softmax_mse_gradient")
    symbols = sorted(d.domain, key=str)  # b_1, b_2, w_{11}, w_{12}, w_{21}, w_{22}, x_1, x_2
    f = sp.lambdify(symbols, expand_definitions(d.final, d.definitions), "numpy")
    rng = np.random.default_rng(7)
    for _ in range(5):
        x, W, b = rng.uniform(-2, 2, 2), rng.uniform(-2, 2, (2, 2)), rng.uniform(-1, 1, 2)
        _, dW, db = ex.softmax_mse(x[None, :], W, b, [0])
        derived = np.asarray(f(*b, *W.ravel(), *x), dtype=float)
        assert np.allclose(np.vstack([dW, db]), derived, rtol=1e-12, atol=1e-15)
    w_err, b_err = ex.mse_gradient_check()
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


def test_exp_overflow_threshold():
    s = get_value("exp_overflow_log").compute()
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(np.nextafter(s, 0))) and not np.isfinite(np.exp(s + 1e-9 * s))
    assert get_value("exp_overflow_log").text() == "709.78"


def test_seed_code_fails_as_the_page_says():
    """Expected numbers: the loss values printed here were computed by hand from the CS231n batch."""
    assert get_value("seed_svm_error").compute().startswith("UFuncTypeError: Cannot cast ufunc 'divide'")
    assert get_value("seed_softmax_error").compute() == "NameError: name 'X' is not defined"
    assert f"{get_value('seed_softmax_loss_without_log').compute():.4f}" == "-0.3520"
    assert f"{get_value('ce_example_loss').compute():.4f}" == "2.7587"
    assert f"{get_value('svm_example_loss').compute():.4f}" == "5.2667"
    assert get_value("seed_softmax_gradient_difference").compute() < 1e-15
    assert get_value("seed_svm_float_gradient_difference").compute() == 0.0


def _body(fn):
    return inspect.getsource(fn).split('"""')[2].strip().splitlines()


@pytest.mark.parametrize(
    "original,fixed,changed",
    [
        (src.seed_softmax_loss, src.seed_softmax_loss_with_n, "N = S.shape[0]"),
        (src.seed_svm_loss, src.seed_svm_loss_float, "astype(float)"),
    ],
)
def test_fixed_copies_differ_from_the_seed_code_in_one_line(original, fixed, changed):
    a, b = _body(original), _body(fixed)
    differing = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    assert len(a) == len(b) and len(differing) == 1 and changed in differing[0][1]


def test_kink_convention():
    assert ex.kink_margin() == 0.0
    assert ex.kink_one_sided_slopes() == (0.0, 1.0)
    assert get_value("svm_kink_ours").compute() == 0.0  # strict >, like derive.numerics.losses.svm_loss
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


def test_every_erratum_names_existing_evidence():
    from derive.core.errata import all_claims, unknown_evidence

    mine = [c for c in all_claims() if c.chapter == "classification_losses"]
    assert {c.verdict for c in mine} == {"right", "wrong", "imprecise"}
    assert not [e for e in unknown_evidence() if e.startswith("gn_")]


def test_figure_data_come_from_the_losses():
    from figures.classification_losses import losses_and_slopes

    m = np.array([-2.0, 0.0, 0.5, 2.0])
    hinge, ce, dhinge, dce = losses_and_slopes(m)
    assert np.allclose(hinge, np.maximum(0, 1 - m))
    assert np.allclose(ce, np.log1p(np.exp(-m)))
    assert np.allclose(dhinge, -(m < 1).astype(float))
    assert np.allclose(dce, -1 / (1 + np.exp(m)))


# ---------------------------------------------------------------- the exercises' answers
def test_the_soft_target_gradient_matches_mpmath_central_differences():
    """p − q against central differences of −Σ q_m log softmax_m written by hand, at 50 digits."""
    from mpmath import mp

    from derive.chapters.classification_losses import exercises as exe

    d = get_derivation("cl_ex_soft_target_gradient")
    final = expand_definitions(d.final, d.definitions)
    symbols = [*exe.s, exe.q[0], exe.q[1]]
    claimed = sp.lambdify(symbols, final, "mpmath")
    rng = np.random.default_rng(11)
    with mp.workdps(50):
        for _ in range(5):
            scores = [mp.mpf(float(v)) for v in rng.uniform(-4, 4, 3)]
            q1, q2 = (mp.mpf(float(v)) for v in rng.uniform(0, 0.5, 2))
            targets = [q1, q2, 1 - q1 - q2]

            def loss(sc, targets=targets):
                z = sum(mp.exp(v) for v in sc)
                return -sum(t * mp.log(mp.exp(v) / z) for t, v in zip(targets, sc, strict=True))

            step = mp.mpf("1e-15")
            got = claimed(*scores, q1, q2)
            for j in range(3):
                up, down = list(scores), list(scores)
                up[j] += step
                down[j] -= step
                numeric = (loss(up) - loss(down)) / (2 * step)
                assert abs(got[j, 0] - numeric) < mp.mpf("1e-25")


def test_soft_targets_that_are_one_hot_give_the_one_hot_gradient():
    from derive.chapters.classification_losses import exercises as exe

    d = get_derivation("cl_ex_soft_target_gradient")
    one_hot = expand_definitions(d.final, d.definitions).subs({exe.q[0]: 0, exe.q[1]: 1})
    usual = expand_definitions(
        get_derivation("softmax_ce_gradient_lse").final, get_derivation("softmax_ce_gradient_lse").definitions
    )
    assert sp.simplify(one_hot - usual) == sp.zeros(3, 1)


def _hinge_by_hand(scores, label, margin=1.0):
    return sum(max(0.0, s_j - scores[label] + margin) for j, s_j in enumerate(scores) if j != label)


def test_the_row_svm_numbers_match_a_hand_written_hinge_and_its_differences():
    scores, label = list(get_value("cl_ex_row_scores").compute()), get_value("cl_ex_row_true_class").compute()
    assert get_value("cl_ex_row_svm_loss").compute() == pytest.approx(_hinge_by_hand(scores, label), abs=1e-12)
    numeric = central_difference(lambda v: _hinge_by_hand(list(v), label), np.array(scores), 1e-6)
    assert np.allclose(get_value("cl_ex_row_svm_gradient").compute(), numeric, atol=1e-8)


def test_the_row_cross_entropy_gradient_is_softmax_minus_one_hot_in_mpmath():
    from mpmath import mp

    scores, label = get_value("cl_ex_row_scores").compute(), get_value("cl_ex_row_true_class").compute()
    with mp.workdps(50):
        z = sum(mp.exp(mp.mpf(v)) for v in scores)
        expected = [float(mp.exp(mp.mpf(v)) / z - (1 if j == label else 0)) for j, v in enumerate(scores)]
    assert np.allclose(get_value("cl_ex_row_ce_gradient").compute(), expected, rtol=1e-14, atol=1e-16)


def test_the_two_class_softmax_is_the_sigmoid_of_the_difference_in_mpmath():
    from mpmath import mp

    with mp.workdps(50):
        for s1, s2 in [(-5.5, 3.0), (0.0, 0.0), (2.25, -1.5), (700.0, 699.0)]:
            s1, s2 = mp.mpf(s1), mp.mpf(s2)
            softmax_1 = mp.exp(s1) / (mp.exp(s1) + mp.exp(s2))
            sigmoid = 1 / (1 + mp.exp(-(s1 - s2)))
            assert abs(softmax_1 - sigmoid) < mp.mpf("1e-45")
    d = get_derivation("cl_ex_two_class_softmax")
    from derive.chapters.classification_losses import exercises as exe

    f = sp.lambdify(exe.s[:2], expand_definitions(d.final, d.definitions))
    assert f(2.25, -1.5) == pytest.approx(1 / (1 + np.exp(-3.75)), rel=1e-15)
