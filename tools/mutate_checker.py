"""Mutation testing of the checker itself: does any small change to checker.py leave every verdict intact?

    python tools/mutate_checker.py [--limit N]

Each mutant is one edit of derive/core/checker.py (a comparison flipped, a boolean constant or `not`
removed, `and`/`or` swapped, a tolerance changed a billionfold, an error report deleted). For each, a
copy of the project runs a verdict suite: right derivations must pass and planted wrong ones must fail.
A mutant that leaves every verdict right "survives"; the report lists the survivors so each can be read
and judged (an equivalent change, or a hole to close with a new planted case).

Survivors judged equivalent (no verdict can change): `strict=True` removed from the zips over a step's
two sides and over the claimed derivatives (the shape guard before them already refuses a mismatch);
`gap == 0` negated (0 is non-negative, so the next test decides the same); the unknown-relation branch of
_symbolic (Step refuses any relation but "=" and "<=" at registration); `>` vs `>=` against the
tolerance (a tie at exactly the tolerance); the display helpers (summary, _fmt); the fixed-point loop
in expand_definitions (it only stops early).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "derive" / "core" / "checker.py"

SUITE = r"""
import sympy as sp
from derive.core.checker import check
from derive.core.registry import Derivation, Step, get_derivation
x, y = sp.symbols("x y", real=True)
I = {x: (0.2, 2.0)}
def d(*steps, domain=I):
    return Derivation("m", "", "", tuple(steps), domain=domain)
right = [get_derivation(n) for n in ("sigmoid_derivative", "sigmoid_derivative_bound", "tanh_derivative")] + [
    d(Step(sp.Derivative(x**3, x), "", ""), Step(3 * x**2, "", "")),
    d(Step(sp.Derivative(x**2 * y, x, y), "", ""), Step(2 * x, "", ""), domain={x: (0.2, 2.0), y: (0.2, 2.0)}),
    d(Step(sp.sin(x)**2 + sp.cos(x)**2, "", ""), Step(sp.Integer(1), "", "")),
    d(Step(x**2, "", ""), Step(x**2 + 1, "", "", relation="<=")),
]
wrong = [
    d(Step(sp.Derivative(x**3, x), "", ""), Step(3 * x**3, "", "")),
    d(Step(sp.Derivative(sp.sin(x), x), "", ""), Step(sp.sin(x), "", "")),
    d(Step(x**2 + 1, "", ""), Step(x**2, "", "", relation="<=")),
    d(Step(x**2, "", ""), Step(x, "", ""), domain={x: [0, 1]}),
    d(Step(sp.Integer(1), "", ""),
      Step(sp.sin(x)**2 + sp.cos(x)**2 + sp.Rational(1, 10**25), "", "", numeric_only=True)),
    d(Step(sp.Derivative(x**2 * y, x, y), "", ""), Step(3 * x, "", ""), domain={x: (0.2, 2.0), y: (0.2, 2.0)}),
    d(Step(x, "", ""), Step(sp.Matrix([x]), "", "")),
    # false only where |x - 1| < 1e-6: the sample points miss it, the symbolic proof must not
    d(Step(sp.Integer(0), "", ""), Step((x - 1)**2 - sp.Rational(1, 10**12), "", "", relation="<=")),
    # off by 1e-40, below the numeric tolerance: only the symbolic proof sees it
    d(Step(sp.sin(x), "", ""), Step(sp.sin(x) + sp.Rational(1, 10**40), "", "")),
    # equal, but complex on the whole domain: a real-valued check must refuse it
    d(Step(sp.sqrt(x - 5), "", ""), Step(sp.I * sp.sqrt(5 - x), "", "")),
]
bad = [n for n, r in enumerate(right) if not check(r).ok] + [f"w{n}" for n, w in enumerate(wrong) if check(w).ok]
print("VERDICTS-OK" if not bad else f"VERDICTS-WRONG {bad}")
"""


class Mutator(ast.NodeTransformer):
    """Applies the k-th possible mutation (counting in tree order) and records what it did."""

    SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}

    def __init__(self, target: int):
        self.target, self.count, self.what = target, 0, None

    def _hit(self, what: str) -> bool:
        self.count += 1
        if self.count - 1 == self.target:
            self.what = what
            return True
        return False

    def visit_Compare(self, node):
        self.generic_visit(node)
        op = type(node.ops[0])
        if op in self.SWAPS and self._hit(f"line {node.lineno}: {op.__name__} -> {self.SWAPS[op].__name__}"):
            node.ops[0] = self.SWAPS[op]()
        return node

    def visit_Constant(self, node):
        if isinstance(node.value, bool) and self._hit(f"line {node.lineno}: {node.value} -> {not node.value}"):
            return ast.copy_location(ast.Constant(not node.value), node)
        if (
            isinstance(node.value, str)
            and node.value.startswith("1e-")
            and self._hit(f"line {node.lineno}: tolerance {node.value} -> 1e-5")
        ):
            return ast.copy_location(ast.Constant("1e-5"), node)
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._hit(f"line {node.lineno}: `not` removed"):
            return node.operand
        return node

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        if self._hit(f"line {node.lineno}: {type(node.op).__name__} swapped"):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node

    def visit_Expr(self, node):
        self.generic_visit(node)
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "append"
            and isinstance(call.func.value, ast.Attribute)
            and call.func.value.attr == "errors"
            and self._hit(f"line {node.lineno}: an error report deleted")
        ):
            return ast.Pass()
        return node


def mutant(source: str, k: int):
    tree = ast.parse(source)
    m = Mutator(k)
    tree = m.visit(tree)
    return (ast.unparse(ast.fix_missing_locations(tree)), m.what) if m.what else (None, None)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    source = CHECKER.read_text()
    survivors, killed = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(ROOT / "derive", copy / "derive", ignore=shutil.ignore_patterns("__pycache__"))
        env = dict(os.environ, PYTHONPATH=str(copy))
        baseline = subprocess.run([sys.executable, "-c", SUITE], cwd=copy, env=env, capture_output=True, text=True)
        if "VERDICTS-OK" not in baseline.stdout:
            print("the unmutated checker fails the suite:", baseline.stdout, baseline.stderr[-500:])
            return 1
        for k in range(args.limit):
            text, what = mutant(source, k)
            if text is None:
                break
            (copy / "derive" / "core" / "checker.py").write_text(text)
            done = subprocess.run(
                [sys.executable, "-c", SUITE], cwd=copy, env=env, capture_output=True, text=True, timeout=600
            )
            if "VERDICTS-OK" in done.stdout:
                survivors.append(what)
                print("SURVIVED", what, flush=True)
            else:
                killed += 1
    print(f"{killed + len(survivors)} mutants: {killed} killed, {len(survivors)} survived")
    for s in survivors:
        print("  survivor:", s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
