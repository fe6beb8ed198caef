"""python -m derive claim: a reader's own identity or derivative, checked like the site's derivations.

    python -m derive claim "diff(sigmoid(x), x) = sigmoid(x)*(1 - sigmoid(x))"
    python -m derive claim "sqrt(x^2) = x" --where "x > 0"

The text is parsed by an allow-list over Python's syntax tree: numbers, names (real symbols), + − × / and
powers (^ or **), calls of the functions below, comparisons and and/or in conditions. Nothing is
evaluated as Python, no attribute or subscript is read, sizes and exponents are bounded, and the check
runs in a child process with a time budget.

Functions: diff(f, x[, y | n]), Sum(f, (i, a, b)), exp, log, sqrt, sin, cos, tanh, sigmoid, sign, Abs
(or abs), max / min, Piecewise((f, cond), ..., (g, True)), ind(cond) (1 where cond holds, else 0),
softmax(k, z1, ..., zn) (the k-th of n probabilities, k from 1); constants pi and e (Euler's number).

Verdicts and exit codes: 0 verified (a symbolic proof), 1 refuted (a counterexample point, both sides
at 30 digits), 2 malformed or unsupported (one line), 3 undecided (no counterexample, no proof in time).
"""

from __future__ import annotations

import ast
import multiprocessing
import random
import re

import sympy as sp

from derive.core.claim_syntax import Malformed, split_relation
from derive.core.claim_syntax import tree as _tree

MAX_EXPONENT = 1000
MAX_INTEGER = 10**30
POINTS = 60
DIGITS = 30


_OPERATORS = {ast.Add: sp.Add, ast.Mult: sp.Mul}
_COMPARE = {
    ast.Lt: sp.StrictLessThan,
    ast.LtE: sp.LessThan,
    ast.Gt: sp.StrictGreaterThan,
    ast.GtE: sp.GreaterThan,
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
}
_UNARY_FUNCTIONS = {
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "sin": sp.sin,
    "cos": sp.cos,
    "tanh": sp.tanh,
    "sign": sp.sign,
    "Abs": sp.Abs,
    "abs": sp.Abs,
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
}
_FUNCTIONS = set(_UNARY_FUNCTIONS) | {"diff", "Sum", "max", "min", "Max", "Min", "Piecewise", "ind", "softmax"}
_CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E, "True": sp.true}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,19}")


class _Reader:
    """Builds SymPy objects from an already size-checked syntax tree; anything unknown is Malformed."""

    def __init__(self, symbols: dict):
        self.symbols = symbols

    def symbol(self, name: str):
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _FUNCTIONS or not _NAME.fullmatch(name):
            raise Malformed(f"{name!r} cannot be used as a variable")
        return self.symbols.setdefault(name, sp.Symbol(name, real=True))

    def read(self, node):
        if isinstance(node, ast.Expression):
            return self.read(node.body)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise Malformed("only numbers may be written as constants")
            if isinstance(value, int):
                if abs(value) > MAX_INTEGER:
                    raise Malformed("an integer this large is not supported")
                return sp.Integer(value)
            return sp.Rational(repr(value))  # a decimal is taken exactly as written
        if isinstance(node, ast.Name):
            return self.symbol(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.read(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return sp.Not(self.read(node.operand))
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Compare):
            parts = [self.read(node.left)] + [self.read(c) for c in node.comparators]
            relations = [
                _COMPARE[type(op)](a, b)
                for op, a, b in zip(node.ops, parts[:-1], parts[1:], strict=True)
                if type(op) in _COMPARE
            ]
            if len(relations) != len(node.ops):
                raise Malformed("only <, <=, >, >=, == and != compare")
            return sp.And(*relations) if len(relations) > 1 else relations[0]
        if isinstance(node, ast.BoolOp):
            parts = [self.read(v) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise Malformed(f"{type(node).__name__} is not allowed in a claim")

    def binary(self, node):
        left, right = self.read(node.left), self.read(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        if isinstance(node.op, ast.Pow):
            if right.is_number and (not right.is_finite or abs(sp.N(right, 15)) > MAX_EXPONENT):
                raise Malformed(f"exponents are limited to ±{MAX_EXPONENT}")
            if left.is_number and right.is_number and abs(sp.N(right, 15) * sp.log(abs(sp.N(left, 15)) + 2)) > 5000:
                raise Malformed("a power of this size is not supported")
            return left**right
        raise Malformed(f"the operator {type(node.op).__name__} is not allowed")

    def call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise Malformed("only the handbook's functions can be called (see --help)")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise Malformed("functions take plain positional arguments")
        name, args = node.func.id, node.args
        if name in _UNARY_FUNCTIONS:
            if len(args) != 1:
                raise Malformed(f"{name} takes one argument")
            return _UNARY_FUNCTIONS[name](self.read(args[0]))
        if name in ("max", "Max", "min", "Min"):
            if len(args) < 2:
                raise Malformed(f"{name} takes at least two arguments")
            return (sp.Max if name.lower() == "max" else sp.Min)(*[self.read(a) for a in args])
        if name == "ind":
            if len(args) != 1:
                raise Malformed("ind takes one condition")
            return sp.Piecewise((1, self.read(args[0])), (0, True))
        if name == "Piecewise":
            pieces = []
            for a in args:
                if not isinstance(a, ast.Tuple) or len(a.elts) != 2:
                    raise Malformed("Piecewise takes pairs (value, condition)")
                pieces.append((self.read(a.elts[0]), self.read(a.elts[1])))
            return sp.Piecewise(*pieces)
        if name == "softmax":
            if len(args) < 3 or not isinstance(args[0], ast.Constant) or not isinstance(args[0].value, int):
                raise Malformed("softmax(k, z1, ..., zn): k a whole number, at least two scores")
            k, scores = args[0].value, [self.read(a) for a in args[1:]]
            if not 1 <= k <= len(scores):
                raise Malformed("softmax: k must be between 1 and the number of scores")
            return sp.exp(scores[k - 1]) / sp.Add(*[sp.exp(z) for z in scores])
        if name == "diff":
            if len(args) < 2:
                raise Malformed("diff(f, x) needs a function and a variable")
            f = self.read(args[0])
            variables = []
            for a in args[1:]:
                v = self.read(a)
                if v.is_Integer and variables and 0 < v <= 4:
                    variables += [variables[-1]] * (int(v) - 1)
                elif isinstance(v, sp.Symbol):
                    variables.append(v)
                else:
                    raise Malformed("diff differentiates with respect to variables (and an order up to 4)")
            return sp.diff(f, *variables)
        if name == "Sum":
            if len(args) != 2 or not isinstance(args[1], ast.Tuple) or len(args[1].elts) != 3:
                raise Malformed("Sum(f, (i, a, b))")
            index = self.read(args[1].elts[0])
            if not isinstance(index, sp.Symbol):
                raise Malformed("the index of a Sum is a variable")
            integer = sp.Symbol(index.name, integer=True)
            self.symbols[index.name] = integer
            low, high = (self.read(e) for e in args[1].elts[1:])
            body = self.read(args[0]).xreplace({index: integer})
            return sp.Sum(body, (integer, low, high))
        raise Malformed(f"{name} is not supported")  # pragma: no cover (the allow-list above is complete)


def parse_claim(text: str, where=()):
    """(lhs, relation, rhs, assumptions, symbols) from the claim's text; raises Malformed."""
    left, relation, right = split_relation(text.strip())
    if relation == "!=":
        raise Malformed("claims of inequality (!=) are not supported: state what is equal or bounded")
    symbols: dict = {}
    reader = _Reader(symbols)
    lhs, rhs = reader.read(_tree(left)), reader.read(_tree(right))
    assumptions = []
    for condition in where:
        tree = _tree(condition)
        if not isinstance(tree.body, (ast.Compare, ast.BoolOp)):
            raise Malformed(f"--where takes a condition such as x > 0, got {condition!r}")
        assumptions.append(reader.read(tree))
    for side in (lhs, rhs):
        if isinstance(side, (sp.logic.boolalg.BooleanAtom, sp.core.relational.Relational, sp.And, sp.Or, sp.Not)):
            raise Malformed("each side of a claim is a number, not a condition")
    # a variable in the bounds of a Sum counts terms: a whole number, not a real
    bounds = {
        s
        for side in (lhs, rhs)
        for total in side.atoms(sp.Sum)
        for limit in total.limits
        for s in sp.Tuple(*limit[1:]).free_symbols
        if not s.is_integer
    }
    counts = {s: sp.Symbol(s.name, integer=True, nonnegative=True) for s in bounds}
    lhs, rhs = lhs.xreplace(counts), rhs.xreplace(counts)
    assumptions = [a.xreplace(counts) for a in assumptions]
    # sorted by name: the points sampled (and a counterexample shown) are the same on every run
    free = {s.name: s for s in sorted((s for side in (lhs, rhs) for s in side.free_symbols), key=str)}
    return lhs, relation, rhs, assumptions, free


def _restrict(symbols: dict, assumptions):
    """Symbols with the sign assumptions a --where gives directly (x > 0 makes sqrt(x^2) simplify)."""
    replace = {}
    for a in assumptions:
        for rel in a.args if isinstance(a, sp.And) else (a,):
            if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
                lhs, rhs = rel.lhs, rel.rhs
                if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
                    lhs, rhs = rhs, lhs
                strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
                if isinstance(lhs, sp.Symbol) and rhs == 0 and lhs.name in symbols:
                    replace[lhs] = (
                        sp.Symbol(lhs.name, positive=True) if strict else sp.Symbol(lhs.name, nonnegative=True)
                    )
    return replace


def _sample(symbols: dict, assumptions, rng: random.Random):
    """Points where every assumption holds: plain reals, special values, Sum bounds as whole numbers."""
    specials = [0, 1, -1, 0.5, 2, -2, 3]
    for attempt in range(2000):
        point = {}
        for s in symbols.values():
            if s.is_integer:
                point[s] = sp.Integer(rng.randint(0, 8))
            elif attempt < 40 and rng.random() < 0.3:
                point[s] = sp.Float(rng.choice(specials), DIGITS)
            else:
                point[s] = sp.Float(round(rng.uniform(-4, 4), 5), DIGITS)
        if all(bool(a.subs(point)) for a in assumptions):
            yield point


def _value(expr, point):
    v = expr.subs(point)
    if isinstance(v, sp.Sum):
        v = v.doit()
    v = sp.N(v, DIGITS)
    if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
        return None
    return v


def _show(point) -> str:
    return ", ".join(f"{k} = {sp.N(v, 8) if not v.is_Integer else v}" for k, v in point.items()) or "any point"


def _proved(lhs, rhs, relation) -> bool:
    gap = (rhs - lhs) if relation in ("<=", "<") else (lhs - rhs)
    if relation in (">=", ">"):
        gap = lhs - rhs
    gap = gap.doit()
    if relation == "=":
        for transform in (
            lambda e: e,
            sp.simplify,
            lambda e: sp.simplify(e.rewrite(sp.exp)),
            lambda e: sp.simplify(sp.piecewise_fold(e)),
        ):
            try:
                out = transform(gap)
            except Exception:
                continue
            if out == 0:
                return True
            if isinstance(out, sp.Piecewise) and all(sp.simplify(e) == 0 or isinstance(c, sp.Eq) for e, c in out.args):
                return True  # the sides differ only on a set of measure zero where one is undefined
        return False
    simplified = sp.simplify(gap)
    nonnegative = simplified.is_nonnegative or sp.factor(simplified).is_nonnegative
    if relation in ("<", ">"):
        return bool(simplified.is_positive or sp.factor(simplified).is_positive)
    return bool(nonnegative) or simplified == 0


def _verdict(text: str, where, queue) -> None:
    try:
        lhs, relation, rhs, assumptions, symbols = parse_claim(text, where)
        if relation == "=" and sp.expand(lhs - rhs) == 0:
            queue.put((0, "verified: both sides are the same expression"))
            return
        rng = random.Random(0)
        tested = 0
        for point in _sample(symbols, assumptions, rng):
            if tested >= POINTS:
                break
            a, b = _value(lhs, point), _value(rhs, point)
            if a is None or b is None:
                continue
            tested += 1
            scale = 1 + abs(a) + abs(b)
            bad = {
                "=": abs(a - b) > 1e-20 * scale,
                "<=": a - b > 1e-20 * scale,
                "<": a - b >= -1e-25 * scale,
                ">=": b - a > 1e-20 * scale,
                ">": b - a >= -1e-25 * scale,
            }[relation]
            if bad:
                queue.put((1, f"refuted at {_show(point)}: left side {sp.N(a, 12)}, right side {sp.N(b, 12)}"))
                return
        if tested == 0:
            queue.put((3, "undecided: neither side has a real value at any sampled point of the domain"))
            return
        restricted = _restrict(symbols, assumptions)
        if _proved(lhs.xreplace(restricted), rhs.xreplace(restricted), relation):
            queue.put((0, f"verified: proved symbolically (and no counterexample at {tested} points)"))
        else:
            queue.put((3, f"undecided: no counterexample at {tested} points, but no symbolic proof"))
    except Malformed as exc:
        queue.put((2, str(exc)))
    except Exception as exc:  # never a traceback
        queue.put((2, f"unsupported: {type(exc).__name__}: {str(exc)[:120]}"))


def claim_command(text: str, where=(), budget: float = 10.0) -> tuple[int, str]:
    """Check a claim; return (exit code, message). Reading is done first, then the check in a child process."""
    try:
        lhs, relation, rhs, _, _ = parse_claim(text, where)
    except Malformed as exc:
        return 2, f"malformed claim: {exc}"
    except (RecursionError, MemoryError, OverflowError, ValueError, TypeError) as exc:
        return 2, f"malformed claim: {type(exc).__name__}"
    head = f"claim: {sp.sstr(lhs)} {relation} {sp.sstr(rhs)}" + (f"   (where {'; '.join(where)})" if where else "")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_verdict, args=(text, tuple(where), queue), daemon=True)
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
        return 3, f"{head}\nundecided: no verdict within the time budget of {budget:g} s"
    try:
        code, message = queue.get(timeout=2)
    except Exception:
        return 2, "internal error: the check ended without a verdict"
    finally:
        queue.close()
        queue.join_thread()
    return (code, message if code == 2 else f"{head}\n{message}")
