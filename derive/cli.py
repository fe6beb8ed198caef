"""python -m derive: list, check and show the registered derivations and values.

Exit codes: 0 all checks hold, 1 a check failed (named, with its step), 2 bad usage or unknown name.
Every error is one line on stderr; nothing the user types is evaluated.
"""

from __future__ import annotations

import argparse
import sys

import sympy as sp

from derive.core.checker import check
from derive.core.registry import UnknownName, all_derivations, all_values, get_derivation, get_value
from derive.core.notation import latex


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print the whole usage block; one line is enough
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m derive", description="Derivations and values behind the gradient handbook.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("list", help="list derivations and values")
    c = sub.add_parser("check", help="prove derivations (all when no name is given)")
    c.add_argument("names", nargs="*", metavar="NAME")
    s = sub.add_parser("show", help="print a derivation's steps as text and LaTeX")
    s.add_argument("name", metavar="NAME")
    s.add_argument("--lang", choices=["en", "zh"], default="en")
    v = sub.add_parser("value", help="print a computed value")
    v.add_argument("name", metavar="NAME")
    return p


def cmd_list(_args) -> int:
    for d in all_derivations():
        print(f"derivation  {d.name:32s} {d.title_en}")
    for v in all_values():
        print(f"value       {v.name:32s} {v.note}")
    return 0


def cmd_check(args) -> int:
    chosen = [get_derivation(n) for n in args.names] if args.names else all_derivations()
    failed = 0
    for d in chosen:
        result = check(d)
        print(("ok      " if result.ok else "FAILED  ") + result.summary())
        failed += not result.ok
    print(f"{len(chosen) - failed} passed, {failed} failed")
    return 1 if failed else 0


def cmd_show(args) -> int:
    d = get_derivation(args.name)
    print(d.title_en if args.lang == "en" else d.title_zh)
    for i, step in enumerate(d.steps):
        reason = step.en if args.lang == "en" else step.zh
        rel = "  " if i == 0 else ("= " if step.relation == "=" else "<=")
        print(f"  {rel} {sp.sstr(step.expr)}    [{reason}]")
        print(f"     LaTeX: {latex(step.expr)}")
    return 0


def cmd_value(args) -> int:
    print(get_value(args.name).text())
    return 0


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("a command is required: list, check, show or value (see --help)")
        return {"list": cmd_list, "check": cmd_check, "show": cmd_show, "value": cmd_value}[args.command](args)
    except (UsageError, UnknownName) as exc:
        print(f"python -m derive: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head: not an error worth a traceback
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("python -m derive: interrupted", file=sys.stderr)
        return 130
