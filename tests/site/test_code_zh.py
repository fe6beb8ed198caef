"""Code blocks on Chinese pages: every comment and docstring in Chinese, the code itself untouched.

The comments and docstrings are found here on their own (tokenize for comments, ast for docstrings),
not with the renderer's helpers, so a renderer that misses one is caught rather than trusted.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import io
import re
import sys
import textwrap
import tokenize
from pathlib import Path

import pytest

from mkdocs_handbook import code_comments_zh, references
from mkdocs_handbook.references import ReferenceError_, code_prose, expand, render_code

DOCS = Path(__file__).resolve().parents[2] / "docs"
CODE_REFERENCE = re.compile(r"\[\[code:([^\]|]+)\]\]")
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word a reader would read as English: two letters or more, not part of an identifier, a call, an
# attribute or a quoted string literal ('cubic').
WORD = r"(?<![\w.'`])[A-Za-z]{2,}(?![\w.('`])"
ENGLISH_PAIR = re.compile(rf"({WORD})(?: |-)({WORD})")  # "upper - lower" is a formula
TITLE = re.compile("《[^》]*》")  # a book's title stays in its own language, as in the text audit
# Words that are the same in a Chinese text: names of products and people, and the maths a formula spells.
SAME_IN_CHINESE = {"NumPy", "SymPy", "PyTorch", "TensorFlow", "CS231n", "MAE", "RMS", "Frobenius", "SVM"}
SAME_IN_CHINESE |= {"log", "exp", "max", "sum", "sign", "sqrt", "tanh", "relu", "sigma", "softmax", "softplus"}


def zh_code_references() -> list[str]:
    names = set()
    for page in DOCS.rglob("*.zh.md"):
        names |= set(CODE_REFERENCE.findall(page.read_text(encoding="utf-8")))
    return sorted(names)


@functools.lru_cache(maxsize=None)
def rendered(name: str, lang: str) -> str:
    """The code of a [[code:]] block, without its fence."""
    block = render_code(name, lang)
    assert block.startswith("```python") and block.endswith("```"), block[:80]
    return block.split("\n", 1)[1].rsplit("\n", 1)[0] + "\n"


def prose_spans(code: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each comment token and each docstring token, as offsets into code."""
    lines = code.splitlines(keepends=True)
    offset = [0]
    for line in lines:
        offset.append(offset[-1] + len(line))

    def at(row_col):
        return offset[row_col[0] - 1] + row_col[1]

    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    spans = [("comment", at(t.start), at(t.end)) for t in tokens if t.type == tokenize.COMMENT]
    docstring_rows = {
        node.body[0].lineno
        for node in ast.walk(ast.parse(code))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node, False)
    }
    spans += [
        ("docstring", at(t.start), at(t.end))
        for t in tokens
        if t.type == tokenize.STRING and t.start[0] in docstring_rows
    ]
    return sorted(spans, key=lambda s: s[1])


def english_in(text: str) -> list[str]:
    """Runs of two English words in a comment or a docstring (names and spelt-out maths aside)."""
    found = []
    for m in ENGLISH_PAIR.finditer(TITLE.sub("", text)):
        if not {m[1], m[2]} <= SAME_IN_CHINESE:
            found.append(m[0])
    return found


def code_only(code: str) -> list[str]:
    """The lines of code with every comment removed and every docstring replaced by one mark."""
    out, pos = [], 0
    for kind, start, end in prose_spans(code):
        out += [code[pos:start], '"""docstring"""' if kind == "docstring" else ""]
        pos = end
    text = "".join(out) + code[pos:]
    return [line.rstrip() for line in text.splitlines() if line.strip()]


NAMES = zh_code_references()


def test_the_chinese_pages_show_code():
    assert len(NAMES) >= 30, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_no_english_comment_or_docstring_on_a_chinese_page(name):
    code = rendered(name, "zh")
    left = [(code[s:e][:60], english_in(code[s:e])) for _, s, e in prose_spans(code) if english_in(code[s:e])]
    assert not left, f"{name}: English left in its Chinese rendering: {left}"


def test_the_english_detector_finds_the_english_renderings():
    """The check above can fail: on the English renderings it finds English in most blocks."""
    with_prose = [n for n in NAMES if prose_spans(rendered(n, "en"))]
    flagged = [
        n for n in with_prose if any(english_in(rendered(n, "en")[s:e]) for _, s, e in prose_spans(rendered(n, "en")))
    ]
    assert len(flagged) >= 0.9 * len(with_prose), sorted(set(with_prose) - set(flagged))


@pytest.mark.parametrize("name", NAMES)
def test_code_is_the_same_in_both_languages(name):
    en, zh = rendered(name, "en"), rendered(name, "zh")
    assert code_only(en) == code_only(zh)
    docstrings = [[k for k, *_ in prose_spans(code)].count("docstring") for code in (en, zh)]
    assert docstrings[0] == docstrings[1]
    compile(zh, name, "exec")  # the Chinese rendering is still Python


@pytest.mark.parametrize("name", NAMES)
def test_english_rendering_is_the_source(name):
    mod, _, attr = name.rpartition(".")
    assert rendered(name, "en") == inspect.getsource(inspect.unwrap(getattr(importlib.import_module(mod), attr)))


def test_every_translation_is_used_by_the_code_shown():
    from derive.core.discovery import load_chapters
    from derive.core.registry import all_derivations
    from mkdocs_handbook.references import _source_segment

    used = set()
    for name in NAMES:
        used |= {p.english for p in code_prose(rendered(name, "en"))}
    load_chapters()
    for d in all_derivations():  # the source shown under each derivation block
        used |= {p.english for p in code_prose(_source_segment(d.source_file, d.source_line))}
    unused = sorted(set(code_comments_zh.COMMENTS_ZH) - used)
    assert not unused, f"translations no code on a Chinese page uses (delete them): {unused}"


def test_translations_are_keyed_and_written_as_the_table_says():
    for english, chinese in code_comments_zh.COMMENTS_ZH.items():
        assert english == " ".join(english.split()), f"key not whitespace-normalised: {english[:60]!r}"
        if not re.search(f"[{CJK}]", chinese):  # kept as it is: only maths, which needs no translation
            assert chinese == english and not english_in(english), english
        for bad, why in (
            (f"[{CJK}][,:;?!()]", "ASCII punctuation after a Chinese character"),
            (f"[{CJK}] +[{CJK}]", "a space between Chinese characters"),
            (" +[，。、；：？！）]", "a space before Chinese punctuation"),
        ):
            for line in chinese.split("\n"):
                assert not re.search(bad, line.strip()), f"{why}: {line!r}"


PLANTED = '''
def doubled(x):
    """Twice x, for the test of untranslated prose."""
    return 2 * x  # multiply by two
'''


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """A module derive_planted_zh.py (a name render_code accepts) in a project root of its own."""
    (tmp_path / "derive_planted_zh.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(references, "ROOT", tmp_path)
    sys.modules.pop("derive_planted_zh", None)
    yield "derive_planted_zh.doubled"
    sys.modules.pop("derive_planted_zh", None)


def test_an_untranslated_comment_fails_with_one_line(planted, monkeypatch):
    monkeypatch.setitem(code_comments_zh.COMMENTS_ZH, "Twice x, for the test of untranslated prose.", "x 的两倍。")
    with pytest.raises(ReferenceError_) as error:
        render_code(planted, "zh")
    message = str(error.value)
    assert "\n" not in message
    assert planted in message and "'multiply by two'" in message
    with pytest.raises(ReferenceError_) as error:
        expand(f"Code: [[code:{planted}]]", "zh", 0, {}, "planted.zh.md")
    message = str(error.value)
    assert "\n" not in message and "page planted.zh.md" in message and "'multiply by two'" in message


def test_an_untranslated_docstring_fails_and_a_translation_fixes_it(planted, monkeypatch):
    with pytest.raises(ReferenceError_, match="docstring 'Twice x, for the test of untranslated prose.'"):
        render_code(planted, "zh")
    monkeypatch.setitem(code_comments_zh.COMMENTS_ZH, "Twice x, for the test of untranslated prose.", "x 的两倍。")
    monkeypatch.setitem(code_comments_zh.COMMENTS_ZH, "multiply by two", "乘以 2")
    zh = render_code(planted, "zh")
    assert '    """x 的两倍。"""\n    return 2 * x  # 乘以 2\n' in zh
    assert "multiply by two" in render_code(planted, "en")  # English pages keep the source as it is


def test_wrapping_keeps_formulas_whole_and_lines_in_width():
    text = "两项都 >= 0，所以不会相消。常见的写法 m + log(sum_j exp(s_j - m)) - s_y 在 r < 1.1e-16 时恰好返回 0。" * 3
    lines = references._wrap_zh(text, 50, 60)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all("m + log(sum_j exp(s_j - m)) - s_y" in line for line in lines if "log(sum_j" in line)
    assert all(references._display_width(line) <= 60 for line in lines)
    assert not any(line[0] in "，。）；：" for line in lines)


@pytest.mark.parametrize("name", NAMES)
def test_chinese_lines_fit_the_code_width(name):
    """Re-wrapped prose stays within ruff's 120 columns (a Chinese character takes two)."""
    wide = [line for line in rendered(name, "zh").splitlines() if references._display_width(line) > 120]
    assert not wide, wide
