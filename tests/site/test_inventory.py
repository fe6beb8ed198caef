"""The claims page lists everything with its status; errata entries need evidence; boxes render from them."""

from __future__ import annotations

import pytest

from derive.core import errata
from derive.core.checker import CheckResult, StepResult
from derive.core.inline import Context
from derive.core.registry import RegistrationError, all_derivations, all_hypotheses, all_values
from mkdocs_handbook import inventory


def _results():
    return {
        d.name: CheckResult(d.name, [StepResult(i, "symbolic", True) for i in range(1, len(d.steps))])
        for d in all_derivations()
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_claims_page_lists_every_derivation_value_and_hypothesis(monkeypatch, lang):
    monkeypatch.setattr(inventory, "refutations", lambda d, store: [("sign of step -1 flipped", "{x=0.5}")])
    ctx = Context(lang, _results(), value_text=lambda name: "1.0")
    page = inventory.render_claims(ctx, 0)
    for item in [*all_derivations(), *all_values(), *all_hypotheses()]:
        assert f'id="claim-{item.name}"' in page, item.name


def test_a_wrong_verdict_without_evidence_does_not_register():
    with pytest.raises(RegistrationError):
        errata.source_claim(
            "planted_claim",
            post="gradient_descent",
            section="§1",
            title_en="t",
            title_zh="t",
            claim_en="c",
            claim_zh="c",
            verdict="wrong",
        )
    with pytest.raises(RegistrationError):
        errata.source_claim(
            "planted_claim2",
            post="no_such_post",
            section="§1",
            title_en="t",
            title_zh="t",
            claim_en="c",
            claim_zh="c",
            verdict="right",
        )


def test_every_evidence_name_exists():
    assert errata.unknown_evidence() == []


def test_an_erratum_box_names_the_post_section_verdict_and_evidence(monkeypatch):
    claim = errata.SourceClaim(
        "planted",
        "numpy_mlp",
        "§2.1",
        "The MAE slope lacks 1/m",
        "MAE 的斜率缺了 1/m",
        "the slope is ±1",
        "斜率为 ±1",
        "wrong",
        ("sigmoid_derivative",),
        "why",
        "原因",
    )
    monkeypatch.setitem(errata.CLAIMS, "planted", claim)
    ctx = Context("en", _results())
    box = inventory.render_erratum("planted", ctx, 1)
    assert "MLP" in box and "§2.1" in box and "wrong" in box and "../claims/#claim-sigmoid_derivative" in box
    zh = inventory.render_erratum("planted", Context("zh", _results()), 1)
    assert "错误" in zh and "手写 MLP" in zh


def test_a_value_printed_over_several_lines_stays_in_its_table_cell(monkeypatch):
    monkeypatch.setattr(inventory, "refutations", lambda d, store: [])
    ctx = Context("en", _results(), value_text=lambda name: "$ claim x*y <= x**2\nverified: proved | ok")
    page = inventory.render_claims(ctx, 0)
    rows = [line for line in page.splitlines() if "claim x" in line]
    assert rows and all(line.startswith("|") and line.rstrip().endswith("|") for line in rows)
    assert "verified" in rows[0] and "**" not in rows[0] and " | ok" not in rows[0]


def test_a_derivation_block_shows_every_definition_its_proof_expands():
    # The block lists only the definitions a derivation uses; expanding with those alone must give what
    # the checker proves with all of them, or the page would hide one.
    from derive.core.checker import expand_definitions
    from derive.core.discovery import load_chapters
    from mkdocs_handbook.references import definitions_used

    load_chapters()
    for d in all_derivations():
        shown = definitions_used(d)
        for step in d.steps:
            assert expand_definitions(step.expr, shown) == expand_definitions(step.expr, d.definitions), d.name


def test_a_definition_used_only_through_another_is_shown():
    import sympy as sp

    from derive.core.registry import Derivation, Step
    from mkdocs_handbook.references import definitions_used

    h, a, z = sp.symbols("h a z", real=True)
    sigma, relu = sp.Function("sigma"), sp.Function("ReLU")
    defs = {a: sigma(h), sigma: sp.Lambda(z, 1 / (1 + sp.exp(-z))), relu: sp.Lambda(z, sp.Max(z, 0))}
    d = Derivation("t", "", "", (Step(a * (1 - a), "", ""), Step(a - a**2, "", "")), definitions=defs)
    assert list(definitions_used(d)) == [a, sigma]
