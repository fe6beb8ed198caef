"""Every registered derivation proves, and every way of breaking it is caught."""

from __future__ import annotations

import pytest
import sympy as sp

from derive.core.checker import check
from derive.core.mutations import flip_sign, scale_step
from derive.core.registry import Step, all_derivations

DERIVATIONS = all_derivations()
NAMES = [d.name for d in DERIVATIONS]


@pytest.mark.parametrize("d", DERIVATIONS, ids=NAMES)
def test_derivation_proves(d):
    result = check(d)
    assert result.ok, result.summary()
    assert len(result.steps) == len(d.steps) - 1


@pytest.mark.parametrize("d", DERIVATIONS, ids=NAMES)
def test_has_a_mutation(d):
    assert d.mutations, f"{d.name} has no mutation: nothing shows its check can fail"


MUTANTS = [(d, m) for d in DERIVATIONS for m in d.mutations]


@pytest.mark.parametrize("d,mutation", MUTANTS, ids=[f"{d.name}:{m.what}" for d, m in MUTANTS])
def test_listed_mutation_is_rejected(d, mutation):
    mutant = mutation.apply(d)
    assert mutant.steps != d.steps, "the mutation changed nothing, so it tests nothing"
    assert_refuted(check(mutant, first_failure=True))


def assert_refuted(result):
    """Rejected for being wrong: a checker that crashed on the mutant has refuted nothing."""
    assert not result.ok
    crashed = [e for e in result.errors if "the checker could not check it" in e]
    assert not crashed, f"the checker crashed instead of refuting: {crashed[0]}"


@pytest.mark.parametrize("d", DERIVATIONS, ids=NAMES)
@pytest.mark.parametrize("damage", ["flip-last", "rescale-last", "halve-second"])
def test_generic_mutation_is_rejected(d, damage):
    """Beyond the hand-picked mutations: the same damage applied to every derivation is caught.

    For a chain ending in an upper bound, a larger bound stays true, so the last step is halved instead.
    """
    ends_in_bound = d.steps[-1].relation == "<="
    mutation = {
        "flip-last": flip_sign(-1),
        "rescale-last": scale_step(sp.Rational(1, 2) if ends_in_bound else 2, -1),
        "halve-second": scale_step(sp.Rational(1, 2), 1),
    }[damage]
    assert_refuted(check(mutation.apply(d), first_failure=True))


def test_failure_names_the_step():
    from derive.core.registry import Derivation

    x = sp.Symbol("x", real=True)

    wrong = Derivation(
        "demo",
        "",
        "",
        (
            Step(sp.Derivative(x**3, x), "start", "开始"),
            Step(3 * x**2, "power rule", "幂法则"),
            Step(3 * x**3, "a wrong exponent", "错误的指数"),
        ),
        domain={x: (-2.0, 2.0)},
    )
    result = check(wrong)
    assert not result.ok
    assert "step 2" in result.errors[0] and "a wrong exponent" in result.errors[0]
    assert "is false" in result.errors[0]


def test_unprovable_but_true_step_needs_numeric_only():
    """A step SymPy cannot prove fails unless marked numeric_only, and then passes as numeric."""
    from derive.core.registry import Derivation

    x = sp.Symbol("x", positive=True)
    # Euler's reflection formula for the dilogarithm: true on (0, 1), beyond SymPy's simplifier.
    lhs = sp.polylog(2, x) + sp.polylog(2, 1 - x)
    rhs = sp.pi**2 / 6 - sp.log(x) * sp.log(1 - x)
    steps = (Step(lhs, "a", "a"), Step(rhs, "reflection formula", "反射公式"))
    strict = Derivation("li2", "", "", steps, domain={x: (0.05, 0.95)})
    if check(strict).ok:
        pytest.skip("this SymPy version proves the reflection formula symbolically")
    assert "SymPy cannot prove" in check(strict).errors[0]
    lenient = Derivation(
        "li2",
        "",
        "",
        (steps[0], Step(rhs, "reflection formula", "反射公式", numeric_only=True)),
        domain={x: (0.05, 0.95)},
    )
    result = check(lenient)
    assert result.ok and result.steps[0].method == "numeric"


def test_upper_bound_step_rejects_a_false_bound():
    from derive.core.registry import Derivation

    x = sp.Symbol("x", real=True)
    ratio = x**2 / (1 + x**2)
    true_bound = Derivation(
        "b", "", "", (Step(ratio, "", ""), Step(sp.Integer(1), "", "", "<=")), domain={x: (-3.0, 3.0)}
    )
    false_bound = Derivation(
        "b", "", "", (Step(ratio, "", ""), Step(sp.Rational(1, 2), "", "", "<=")), domain={x: (-3.0, 3.0)}
    )
    assert check(true_bound).ok
    assert not check(false_bound).ok


def test_gradient_claim_is_checked_against_finite_differences():
    """A final step that equals the previous one but is not the derivative is still caught."""
    from derive.core.registry import Derivation

    x = sp.Symbol("x", real=True)
    f = sp.Function("f")
    # The definition of f changes between the derivative and the claim: chain links are "proved" only
    # if definitions are honoured, so compare against the true derivative of x**2 (2x), claiming 3x.
    d = Derivation(
        "g",
        "",
        "",
        (Step(sp.Derivative(f(x), x), "", ""), Step(3 * x, "", "")),
        domain={x: (0.5, 2.0)},
        definitions={f: sp.Lambda(x, x**2)},
    )
    result = check(d)
    assert not result.ok


def test_products_print_with_the_brackets_they_need():
    """What a page shows must be the formula that was proved: a·(−b) must not print as a − b."""
    from derive.core.notation import latex, product

    a, b, c = sp.symbols("a b c")
    assert latex(product(a, -b)) == r"a \left(- b\right)"
    assert latex(product(a, b - c)) == r"a \left(b - c\right)"
    assert latex(product(-a, b)) == "- a b"
    # SymPy's own printer gets the first of these wrong, which is why the project has its own:
    assert sp.latex(sp.Mul(sp.UnevaluatedExpr(a), sp.UnevaluatedExpr(-b), evaluate=False)) == "a - b"


def test_chained_display_symbols_stay_functions_of_the_variable():
    """p = e^s / Z with Z = e^s + 1: inside d/ds, Z must still depend on s.

    With plain subs, SymPy treats the later-substituted Z as a constant of differentiation, which would
    let a wrong derivative (e^s/Z, Z held fixed) pass as right.
    """
    from derive.core.registry import Derivation

    s, p, Z = sp.symbols("s p Z", real=True)
    defs = {p: sp.exp(s) / Z, Z: sp.exp(s) + 1}
    right = Derivation(
        "r",
        "",
        "",
        (Step(sp.Derivative(p, s), "", ""), Step(p * (1 - p), "", "")),
        domain={s: (-3.0, 3.0)},
        definitions=defs,
    )
    z_held_fixed = Derivation(
        "w", "", "", (Step(sp.Derivative(p, s), "", ""), Step(p, "", "")), domain={s: (-3.0, 3.0)}, definitions=defs
    )
    assert check(right).ok, check(right).errors
    assert not check(z_held_fixed).ok


def test_failure_report_handles_boolean_sample_values():
    from derive.core.registry import Derivation

    A = sp.Symbol("A")
    d = Derivation(
        "bool",
        "",
        "",
        (Step(sp.Piecewise((1, A), (0, True)), "", ""), Step(sp.Piecewise((2, A), (0, True)), "", "")),
        domain={A: [sp.true, sp.false]},
    )
    result = check(d)
    assert not result.ok and "A=" in result.errors[0]


def test_a_vector_with_a_missing_component_is_rejected():
    from derive.core.registry import Derivation

    x, y = sp.symbols("x y", real=True)
    f = x**2 + 3 * y
    grad = sp.Matrix([sp.Derivative(f, x), sp.Derivative(f, y)])
    short = Derivation(
        "v", "", "", (Step(grad, "", ""), Step(sp.Matrix([2 * x]), "", "")), domain={x: (-1.0, 1.0), y: (-1.0, 1.0)}
    )
    full = Derivation(
        "v", "", "", (Step(grad, "", ""), Step(sp.Matrix([2 * x, 3]), "", "")), domain={x: (-1.0, 1.0), y: (-1.0, 1.0)}
    )
    assert check(full).ok
    assert not check(short).ok
