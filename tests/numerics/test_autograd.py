"""The reverse-mode engine and dual numbers against SymPy's diff at 30 digits, with planted defects caught."""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import dataclass

import pytest
import sympy
from mpmath import mp, mpf

from derive.numerics import autograd
from derive.numerics.autograd import LOCAL_DERIVATIVES, Value, count_operations, topological_order
from derive.numerics.dual import Dual, forward_gradient, gradient_costs, reverse_gradient

SEED = 20240601
N_RANDOM, N_DEEP, N_VARS = 220, 40, 3
RTOL = 1e-9  # float64 gradients through <= 40 operations on well-conditioned points: errors are ~1e-14
UNARY = ("exp", "log", "tanh", "sigmoid", "relu", "neg")
BINARY = ("add", "mul", "sub", "div")
EXPONENTS = (2, 3, -1, -2, 0.5, 1.5, -0.5)
CONSTANTS = (0.5, 1.25, -0.75, 2.0, 3.0, -1.5)  # dyadic, so float and sympy.Rational agree exactly

# --- random expressions: ("var", i) | ("const", c) | (op, child) | ("pow", child, p) | (op, left, right) ---
# A subtree may be reused inside the same expression (a DAG), which fans an intermediate node out.


class _Rejected(Exception):
    """The point is outside the domain, or too close to a kink, pole or overflow to compare in float64."""


def _mp_value(node, point, memo):
    """The node's value at 30 digits, rejecting ill-conditioned spots (an independent evaluator)."""
    if id(node) in memo:
        return memo[id(node)]
    kind = node[0]
    if kind == "var":
        v = point[node[1]]
    elif kind == "const":
        v = mpf(node[1])
    else:
        a = _mp_value(node[1], point, memo)
        b = _mp_value(node[2], point, memo) if kind in BINARY else None
        if (kind == "log" and a < 0.05) or (kind == "relu" and abs(a) < 0.01) or (kind == "exp" and a > 12):
            raise _Rejected
        if kind == "div" and abs(b) < 0.1:
            raise _Rejected
        if kind == "pow" and (node[2] < 0 or node[2] != int(node[2])) and a < 0.1:
            raise _Rejected
        v = {
            "add": lambda: a + b, "mul": lambda: a * b, "sub": lambda: a - b, "div": lambda: a / b,
            "neg": lambda: -a, "pow": lambda: a ** mpf(node[2]),
            "exp": lambda: mp.exp(a), "log": lambda: mp.log(a), "tanh": lambda: mp.tanh(a),
            "sigmoid": lambda: 1 / (1 + mp.exp(-a)), "relu": lambda: a if a > 0 else mpf(0),
        }[kind]()  # fmt: skip
    if abs(v) > 1e5:
        raise _Rejected
    memo[id(node)] = v
    return v


def _random_tree(rng, depth, pool):
    if depth == 0 or rng.random() < 0.15:
        return ("var", rng.randrange(N_VARS))
    if pool and rng.random() < 0.15:
        return rng.choice(pool)  # the same subtree object again: fan-out of an intermediate
    r, child = rng.random(), _random_tree(rng, depth - 1, pool)
    if r < 0.45:
        node = (rng.choice(UNARY), child)
    elif r < 0.55:
        node = ("pow", child, rng.choice(EXPONENTS))
    else:
        other = ("const", rng.choice(CONSTANTS)) if rng.random() < 0.3 else _random_tree(rng, depth - 1, pool)
        node = (rng.choice(BINARY), *((child, other) if rng.random() < 0.5 else (other, child)))
    pool.append(node)
    return node


def _deep_chain(rng, point, length):
    """A composition `length` operations deep, each step kept only if it stays well conditioned."""
    node, chain = ("var", rng.randrange(N_VARS)), []
    while len(chain) < length:
        r = rng.random()
        if r < 0.5:
            candidate = (rng.choice(UNARY), node)
        elif r < 0.6:
            candidate = ("pow", node, rng.choice(EXPONENTS))
        else:
            other = rng.choice([("var", rng.randrange(N_VARS)), ("const", rng.choice(CONSTANTS))])
            candidate = (rng.choice(BINARY), *((node, other) if rng.random() < 0.5 else (other, node)))
        try:
            _mp_value(candidate, point, {})
        except _Rejected:
            continue
        node = candidate
        chain.append(node)
    return node


def _sympy_expr(node, syms, memo, values):
    """The SymPy expression; relu becomes its active branch at the point (a Piecewise would push 0**-1 = zoo
    into branches lambdify cannot print, and the point is at least 0.01 away from the kink)."""
    if id(node) not in memo:
        kind = node[0]
        if kind == "var":
            e = syms[node[1]]
        elif kind == "const":
            e = sympy.Rational(node[1])
        else:
            a = _sympy_expr(node[1], syms, memo, values)
            b = _sympy_expr(node[2], syms, memo, values) if kind in BINARY else None
            e = {
                "add": lambda: a + b, "mul": lambda: a * b, "sub": lambda: a - b, "div": lambda: a / b,
                "neg": lambda: -a, "pow": lambda: a ** sympy.Rational(node[2]),
                "exp": lambda: sympy.exp(a, evaluate=False), "log": lambda: sympy.log(a, evaluate=False),
                "tanh": lambda: sympy.tanh(a, evaluate=False),
                "sigmoid": lambda: 1 / (1 + sympy.exp(-a, evaluate=False)), "relu": lambda: a if values[id(node[1])] > 0 else sympy.Integer(0),
            }[kind]()  # fmt: skip
        memo[id(node)] = e
    return memo[id(node)]


def evaluate(node, leaves, memo=None):
    """Evaluate a tree on Value or Dual leaves; constants stay plain floats (exercising radd, rmul, ...)."""
    memo = {} if memo is None else memo
    if id(node) not in memo:
        kind = node[0]
        if kind == "var":
            out = leaves[node[1]]
        elif kind == "const":
            out = node[1]
        else:
            a = evaluate(node[1], leaves, memo)
            b = evaluate(node[2], leaves, memo) if kind in BINARY else None
            ops = {"add": lambda: a + b, "mul": lambda: a * b, "sub": lambda: a - b, "div": lambda: a / b}
            ops |= {"neg": lambda: -a, "pow": lambda: a ** node[2]}
            out = ops[kind]() if kind in ops else getattr(a, kind)()
        memo[id(node)] = out
    return memo[id(node)]


@dataclass(frozen=True)
class Case:
    tree: tuple
    point: tuple  # float64 inputs
    reference: tuple  # SymPy's gradient at the point, 30 digits
    fan_out: bool  # a variable or an intermediate node is used more than once


def _uses(tree):
    """How many times each node object is referenced as a child (DAG edges), and the variable leaf count."""
    counts, seen, stack = {}, set(), [tree]
    while stack:
        node = stack.pop()
        if node[0] in ("var", "const") or id(node) in seen:
            continue
        seen.add(id(node))
        for child in node[1:]:
            if isinstance(child, tuple):
                key = ("var", child[1]) if child[0] == "var" else id(child)
                counts[key] = counts.get(key, 0) + 1
                stack.append(child)
    return counts


def _make_case(tree, point):
    syms, values = sympy.symbols(f"x0:{N_VARS}"), {}
    with mp.workdps(30):
        _mp_value(tree, [mpf(x) for x in point], values)
    expr = _sympy_expr(tree, syms, {}, values)
    derivative = sympy.lambdify(syms, [sympy.diff(expr, s) for s in syms], modules="mpmath", cse=True)
    with mp.workdps(30):
        reference = tuple(mpf(d) for d in derivative(*(mpf(x) for x in point)))
    return Case(tree, point, reference, max(_uses(tree).values(), default=0) > 1)


def build_cases(seed=SEED):
    """N_RANDOM random expressions and N_DEEP deep compositions, each with its point and SymPy gradient."""
    rng, cases = random.Random(seed), []
    while len(cases) < N_RANDOM + N_DEEP:
        point = tuple(rng.choice([-1, 1]) * rng.uniform(0.2, 2.0) for _ in range(N_VARS))
        with mp.workdps(30):
            if len(cases) < N_RANDOM:
                tree = _random_tree(rng, rng.randint(2, 6), [])
                try:
                    _mp_value(tree, [mpf(x) for x in point], {})
                except _Rejected:
                    continue
            else:
                tree = _deep_chain(rng, [mpf(x) for x in point], rng.randint(25, 40))
        cases.append(_make_case(tree, point))
    return cases


@pytest.fixture(scope="module")
def cases():
    return build_cases()


# --- the check functions: each returns its failures, so a planted defect can be shown to produce some -----


def reverse_of(case):
    leaves = [Value(x) for x in case.point]
    out = evaluate(case.tree, leaves)
    out.backward()
    return [leaf.grad for leaf in leaves]


def forward_of(case):
    return forward_gradient(lambda xs: evaluate(case.tree, xs), list(case.point))


def gradient_failures(cases, gradient_of, rtol=RTOL):
    """Every (case, variable) where gradient_of disagrees with SymPy beyond rtol * max(|reference|, 1)."""
    failures = []
    for index, case in enumerate(cases):
        try:
            got = gradient_of(case)
        except (ArithmeticError, ValueError) as error:
            failures.append((index, None, repr(error), None))
            continue
        for var, (g, ref) in enumerate(zip(got, case.reference)):
            with mp.workdps(30):
                ok = abs(mpf(g) - ref) <= rtol * max(abs(ref), 1)
            if not ok:
                failures.append((index, var, g, float(ref)))
    return failures
