"""The Chinese claims page names every wrong version in Chinese, counts steps as the page does, and a
label with no Chinese fails the build in one line instead of showing English."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from derive.core.checker import check
from derive.core.inline import Context
from derive.core.mutations import flip_sign, generic_mutations, scale_step, shift_step, substitute
from derive.core.registry import Derivation, Mutation, Step, all_derivations
from mkdocs_handbook import inventory
from mkdocs_handbook.mutation_labels_zh import LABELS_ZH, UntranslatedLabel, label_zh, outcome_zh

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Two English words in a row (a word: two letters or more, so the maths' x, r, t do not count)
ENGLISH_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?:[\s,'’-]+[A-Za-z]{2,})+(?![A-Za-z])")

x = sp.Symbol("x", real=True)


def _wrong_versions():
    """(derivation, label) for every wrong version the claims page lists, and the generic ones too."""
    return sorted(
        {(d.name, m.what) for d in all_derivations() for m in (*d.mutations, *generic_mutations(d))},
    )


def _assert_reads_as_chinese(zh: str, what: str) -> None:
    assert CHINESE.search(zh), f"{what!r} -> {zh!r}: no Chinese"
    assert not ENGLISH_RUN.search(zh), f"{what!r} -> {zh!r}: English words {ENGLISH_RUN.search(zh)[0]!r}"


def test_every_wrong_version_of_every_derivation_has_a_chinese_label():
    missing, english = [], []
    for name, what in _wrong_versions():
        try:
            zh = label_zh(name, what)
        except UntranslatedLabel as exc:
            missing.append(str(exc))
            continue
        if not CHINESE.search(zh) or ENGLISH_RUN.search(zh):
            english.append(f"{name}: {what!r} -> {zh!r}")
    assert not missing, "\n".join(missing)
    assert not english, "\n".join(english)


def test_every_translation_in_the_table_is_used_by_some_wrong_version():
    used = {what for _, what in _wrong_versions()}
    assert sorted(set(LABELS_ZH) - used) == []


@pytest.mark.parametrize(
    "mutation, wanted",
    [
        (flip_sign(3), ["第 3 步"]),
        (flip_sign(-1), ["最后一步"]),
        (flip_sign(-2), ["倒数第 2 步"]),
        (scale_step(sp.Rational(1, 2), 1), ["第 1 步", "1/2"]),
        (scale_step(7, -1), ["最后一步", "7"]),
        (shift_step(5, 12), ["第 12 步", "5"]),
        (substitute(sp.exp(-x), sp.exp(x), step=4), ["第 4 步", "exp(-x)", "exp(x)"]),
    ],
    ids=lambda v: v.what if isinstance(v, Mutation) else "",
)
def test_the_templates_keep_the_step_and_the_factor(mutation, wanted):
    zh = label_zh("planted", mutation.what)
    _assert_reads_as_chinese(zh, mutation.what)
    for part in wanted:
        assert part in zh, (mutation.what, zh)
    assert "-1 步" not in zh and "第 -" not in zh


def _planted(*mutations: Mutation) -> Derivation:
    """Four rows; the third link (steps[3]) is checked numerically only; a reason holds braces."""
    return Derivation(
        "planted_mutation_labels",
        "planted",
        "植入的推导",
        (
            Step((x + 1) ** 2, "the square", "平方"),
            Step(x**2 + 2 * x + 1, "expand $(x + 1)^{2}$", "展开 $(x + 1)^{2}$"),
            Step(x * (x + 2) + 1, "factor x", "提出 x"),
            Step(x**2 + 2 * x + 1, "expand again", "再次展开", numeric_only=True),
        ),
        domain={x: (-3.0, 3.0)},
        mutations=mutations,
        chapter="newton",
        source_file="tests/site/test_mutation_labels_zh.py",
        source_line=1,
    )


def test_a_step_is_counted_as_the_page_counts_it():
    # The claims page's status of the planted derivation names its numeric step; the label of a wrong
    # version of that same step, and the checker's refutation of it, must name the same number.
    d = _planted()
    status = inventory._status(d, check(d, seed=0), inventory.TEXT["zh"])
    assert "第 3 步" in status, status
    assert "第 3 步" in label_zh(d.name, flip_sign(3).what)
    refuted = check(flip_sign(3).apply(d), first_failure=True, seed=0)
    assert refuted.errors[0].startswith("step 3 ")


def test_a_refutation_shows_the_sample_point_not_a_brace_of_the_reason():
    d = _planted(flip_sign(1))  # the error quotes the reason "expand $(x + 1)^{2}$" before the point
    [(what, point)] = inventory.refutations(d, None)
    assert what == flip_sign(1).what
    assert re.fullmatch(r"\{x=-?[0-9.]+\}", point), point


def test_a_point_whose_symbols_hold_braces_is_shown_whole():
    w = sp.Symbol("W_{0,1}", real=True)
    d = Derivation(
        "planted_braced_point",
        "planted",
        "植入的推导",
        (Step(2 * w, "twice $W_{0,1}$", "$W_{0,1}$ 的两倍"), Step(w + w, "a sum", "求和")),
        domain={w: (1.0, 2.0)},
        mutations=(flip_sign(),),
    )
    [(_, point)] = inventory.refutations(d, None)
    assert re.fullmatch(r"\{W_\{0,1\}=[0-9.]+\}", point), point


def test_the_checkers_outcomes_without_a_point_read_as_chinese():
    d = _planted(
        Mutation("not wrong at all", lambda d: d),
        # equal at every sample point to 35 digits, so only the symbolic proof can refuse it
        Mutation("off by 10⁻⁴⁰", lambda d: d.with_step(1, d.steps[1].expr + x / sp.Integer(10) ** 40)),
        Mutation("not an expression", lambda d: d.with_step(1, "not an expression")),
    )
    outcomes = dict(inventory.refutations(d, None))
    assert outcome_zh(d.name, outcomes["not wrong at all"]) == "未被否定"
    assert outcome_zh(d.name, outcomes["off by 10⁻⁴⁰"]).startswith("第 1 步")
    assert outcome_zh(d.name, outcomes["not an expression"]).startswith("检查器无法检查")
    for outcome in outcomes.values():
        _assert_reads_as_chinese(outcome_zh(d.name, outcome), outcome)
    with pytest.raises(UntranslatedLabel, match=d.name):
        outcome_zh(d.name, "a message the checker does not print")


def test_a_planted_untranslated_label_fails_the_chinese_page_in_one_line(monkeypatch):
    d = _planted(Mutation("a planted wrong version", lambda d: d.with_step(-1, x**2)))
    monkeypatch.setattr(inventory, "all_derivations", lambda: [d])
    results = {d.name: check(d, seed=0)}
    english = inventory.render_claims(Context("en", results, value_text=lambda name: "1.0"), 0)
    assert "a planted wrong version: {x=" in english
    with pytest.raises(UntranslatedLabel) as failure:
        inventory.render_claims(Context("zh", results, value_text=lambda name: "1.0"), 0)
    message = str(failure.value)
    assert "\n" not in message
    assert d.name in message and "a planted wrong version" in message


def test_the_chinese_page_shows_the_chinese_label_and_the_same_point(monkeypatch):
    d = _planted(flip_sign(-1))
    monkeypatch.setattr(inventory, "all_derivations", lambda: [d])
    results = {d.name: check(d, seed=0)}
    en = inventory.render_claims(Context("en", results, value_text=lambda name: "1.0"), 0)
    zh = inventory.render_claims(Context("zh", results, value_text=lambda name: "1.0"), 0)
    point = re.search(r"sign of step -1 flipped: (\{[^{}]*\})", en)[1]
    assert f"最后一步变号：{point}" in zh
    assert "sign of step" not in zh
