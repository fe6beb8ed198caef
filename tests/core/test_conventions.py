"""A value at a kink is a convention, stated as such: never shown as if it were proved.

A gradient claim whose expanded steps contain a piecewise function (Piecewise, Heaviside, sign, Abs,
Max, Min) takes some value where the pieces meet, and that value comes from how the pieces were
written, not from a proof. Each such derivation must cite a declared convention in a reason
([[hypothesis:NAME]] of kind "convention"), which the page shows and the claims page labels.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derive.core.checker import derivs_claimed, expand_definitions
from derive.core.inline import REFERENCE
from derive.core.registry import all_derivations, get_hypothesis

NON_SMOOTH = (sp.Piecewise, sp.Heaviside, sp.sign, sp.Abs, sp.Max, sp.Min)


def non_smooth(d) -> bool:
    return any(expand_definitions(s.expr, d.definitions).has(*NON_SMOOTH) for s in d.steps)


def conventions_cited(d) -> list[str]:
    names = [
        m["name"]
        for s in d.steps
        for text in (s.en, s.zh, d.title_en)
        for m in REFERENCE.finditer(text)
        if m["kind"] == "hypothesis" and m["name"]
    ]
    return [n for n in names if get_hypothesis(n).kind == "convention"]


GRADIENTS_AT_KINKS = [d for d in all_derivations() if derivs_claimed(d) is not None and non_smooth(d)]


@pytest.mark.parametrize("d", GRADIENTS_AT_KINKS, ids=[d.name for d in GRADIENTS_AT_KINKS])
def test_a_gradient_at_a_kink_cites_its_convention(d):
    assert conventions_cited(d), f"{d.name}: differentiates a piecewise function but states no convention for the kink"


def test_the_detector_sees_a_kink():
    x = sp.Symbol("x", real=True)
    from derive.core.registry import Derivation, Step

    relu = Derivation("planted", "", "", (Step(sp.Derivative(sp.Max(0, x), x), "", ""), Step(sp.Heaviside(x), "", "")))
    smooth = Derivation("planted2", "", "", (Step(sp.Derivative(x**2, x), "", ""), Step(2 * x, "", "")))
    assert non_smooth(relu) and not conventions_cited(relu) and not non_smooth(smooth)
