"""The checker's second opinions cannot be removed unnoticed, and its cache redoes exactly what changed."""

from __future__ import annotations

import os

import sympy as sp

from derive.core import checker
from derive.core.cache import Store, dependencies
from derive.core.registry import Derivation, Step, all_derivations, get_derivation
from tests.conftest import ROOT

x = sp.Symbol("x", real=True)
# Claims d/dx sin(x) = sin(x): false, but made to look proved below.
WRONG_GRADIENT = Derivation(
    "wrong_gradient",
    "",
    "",
    (
        Step(sp.Derivative(sp.sin(x), x), "start", "开始"),
        Step(sp.sin(x), "a wrong rule", "错误的法则"),
    ),
    domain={x: (0.1, 1.0)},
)


def test_finite_differences_catch_a_gradient_the_symbolic_checks_miss(monkeypatch):
    """With the step proof and the comparison with diff fooled, the finite-difference check still refutes it.

    If the finite-difference check were stubbed out, this test would fail: the page's "agrees with central
    finite differences" is backed by a check that runs.
    """
    monkeypatch.setattr(checker, "_symbolic", lambda prev, cur, relation: True)
    monkeypatch.setattr(checker, "_numeric", lambda prev, cur, relation, points: "")
    result = checker.check(WRONG_GRADIENT)
    assert not result.ok
    assert any("finite difference" in e for e in result.errors), result.errors


def test_the_comparison_with_diff_catches_what_the_steps_miss(monkeypatch):
    real = checker._symbolic
    calls = []

    def steps_fooled(prev, cur, relation):
        calls.append(1)
        return True if len(calls) == 1 else real(prev, cur, relation)  # the step proof is fooled, diff's is not

    monkeypatch.setattr(checker, "_symbolic", steps_fooled)
    monkeypatch.setattr(checker, "_numeric", lambda prev, cur, relation, points: "")
    result = checker.check(WRONG_GRADIENT)
    assert "final step differs from SymPy's diff" in result.errors


def test_a_gradient_claim_reports_both_second_opinions(monkeypatch):
    ran = []
    real = checker._finite_difference_check
    monkeypatch.setattr(checker, "_finite_difference_check", lambda *a: ran.append(1) or real(*a))
    result = checker.check(get_derivation("sigmoid_derivative"))
    assert result.ok and result.gradient == "diff+fd" and ran


def test_cache_reproves_only_what_changed(tmp_path, monkeypatch):
    store = Store("checks", tmp_path)
    names = [d.name for d in all_derivations()][:6]
    proved: list[str] = []
    checker.check_all(store, names=names, on_check=proved.append)
    assert proved == names
    proved.clear()
    checker.check_all(store, names=names, on_check=proved.append)
    assert proved == []  # nothing changed, nothing re-proved
    edited = names[2]
    real_key = checker.check_key
    monkeypatch.setattr(checker, "check_key", lambda d: real_key(d) + ("-edited" if d.name == edited else ""))
    checker.check_all(store, names=names, on_check=proved.append)
    assert proved == [edited]


def test_a_chapter_key_covers_its_own_sources_only():
    """A module's key covers what it imports, not its whole chapter (a chapter's __init__ imports nothing)."""
    newton = {p.relative_to(ROOT).as_posix() for p in dependencies("derive.chapters.newton.derivations")}
    assert {"derive/chapters/newton/derivations.py", "derive/core/registry.py"} <= newton
    assert "derive/chapters/newton/errata.py" not in newton  # same chapter, not imported
    assert not any(p.startswith("derive/chapters/activations") for p in newton)
    assert not any(p.startswith("derive/chapters/classification_losses") for p in newton)
    # σ's definition is shared; how its derivative is proved is not: other chapters depend on the first only
    losses = {p.relative_to(ROOT).as_posix() for p in dependencies("derive.chapters.sigmoid_cross_entropy.derivations")}
    assert "derive/chapters/activations/definitions.py" in losses
    assert "derive/chapters/activations/derivations.py" not in losses


# A point drawn for the power rule that SymPy had not finished after 400 s when substituted exactly
# (another such point held a test worker for over half an hour): (80217/25000)**(29666/15625) makes it
# expand and factor enormous integers.
SLOW_POINT = "{x: sp.Rational(80217, 25000), p: sp.Rational(29666, 15625)}"
EVALUATE_AT_SLOW_POINT = f"""
import os

import sympy as sp
from derive.core.checker import _evaluate
x, p = sp.Symbol("x", positive=True), sp.Symbol("p", real=True)
print(_evaluate(sp.Derivative(x**p, x), {SLOW_POINT})[0])
"""


def test_a_fraction_raised_to_a_sampled_power_is_evaluated_at_once_and_right():
    """Not a timing test: evaluated at Floats it takes well under a second; exactly, it does not end."""
    import subprocess
    import sys

    import mpmath

    done = subprocess.run(
        [sys.executable, "-c", EVALUATE_AT_SLOW_POINT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    with mpmath.workdps(60):
        xv, pv = mpmath.mpf(80217) / 25000, mpmath.mpf(29666) / 15625
        reference = pv * xv ** (pv - 1)
        assert abs(mpmath.mpf(done.stdout.strip()) - reference) < mpmath.mpf(10) ** -45 * reference


def test_remembered_dependencies_and_hashes_follow_edits(tmp_path, monkeypatch):
    """The per-process memory of imports and file hashes (a build asks thousands of times) never serves
    an answer read from a file that has changed since."""
    from derive.core import cache

    monkeypatch.setattr(cache, "ROOT", tmp_path)
    package = tmp_path / "derive"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("x = 1\n")
    (package / "b.py").write_text("y = 2\n")
    assert [p.name for p in cache.dependencies("derive.a")] == ["__init__.py", "a.py"]
    before = cache.digest("k", modules=("derive.a",))
    assert cache.digest("k", modules=("derive.a",)) == before
    (package / "a.py").write_text("import derive.b\nx = 1\n")  # a new import, written within the same tick
    assert [p.name for p in cache.dependencies("derive.a")] == ["__init__.py", "a.py", "b.py"]
    with_b = cache.digest("k", modules=("derive.a",))
    assert with_b != before
    (package / "b.py").write_text("y = 3\n")  # a dependency's content, same size
    os.utime(package / "b.py", ns=(1, 1))
    assert cache.digest("k", modules=("derive.a",)) != with_b
