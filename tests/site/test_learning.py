"""Every chapter ends with a summary and exercises whose answers are computed or proved by derive.

The layout a chapter page follows (both languages, same order):

    ## Summary / ## 小结            a short list of what the chapter established
    ## Exercises / ## 练习          each exercise: a paragraph starting **Exercise N.** / **练习 N**
                                    followed by a collapsed answer `??? success "Answer"` / `"答案"`
                                    that cites at least one derivation, fact or value of derive
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_handbook.references import find_references

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOT_CHAPTERS = {"index", "claims", "errata", "check-your-own"}
CHAPTERS = sorted(
    p.name[: -len(".en.md")] for p in DOCS.glob("*.en.md") if p.name[: -len(".en.md")] not in NOT_CHAPTERS
)
WORDS = {
    "en": {"summary": "Summary", "exercises": "Exercises", "exercise": r"\*\*Exercise (\d+)\.\*\*", "answer": "Answer"},
    "zh": {"summary": "小结", "exercises": "练习", "exercise": r"\*\*练习 (\d+)\*\*", "answer": "答案"},
}
COMPUTED = {"derivation", "formula", "relation", "first", "final", "value", "eq"}


def sections(text: str) -> dict[str, str]:
    """Level-2 sections by title (code blocks removed, so a `## ` inside code is not a heading)."""
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    parts = re.split(r"^## (.+?)(?:\s*\{#[^}]*\})?\s*$", body, flags=re.M)  # a title without its {#id}
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def learning_problems(text: str, lang: str) -> list[str]:
    """What a chapter page lacks: the summary, the exercises, or an answer that is collapsed and computed."""
    w = WORDS[lang]
    found = sections(text)
    titles = list(found)
    problems = []
    if w["summary"] not in found or not re.search(r"^\s*[-*] ", found[w["summary"]], flags=re.M):
        problems.append(f"no '## {w['summary']}' section with a list")
    if w["exercises"] not in found:
        return problems + [f"no '## {w['exercises']}' section"]
    if titles[-1] != w["exercises"] or (w["summary"] in titles and titles[-2] != w["summary"]):
        problems.append(f"the page does not end with '{w['summary']}' then '{w['exercises']}'")
    exercises = re.split(w["exercise"], found[w["exercises"]])
    if len(exercises) < 5:  # text before, then (number, body) pairs: at least two exercises
        problems.append("fewer than two exercises")
    for i in range(1, len(exercises) - 1, 2):
        number, body = exercises[i], exercises[i + 1]
        answer = re.search(rf'^(\?\?\?\+?) success "{w["answer"]}"\n((?:(?: {{4}}.*)?\n)+)', body, flags=re.M)
        if answer is None:
            problems.append(f"exercise {number}: no '??? success \"{w['answer']}\"' block")
            continue
        if answer[1] != "???":
            problems.append(f"exercise {number}: the answer is not collapsed")
        if not {r.kind for r in find_references(answer[2])} & COMPUTED:
            problems.append(f"exercise {number}: the answer cites nothing derive computes or proves")
    return problems


GOOD = """# T

## Body

text

## Summary

- one thing

## Exercises

**Exercise 1.** Compute it.

??? success "Answer"
    It is [[value:some_value]].

**Exercise 2.** Prove it.

??? success "Answer"
    See [[formula:some_derivation]].
"""


def test_a_well_formed_page_passes():
    assert learning_problems(GOOD, "en") == []


@pytest.mark.parametrize(
    "defect, expected",
    [
        (("## Summary\n\n- one thing\n", "## Summary\n\nno list\n"), "no '## Summary' section with a list"),
        (
            ('??? success "Answer"\n    It is', '???+ success "Answer"\n    It is'),
            "exercise 1: the answer is not collapsed",
        ),
        (("It is [[value:some_value]].", "It is 3."), "exercise 1: the answer cites nothing derive computes"),
        (('??? success "Answer"\n    See', "See"), "exercise 2: no '??? success \"Answer\"' block"),
        (("## Exercises", "## Problems"), "no '## Exercises' section"),
    ],
)
def test_a_planted_defect_is_named(defect, expected):
    old, new = defect
    assert old in GOOD
    problems = learning_problems(GOOD.replace(old, new, 1), "en")
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_ends_with_a_summary_and_exercises(chapter, lang):
    text = (DOCS / f"{chapter}.{lang}.md").read_text(encoding="utf-8")
    assert learning_problems(text, lang) == [], f"{chapter}.{lang}.md"
