"""The README's "Adding a derivation" example works as pasted: it registers, proves, prints, and its
mutations are rejected."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

RUNNER = """
import sys
from derive.core.discovery import load_chapters
load_chapters()
exec(sys.stdin.read())
from derive.core.checker import check
from derive.core.inline import Context, inline_plain
from derive.core.registry import get_derivation
d = get_derivation("softplus_derivative")
assert check(d).ok, check(d).summary()
assert all(not check(m.apply(d)).ok for m in d.mutations)
print(inline_plain(d.title_en, Context("en", None, derivation=d)))
print(inline_plain(d.steps[1].en, Context("en", None, derivation=d)))
"""


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Adding a derivation", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines())


def test_readme_example_registers_and_proves():
    done = subprocess.run(
        [sys.executable, "-c", RUNNER], input=readme_example(), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    title, reason = done.stdout.splitlines()[-2:]
    assert "$" in title and "1 + e^{- x}" in title
    assert "\\log" in reason
