"""Finding relations typed by hand: in page math, and in derivation titles and reasons.

A relation (=, ≤, <, ≥, >, ≈, ≠) a reader sees must come from derive: a proved derivation or fact,
a computed value with its symbol, or a declared hypothesis. This module finds the ones that do not.
"""

from __future__ import annotations

import re

REFERENCE_TEXT = re.compile(r"\[\[[^\]\n]*\]\]")
# TeX relations, and the Unicode ones a title might type
TEX_RELATION = re.compile(
    r"(?<![\\a-zA-Z])(=|<|>)|\\(le|leq|ge|geq|lt|gt|approx|neq|ne|leqslant|geqslant|equiv|simeq)"
    r"(?![a-zA-Z])|[≤≥≈≠＝]"
)
TEXT_RELATION = re.compile(r"[=<>≤≥≈≠＝]")
_FENCE = re.compile(r"^(\s*)(```|~~~).*?^\1\2[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\$)([^$\n]+?)(?<!\\)\$", re.S)
_HTML_TAG = re.compile(r"<[^>\n]+>")


def strip_code(markdown: str) -> str:
    """The page without fenced code blocks and inline code (code is not mathematics on the page)."""
    return _INLINE_CODE.sub("", _FENCE.sub("", markdown))


def math_spans(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _MATH.finditer(text)]


def in_page_math(markdown: str) -> list[str]:
    """Every math span of a page (outside code) that types a relation by hand."""
    return [tex.strip() for tex in math_spans(strip_code(markdown)) if TEX_RELATION.search(tex)]


def in_page_prose(markdown: str) -> list[str]:
    """Relations typed in plain prose (≤, ≈, a spaced "="), outside math, code, HTML tags and references."""
    text = _HTML_TAG.sub("", REFERENCE_TEXT.sub("", _MATH.sub("", strip_code(markdown))))
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("|") and set(line.strip()) <= set("|-: "):  # a table rule
            continue
        found += [m.group(0) for m in re.finditer(r"\S*(\s=\s|[≤≥≈≠])\S*", line)]
    return found


def in_text(text: str) -> list[str]:
    """For titles and reasons: any relation outside references, in math or in plain words."""
    outside = REFERENCE_TEXT.sub("", text)
    found = [tex for tex in math_spans(outside) if TEX_RELATION.search(tex)]
    plain = _MATH.sub("", outside)
    found += [m.group(0) for m in TEXT_RELATION.finditer(plain)]
    return found


def main(argv=None) -> int:
    """python -m mkdocs_handbook.typed_relations PAGE...: list the relations typed by hand in pages."""
    import sys
    from pathlib import Path

    found = 0
    for page in argv if argv is not None else sys.argv[1:]:
        text = Path(page).read_text(encoding="utf-8")
        for snippet in in_page_math(text) + in_page_prose(text):
            print(f"{page}: {snippet}")
            found += 1
    print(f"{found} relation(s) typed by hand")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
