"""Build-time benchmark: cold, warm, one-derivation-edited and bare builds of the site.

    python benchmarks/build_times.py [--runs N] [--cold-runs M]

Runs on a copy of the project (so it never clears the caches of the working tree):
cold:      no caches (figures, derivation checks, values, KaTeX) and no generated files;
warm:      everything cached from the previous build;
one edit:  one chapter's derivation module edited (a comment appended): only what depends on it is redone;
bare:      the same Markdown pages with the references removed, no hook, no math rendering: what MkDocs
           + Material + i18n cost on their own for the pages as written;
bare, rendered pages: the pages as the hook expands them (derivation blocks, values, tables, code,
           figures written out by a warm build), built with no hook and no math rendering: what MkDocs
           + Material + i18n cost on the content the reader gets. warm/this is what the hook adds.
Prints the median of N runs of each (default 5; of the cold build, the slow one, M runs, default N) and
the ratios; the machines are shared and noisy, so medians and ratios are what to compare.
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
EDITED = Path("derive/chapters/activations/derivations.py")  # the module the "one edit" build touches


def copy_project(dest: Path) -> Path:
    for name in ("derive", "figures", "mkdocs_handbook", "docs", "notebooks"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "generated"))
    for name in ("mkdocs.yml", "package.json"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest / "mkdocs.yml"


def timed_build(project: Path, config: Path, dest: Path, extra_env: dict | None = None) -> float:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(project), **(extra_env or {}))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line] or done.stderr.splitlines()[-1:]
        raise SystemExit(f"build_times: the build of {config} failed: {errors[0].strip() if errors else '?'}")
    return time.perf_counter() - start


def clear_caches(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "docs" / "assets" / "generated", ignore_errors=True)


def bare_project(project: Path, tmp: Path) -> Path:
    """The same pages with references stripped, and a config without the hook."""
    shutil.copytree(project / "docs", tmp / "docs", ignore=shutil.ignore_patterns("generated"))
    for page in (tmp / "docs").rglob("*.md"):
        page.write_text(re.sub(r"\[\[[^\]]*\]\]", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)  # the code folders are not copied here
    (tmp / "mkdocs.yml").write_text(config)
    return tmp / "mkdocs.yml"


def rendered_bare_project(project: Path, config: Path, tmp: Path) -> Path:
    """Like bare_project, but each page replaced by its Markdown as the hook expanded it (from one build)."""
    pages = tmp / "expanded"
    env = {"HANDBOOK_EXPANDED_PAGES": str(pages)}
    timed_build(project, config, tmp / "expanding-site", env)
    bare = bare_project(project, tmp / "bare-rendered")
    shutil.copytree(project / "docs" / "assets" / "generated", tmp / "bare-rendered" / "docs" / "assets" / "generated")
    for page in pages.glob("*.md"):
        shutil.copy2(page, tmp / "bare-rendered" / "docs" / page.name)
    return bare


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=None, help="cold builds (default: --runs)")
    args = parser.parse_args()
    cold_runs = args.runs if args.cold_runs is None else max(1, min(args.cold_runs, args.runs))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "project"
        project.mkdir()
        config = copy_project(project)
        bare_config = bare_project(project, tmp / "bare")
        times: dict[str, list[float]] = {"cold": [], "warm": [], "one edit": [], "bare": [], "bare rendered": []}
        rendered_config = None
        for run in range(args.runs):
            if run < cold_runs:
                clear_caches(project)
                times["cold"].append(timed_build(project, config, tmp / "site"))
            times["warm"].append(timed_build(project, config, tmp / "site"))
            with open(project / EDITED, "a", encoding="utf-8") as f:
                f.write(f"\n# benchmark edit {run}\n")
            times["one edit"].append(timed_build(project, config, tmp / "site"))
            times["bare"].append(timed_build(tmp / "bare", bare_config, tmp / "bare-site"))
            if rendered_config is None:  # after the first cold build, so the caches are warm
                rendered_config = rendered_bare_project(project, config, tmp)
            times["bare rendered"].append(timed_build(tmp / "bare-rendered", rendered_config, tmp / "bare-site"))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"runs: {args.runs} (cold: {cold_runs})")
    for name, values in times.items():
        print(f"{name + ' build':21s} median {med[name]:6.2f} s   {', '.join(f'{x:.2f}' for x in values)}")
    print(
        f"cold/warm {med['cold'] / med['warm']:.2f}x   warm/bare {med['warm'] / med['bare']:.2f}x   "
        f"one-edit/warm {med['one edit'] / med['warm']:.2f}x   "
        f"warm/bare-rendered {med['warm'] / med['bare rendered']:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
