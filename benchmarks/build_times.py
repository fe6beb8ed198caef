"""Build-time benchmark: cold and warm builds of the site, and a bare `mkdocs build` of the same pages.

    python benchmarks/build_times.py [--runs N]

cold:  no caches (figures, derivation checks, KaTeX) and no generated files;
warm:  everything cached from the previous build;
bare:  the same Markdown pages with the references removed, no hook, no math rendering: what MkDocs
       + Material + i18n cost on their own.
Prints the median of N runs of each (default 5) and the ratios; the machines are shared and noisy, so
medians and ratios are what to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed_build(config: Path, dest: Path) -> float:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def clear_caches() -> None:
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)
    shutil.rmtree(ROOT / "docs" / "assets" / "generated", ignore_errors=True)


def bare_project(tmp: Path) -> Path:
    """The same pages with references stripped, and a config without the hook."""
    shutil.copytree(ROOT / "docs", tmp / "docs")
    for page in (tmp / "docs").rglob("*.md"):
        page.write_text(re.sub(r"\[\[[^\]]*\]\]", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text()
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    (tmp / "mkdocs.yml").write_text(config)
    return tmp / "mkdocs.yml"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = ROOT / "mkdocs.yml"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold, warm, bare = [], [], []
        bare_config = bare_project(tmp / "bare")
        for _ in range(args.runs):
            clear_caches()
            cold.append(timed_build(config, tmp / "site"))
            warm.append(timed_build(config, tmp / "site"))
            bare.append(timed_build(bare_config, tmp / "bare-site"))
    c, w, b = (statistics.median(x) for x in (cold, warm, bare))
    print(f"runs: {args.runs}")
    print(f"cold build   median {c:6.2f} s   {', '.join(f'{x:.2f}' for x in cold)}")
    print(f"warm build   median {w:6.2f} s   {', '.join(f'{x:.2f}' for x in warm)}")
    print(f"bare mkdocs  median {b:6.2f} s   {', '.join(f'{x:.2f}' for x in bare)}")
    print(f"cold/warm {c / w:.2f}x   warm/bare {w / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
