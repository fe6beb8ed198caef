"""Mutation testing of the checker itself: does any small change to checker.py leave every verdict intact?

    python tools/mutate_checker.py [--limit N] [--no-equivalents]

Each mutant is one edit of derive/core/checker.py (a comparison flipped, a boolean constant or `not`
removed, `and`/`or` swapped, a tolerance changed a billionfold, an error report deleted). For each, a
copy of the project runs a verdict suite: right derivations must pass and planted wrong ones must fail.
A mutant that leaves every verdict right "survives"; the report lists the survivors, and the run fails
(exit 1) when one is not among those judged equivalent (EQUIVALENT, by function and change): it is a
hole to close with a new planted case, or a change to judge and list. tests/core/test_mutate_checker.py
runs it.

Survivors judged equivalent (no verdict can change), from the last run (57 mutants, 40 killed):
- `strict=True` removed from the zips over a step's two sides, over the spot values and over the claimed
  derivatives (lines of _symbolic, _numeric, _finite_difference_check): the shape guard before them
  already refuses a mismatch;
- the unknown-relation branch of _symbolic: Step refuses any relation but "=" and "<=" at registration;
- `>` vs `>=` (and `<=` vs `<`) against a tolerance: they differ only on an exact tie;
- which sample values become Floats in _as_floats (`not` removed, `and` swapped): the same value at 50
  or 70 digits either way;
- check()'s default `first_failure=True`, and `problem and first_failure` swapped: the check stops at the
  first failed step instead of listing them all; it fails either way;
- the `ok` flag of a StepResult (`not problem` removed, the shape branch's False): what the claims page
  shows per step, not the verdict, which is `errors`;
- `numeric_only and many is None` swapped: the 64 fresh points are drawn once more often, not used;
- the finite-difference error report deleted: for the verdict it is a second opinion on what the
  comparison with SymPy's own diff (killed when deleted) already decides; tests/core/test_checker_guards.py
  shows each of the two is live by stubbing it out;
- the display helpers (summary, _fmt).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "derive" / "core" / "checker.py"

SUITE = r"""
import sympy as sp
from derive.core.checker import check
from derive.core.registry import Derivation, Step, get_derivation
x, y = sp.symbols("x y", real=True)
I = {x: (0.2, 2.0)}
def d(*steps, domain=I, definitions=None):
    return Derivation("m", "", "", tuple(steps), domain=domain, definitions=definitions or {})
p, Z = sp.symbols("p Z", positive=True)
right = [get_derivation(n) for n in ("sigmoid_derivative", "sigmoid_derivative_bound", "tanh_derivative")] + [
    d(Step(sp.Derivative(x**3, x), "", ""), Step(3 * x**2, "", "")),
    d(Step(sp.Derivative(x**2 * y, x, y), "", ""), Step(2 * x, "", ""), domain={x: (0.2, 2.0), y: (0.2, 2.0)}),
    d(Step(sp.sin(x)**2 + sp.cos(x)**2, "", ""), Step(sp.Integer(1), "", "")),
    d(Step(x**2, "", ""), Step(x**2 + 1, "", "", relation="<=")),
    # a definition that uses another (p = e^x / Z, Z = e^x + 1): both must be expanded, or Z stays free
    d(Step(p, "", ""), Step(sp.exp(x) / (sp.exp(x) + 1), "", ""), definitions={p: sp.exp(x) / Z, Z: sp.exp(x) + 1}),
    # a steep first derivative: central differences need their small first-order step to agree with it
    d(Step(sp.Derivative(sp.exp(4 * x), x), "", ""), Step(4 * sp.exp(4 * x), "", "")),
    # a mixed partial of a large function: nested differences need the larger step and the looser tolerance
    d(Step(sp.Derivative(x**2 * y + 1000, x, y), "", ""), Step(2 * x, "", ""), domain={x: (0.2, 2.0), y: (0.2, 2.0)}),
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
    # the same two steps checked numerically only: the points alone must refuse a complex value
    d(Step(sp.sqrt(x - 5), "", ""), Step(sp.I * sp.sqrt(5 - x), "", "", numeric_only=True)),
    # a false bound checked numerically only: the points alone must refuse it
    d(Step(x**2 + 1, "", ""), Step(x**2, "", "", relation="<=", numeric_only=True)),
    # a gradient whose numeric-only step hides a bump 1e-6 wide between the points: only the comparison
    # of the final step with SymPy's diff refuses it
    d(Step(sp.Derivative(x**3, x), "", ""),
      Step(3 * x**2 + sp.exp(-10**12 * (x - sp.Rational(12345, 10000))**2), "", "", numeric_only=True)),
    # a column equal entry by entry to a row: different shapes, not equal
    d(Step(sp.Matrix([x, 1]), "", ""), Step(sp.Matrix([[x, 1]]), "", "")),
    # a definition the checker cannot expand: an error inside the checker is a failed check, never a pass
    d(Step(p, "", ""), Step(sp.Integer(1), "", ""), definitions={p: None}),
]
bad = [n for n, r in enumerate(right) if not check(r).ok] + [f"w{n}" for n, w in enumerate(wrong) if check(w).ok]
print("VERDICTS-OK" if not bad else f"VERDICTS-WRONG {bad}")
"""


class Mutator(ast.NodeTransformer):
    """Applies the k-th possible mutation (counting in tree order) and records what it did."""

    SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}

    def __init__(self, target: int):
        self.target, self.count, self.what, self.key = target, 0, None, None
        self.functions: list[str] = []

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()
        return node

    def _hit(self, what: str) -> bool:
        self.count += 1
        if self.count - 1 == self.target:
            where = self.functions[-1] if self.functions else "<module>"
            self.what = f"{what} (in {where})"
            self.key = f"{where}: {what.split(': ', 1)[1]}"  # without the line number, which moves
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
    """The k-th mutant's source, its description and its key (function: change), or Nones past the last."""
    tree = ast.parse(source)
    m = Mutator(k)
    tree = m.visit(tree)
    return (ast.unparse(ast.fix_missing_locations(tree)), m.what, m.key) if m.what else (None, None, None)


# The survivors judged equivalent (see the module's docstring), by function and change, with how many of
# each: a survivor beyond these fails the run, so a change to the checker that opens a hole is noticed.
EQUIVALENT = Counter(
    {
        "summary: Eq -> NotEq": 1,
        "_symbolic: True -> False": 1,  # strict=True
        "_symbolic: False -> True": 1,  # the unknown-relation branch
        "_as_floats: `not` removed": 1,
        "_as_floats: And swapped": 1,
        "_numeric: True -> False": 1,  # strict=True
        "_numeric: Gt -> GtE": 2,
        "show: False -> True": 1,  # _fmt's helper
        "_finite_difference_check: True -> False": 1,  # strict=True
        "_finite_difference_check: LtE -> Lt": 1,
        "check: False -> True": 1,  # first_failure's default
        "_check: False -> True": 1,  # a StepResult's ok flag
        "_check: And swapped": 2,  # when the 64 points are drawn; the early stop
        "_check: `not` removed": 1,  # a StepResult's ok flag
        "_check: an error report deleted": 1,  # the finite-difference report (the diff comparison decides)
    }
)


def unexplained(survivor_keys: list[str], equivalent: Counter = EQUIVALENT) -> list[str]:
    return sorted((Counter(survivor_keys) - equivalent).elements())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--no-equivalents", action="store_true", help="judge every survivor unexplained")
    args = parser.parse_args(argv)
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
            text, what, key = mutant(source, k)
            if text is None:
                break
            (copy / "derive" / "core" / "checker.py").write_text(text)
            done = subprocess.run(
                [sys.executable, "-c", SUITE], cwd=copy, env=env, capture_output=True, text=True, timeout=600
            )
            if "VERDICTS-OK" in done.stdout:
                survivors.append((what, key))
                print("SURVIVED", what, flush=True)
            else:
                killed += 1
    print(f"{killed + len(survivors)} mutants: {killed} killed, {len(survivors)} survived")
    for what, _ in survivors:
        print("  survivor:", what)
    left = unexplained([key for _, key in survivors], Counter() if args.no_equivalents else EQUIVALENT)
    if left:
        print(f"mutate_checker: {len(left)} survivor(s) not judged equivalent: {', '.join(left)}")
        return 1
    print("every survivor is one of the changes judged equivalent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
