"""Mutations: ways to make a derivation wrong. The tests insist that the checker rejects every one.

A derivation lists the mutations that fit its maths (a dropped factor, a wrong exponent); the generic
ones (GENERIC) are applied to every derivation automatically, so a checker that accepts anything, or a
derivation whose check cannot fail, does not pass the tests.
"""

from __future__ import annotations

import sympy as sp

from derive.core.registry import Mutation


def flip_sign(step: int = -1) -> Mutation:
    return Mutation(f"sign of step {step} flipped", lambda d: d.with_step(step, -d.steps[step].expr))


def scale_step(factor, step: int = -1) -> Mutation:
    return Mutation(f"step {step} multiplied by {factor}", lambda d: d.with_step(step, factor * d.steps[step].expr))


def shift_step(offset, step: int = -1) -> Mutation:
    return Mutation(f"{offset} added to step {step}", lambda d: d.with_step(step, d.steps[step].expr + offset))


def substitute(old, new, step: int = -1, what: str = "") -> Mutation:
    """Replace a sub-expression in one step: a dropped factor (new = 1), a wrong exponent, ...

    A Python number becomes a SymPy one first: xreplace returns the replacement itself when it replaces
    the whole step, and a plain 0 would then be a step the checker cannot read.
    """
    new = sp.sympify(new) if isinstance(new, int | float) else new
    return Mutation(
        what or f"{old} replaced by {new} in step {step}",
        lambda d: d.with_step(step, d.steps[step].expr.xreplace({old: new})),
    )


def generic_mutations(d) -> list[Mutation]:
    """The wrong versions every derivation must reject, beyond its own list.

    The last step's sign flipped; the last step rescaled (by 2, or by 1/2 when the chain ends in an upper
    bound, since a larger bound stays true); the second step halved.
    """
    ends_in_bound = d.steps[-1].relation in ("<=", "<")
    return [flip_sign(-1), scale_step(sp.Rational(1, 2) if ends_in_bound else 2, -1), scale_step(sp.Rational(1, 2), 1)]
