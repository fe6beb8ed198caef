"""python -m derive: list, check and show the registered derivations, values and hypotheses.

Exit codes: 0 all checks hold, 1 a check failed (named, with its step), 2 bad usage or unknown name.
Every error is one line on stderr; nothing the user types is evaluated.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import sympy as sp

from derive.core.checker import CheckResult, check_all
from derive.core.inline import Context, InlineError, inline_plain
from derive.core.notation import RELATION_TEX, latex
from derive.core.registry import (
    UnknownName,
    all_derivations,
    all_hypotheses,
    all_values,
    get_derivation,
    get_value,
)
from derive.core.reports import junit_xml, markdown_summary

ROOT = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print the whole usage block; one line is enough
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m derive", description="Derivations and values behind the gradient handbook.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("list", help="list derivations, values and hypotheses")
    c = sub.add_parser("check", help="prove derivations (all when no name is given)")
    c.add_argument("names", nargs="*", metavar="NAME")
    c.add_argument("--junit-xml", metavar="FILE", help="write one JUnit test case per derivation")
    c.add_argument("--summary", metavar="FILE", help="write a Markdown summary (for a CI job summary)")
    c.add_argument(
        "--cache",
        action="store_true",
        help="reuse stored results whose key (sources, checker, library versions) still holds, as the build does",
    )
    c.add_argument(
        "--changed",
        nargs="?",
        const="HEAD",
        metavar="REV",
        help="only the derivations whose sources changed since REV (default HEAD, working tree included)",
    )
    s = sub.add_parser("show", help="print a derivation's steps as text and LaTeX")
    s.add_argument("name", metavar="NAME")
    s.add_argument("--lang", choices=["en", "zh"], default="en")
    v = sub.add_parser("value", help="print a computed value")
    v.add_argument("name", metavar="NAME")
    sub.add_parser("hypotheses", help="list every relation the pages state without proof")
    k = sub.add_parser("claim", help='check your own claim: "lhs = rhs" (or <=, <, >=, >); see derive/core/claim.py')
    k.add_argument("text", metavar="CLAIM")
    k.add_argument("--where", action="append", default=[], metavar="CONDITION", help='an assumption, e.g. "x > 0"')
    k.add_argument("--budget", type=float, default=10.0, metavar="SECONDS", help="time budget (default 10 s)")
    return p


def _title(d, lang: str) -> str:
    return inline_plain(d.title_en if lang == "en" else d.title_zh, Context(lang, None, derivation=d))


def cmd_list(_args) -> int:
    for d in all_derivations():
        print(f"derivation  {d.name:32s} {_title(d, 'en')}")
    for v in all_values():
        print(f"value       {v.name:32s} {v.note}")
    for h in all_hypotheses():
        print(f"hypothesis  {h.name:32s} {h.kind}: {latex(h.relation)}")
    return 0


def changed_files(rev: str) -> set[Path]:
    """Files changed since rev (committed, staged or not) plus untracked ones, as absolute paths."""

    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise UsageError(f"git {' '.join(args)}: {(done.stderr.strip().splitlines() or ['failed'])[-1]}")
        return done.stdout.split()

    if rev.startswith("-"):
        raise UsageError(f"not a revision: {rev!r}")
    names = git("diff", "--name-only", rev, "--") + git("ls-files", "--others", "--exclude-standard")
    return {(ROOT / n).resolve() for n in names}


def derivations_changed_since(rev: str) -> list[str]:
    from derive.core.cache import dependencies, module_of_file

    changed = changed_files(rev)
    checker = set(dependencies("derive.core.checker"))
    chosen = []
    for d in all_derivations():
        if changed & (checker | set(dependencies(module_of_file(d.source_file)))):
            chosen.append(d.name)
    return chosen


def cmd_check(args) -> int:
    from derive.core.cache import Store

    names = list(args.names)
    if args.changed is not None:
        names = sorted(set(names) | set(derivations_changed_since(args.changed)))
        if not names:
            print("no derivation depends on what changed: 0 passed, 0 failed")
            _write_reports(args, {})
            return 0
    for n in names:
        get_derivation(n)  # an unknown name is a usage error before any work
    results: dict[str, CheckResult] = check_all(Store("checks") if args.cache else None, names=names or None)
    failed = 0
    for result in results.values():
        print(("ok      " if result.ok else "FAILED  ") + result.summary(), flush=True)
        failed += not result.ok
    print(f"{len(results) - failed} passed, {failed} failed")
    _write_reports(args, results)
    return 1 if failed else 0


def _write_reports(args, results) -> None:
    if args.junit_xml:
        Path(args.junit_xml).write_text(junit_xml(results), encoding="utf-8")
    if args.summary:
        Path(args.summary).write_text(markdown_summary(results), encoding="utf-8")


def cmd_show(args) -> int:
    d = get_derivation(args.name)
    ctx = Context(args.lang, None, derivation=d)
    print(_title(d, args.lang))
    for i, step in enumerate(d.steps):
        reason = inline_plain(step.en if args.lang == "en" else step.zh, ctx)
        rel = "  " if i == 0 else f"{RELATION_TEX[step.relation]:2s}"
        print(f"  {rel} {sp.sstr(step.expr)}    [{reason}]")
        print(f"     LaTeX: {latex(step.expr)}")
    return 0


def cmd_value(args) -> int:
    print(get_value(args.name).text())
    return 0


def cmd_hypotheses(_args) -> int:
    hypotheses = all_hypotheses()
    for h in hypotheses:
        print(f"{h.kind:11s} {h.name:32s} {latex(h.relation)}    [{h.en}]  {h.source_file}:{h.source_line}")
    print(f"{len(hypotheses)} relations stated without proof")
    return 0


def cmd_claim(args) -> int:
    from derive.core.claim import claim_command

    if not 0 < args.budget <= 600:
        raise UsageError("--budget must be between 0 and 600 seconds")
    code, message = claim_command(args.text, args.where, args.budget)
    print(message, file=sys.stderr if code == 2 else sys.stdout)
    return code


COMMANDS = {
    "claim": cmd_claim,
    "list": cmd_list,
    "check": cmd_check,
    "show": cmd_show,
    "value": cmd_value,
    "hypotheses": cmd_hypotheses,
}


def main(argv=None) -> int:
    status = 1  # a check interrupted by a closed pipe has not passed
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(f"a command is required: {', '.join(COMMANDS)} (see --help)")
        status = COMMANDS[args.command](args)
        return status
    except (UsageError, UnknownName, InlineError) as exc:
        print(f"python -m derive: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head: no traceback, and no false "passed"
        try:
            sys.stdout = None  # nothing more can be written
        finally:
            return status if args.command != "check" else 1  # noqa: B012
    except KeyboardInterrupt:
        print("python -m derive: interrupted", file=sys.stderr)
        return 130
