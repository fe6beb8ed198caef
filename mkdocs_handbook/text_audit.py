"""What a reader reads on a built page: Chinese typography and text in the wrong language.

    python -m mkdocs_handbook.text_audit SITE_DIR     one line per problem; exit 1 if any

Works on the built HTML (not the Markdown), because that is what a reader sees: a line break in the
source between two Chinese characters becomes a space in the browser; a theme string or a code comment
comes from elsewhere than the page's source. Text inside code, math and SVG is left aside, except the
words a formula spells out (`\\text{...}`) and the comments of code blocks (in the comment spans of the
syntax highlighter), which a reader does read.

Chinese pages (lang zh-Hans):
- no space between two Chinese characters, and none before Chinese closing punctuation;
- no ASCII , : ; ? ! ( ) right after a Chinese character (full-width punctuation in Chinese text);
- (italic Chinese is a matter of the stylesheet: the browser test checks the computed style);
- no run of three or more English words in text, and no two in a tooltip, label or alt text;
- no English words in \\text{...} of a formula, none in a code comment.
English pages: no Chinese characters. Text in an element marked with the other language (lang="zh-Hans"
on an English page, lang="en" on a Chinese one: a quoted title or term) is read as that language.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
SPACE_BETWEEN = re.compile(f"[{CJK}][ \\t\\n\\r]+[{CJK}]")
SPACE_BEFORE_PUNCT = re.compile("[ \\t\\n\\r]+[，。、；：？！）》」』】]")
ASCII_PUNCT_AFTER_CJK = re.compile(f"[{CJK}][,:;?!()]")
ENGLISH_PAIR = re.compile(r"\b[A-Za-z]{2,}[ \-][A-Za-z]{2,}\b")
TEX_TEXT = re.compile(r"\\text(?:rm|bf|it)?\{([^{}]*)\}")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
TITLE_QUOTED = re.compile(r"《[^》]*》")  # a title quoted in Chinese keeps its own punctuation

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "figcaption",
    "summary",
    "dt",
    "dd",
    "blockquote",
    "div",
    "label",
    "title",
    "button",
    "nav",
    "header",
    "footer",
    "section",
    "article",
}
SKIP = {"script", "style", "pre", "code", "svg", "math", "annotation", "kbd", "samp", "textarea"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}
# Names that are the same in a Chinese text (products, people, functions): never a problem on their own.
NAMES = {
    "PyTorch",
    "TensorFlow",
    "NumPy",
    "SymPy",
    "KaTeX",
    "MkDocs",
    "Material",
    "for",
    "GitHub",
    "Adam",
    "RMSprop",
    "Adagrad",
    "ReLU",
    "Leaky",
    "leaky",
    "one",  # one-hot
    "hot",
    "softmax",
    "MSE",
    "Newton",
    "Himmelblau",
    "Gradient",
    "Descent",
    "Python",
    "Jupyter",
}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        # tag, skipped (code, math, or marked as the other language), emphasis, the element's own language
        self.stack: list[tuple[str, bool, bool, str]] = []
        self.blocks: list[str] = []  # the text of each block
        self.buffer: list[str] = []
        self.attributes: list[str] = []
        self.tex: list[str] = []
        self.comments: list[str] = []
        self.lang = ""
        self._in_annotation = False
        self._in_comment = 0

    def _state(self):
        return self.stack[-1][1:] if self.stack else (False, False, "")

    def _flush(self):
        text = "".join(self.buffer)
        if text.strip():
            self.blocks.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        skipped, emphasis, lang = self._state()
        classes = (a.get("class") or "").split()
        if tag == "annotation":
            self._in_annotation = True
        if tag == "span" and {"c", "c1", "cm", "sd", "ch"} & set(classes):  # Pygments: comments, docstrings
            self._in_comment += 1
        if tag != "html":
            lang = (a.get("lang") or a.get("hreflang") or lang)[:2]
        other = bool(lang) and lang != self.lang[:2]  # marked as the other language: read as such
        hidden = "clipboard-copy-txt" in classes or "hidden" in a or a.get("aria-hidden") == "true"
        skip_now = skipped or other or hidden or tag in SKIP or "katex" in classes or "katex-display" in classes
        if not skip_now:
            self.attributes.extend(a[name] for name in ATTRIBUTES if a.get(name))
        if tag in BLOCKS:
            self._flush()
        if tag not in VOID:
            self.stack.append((tag, skip_now, emphasis or tag in ("em", "i"), lang))

    def handle_endtag(self, tag):
        if tag == "annotation":
            self._in_annotation = False
        if tag in VOID:
            return
        if tag in BLOCKS:
            self._flush()
        if tag not in (entry[0] for entry in self.stack):
            return  # a stray end tag (HTML lets some elements close implicitly): nothing to pop
        while self.stack:
            open_tag = self.stack.pop()[0]
            if open_tag == "span" and self._in_comment and tag == "span":
                self._in_comment -= 1
            if open_tag == tag:
                break
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._in_annotation:
            self.tex.append(data)
            return
        if self._in_comment:
            self.comments.append(data)
        skipped = self._state()[0]
        if skipped:
            # code and math stand in as a neutral token, so text on both sides is not glued together
            if self.buffer and self.buffer[-1] != "\x00":
                self.buffer.append("\x00")
            return
        self.buffer.append(data)


def problems(html: str) -> list[str]:
    """Every typography or language problem of one built page, as short lines."""
    page = _Page()
    page.feed(html)
    page.close()
    page._flush()
    found: list[str] = []
    if page.lang.startswith("zh"):
        for text in page.blocks:
            for rule, pattern in (
                ("space between Chinese characters", SPACE_BETWEEN),
                ("space before Chinese punctuation", SPACE_BEFORE_PUNCT),
                ("ASCII punctuation after a Chinese character", ASCII_PUNCT_AFTER_CJK),
            ):
                checked = TITLE_QUOTED.sub("《》", text)
                for m in pattern.finditer(checked):
                    found.append(f"{rule}: {_around(checked, m)!r}")
            # two English words in a row are English text ("Not found", "Made with"), unless they are names
            # or terms a Chinese textbook keeps in English (leaky ReLU, one-hot)
            for m in ENGLISH_PAIR.finditer(text.replace("\x00", " ")):
                if not set(m[0].replace("-", " ").split()) <= NAMES:
                    found.append(f"English text: {m[0]!r}")
        for text in page.attributes:
            for m in ENGLISH_PAIR.finditer(text):
                if not set(m[0].replace("-", " ").split()) <= NAMES:
                    found.append(f"English tooltip or label: {text[:60]!r}")
                    break
        for tex in page.tex:
            for m in TEX_TEXT.finditer(tex):
                if ENGLISH_WORD.search(m[1]):
                    found.append(f"English in a formula: \\text{{{m[1]}}}")
        for comment in page.comments:
            if ENGLISH_PAIR.search(comment) and not CJK_CHAR.search(comment):
                found.append(f"English code comment: {comment.strip()[:60]!r}")
    else:
        for text in page.blocks:
            if CJK_CHAR.search(text):
                found.append(f"Chinese on an English page: {text.strip()[:40]!r}")
        for text in page.attributes:
            if CJK_CHAR.search(text):
                found.append(f"Chinese tooltip or label on an English page: {text[:40]!r}")
    return sorted(set(found), key=found.index)


def _around(text: str, m: re.Match, width: int = 8) -> str:
    return text[max(0, m.start() - width) : m.end() + width].replace("\x00", "…")


def audit_site(site: Path) -> dict[str, list[str]]:
    """Problems per page (site-relative path) over every HTML page of a built site."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        found = problems(path.read_text(encoding="utf-8"))
        if found:
            out[rel] = found
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "index.html").exists():
        print("usage: python -m mkdocs_handbook.text_audit SITE_DIR (a built site)", file=sys.stderr)
        return 2
    found = audit_site(Path(argv[0]))
    for page, lines in found.items():
        for line in lines:
            print(f"{page}: {line}")
    print(f"{sum(map(len, found.values()))} problems on {len(found)} pages")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
