"""Reading a claim's text, before any mathematics: sizes, characters, brackets, the one top-level relation.

Pure standard library (no SymPy import), so hostile input is refused in a fraction of a second.
"""

from __future__ import annotations

import ast

MAX_CHARS = 2000
MAX_NODES = 400
MAX_NESTING = 40
_FORBIDDEN = ("__", "'", '"', "`", ";", "\\", "lambda", "[", "{", ":", "@", "$", "#")
RELATIONS = ("<=", ">=", "==", "!=", "=", "<", ">")


class Malformed(ValueError):
    """The claim cannot be read (or asks for something outside the allow-list)."""


def nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        deepest = max(deepest, depth)
    return deepest


def tree(text: str) -> ast.Expression:
    """The syntax tree of one side (or one condition), after the size and character checks."""
    if len(text) > MAX_CHARS:
        raise Malformed(f"a claim is limited to {MAX_CHARS} characters")
    if nesting(text) > MAX_NESTING:
        raise Malformed(f"brackets nest at most {MAX_NESTING} deep")
    if any(s in text for s in _FORBIDDEN):
        raise Malformed("the claim contains characters or words a formula does not need")
    text = text.replace("^", "**").strip()
    try:
        parsed = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise Malformed("the formula cannot be read (check the brackets and operators)") from None
    if sum(1 for _ in ast.walk(parsed)) > MAX_NODES:
        raise Malformed(f"a claim is limited to {MAX_NODES} syntax nodes")
    return parsed


def split_relation(text: str) -> tuple[str, str, str]:
    """(left, relation, right) at bracket depth 0; exactly one relation there."""
    if len(text) > MAX_CHARS:
        raise Malformed(f"a claim is limited to {MAX_CHARS} characters")
    found, depth, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            for rel in RELATIONS:
                if text.startswith(rel, i):
                    found.append((i, rel))
                    i += len(rel) - 1
                    break
        i += 1
    if len(found) != 1:
        raise Malformed('a claim is "left = right" (or <=, <, >=, >) with exactly one relation outside brackets')
    at, rel = found[0]
    left, right = text[:at], text[at + len(rel) :]
    if not left.strip() or not right.strip():
        raise Malformed("both sides of the relation are needed")
    return left, {"==": "="}.get(rel, rel), right


def precheck(text: str, where=()) -> None:
    """Everything about the text that can be refused without building a formula."""
    left, _, right = split_relation(text)
    for part in (left, right, *where):
        tree(part)
