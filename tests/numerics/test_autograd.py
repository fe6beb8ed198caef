"""The reverse-mode engine and dual numbers against SymPy's diff at 30 digits, with planted defects caught."""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import dataclass

import pytest
import sympy
from mpmath import mp, mpf

from derive.numerics import autograd, dual
from derive.numerics.autograd import LOCAL_DERIVATIVES, Value, count_operations, topological_order
from derive.numerics.dual import Dual, forward_gradient, gradient_costs, reverse_gradient

SEED = 20240601
N_VARS = 2
RTOL = 1e-12  # float64 through <= 40 well-conditioned operations: the largest observed error is 2.6e-15
SCALE_FLOOR = 1e-2  # below it the comparison is absolute (1e-14): x*c - x*c leaves float noise, not 0
UNARY = ("exp", "log", "tanh", "sigmoid", "relu", "neg")
BINARY = ("add", "mul", "sub", "div")
EXPONENTS = (2, 3, -1, -2, 0.5, 1.5, -0.5)
CONSTANTS = (0.5, 1.25, -0.75, 2.0, 3.0, -1.5)  # dyadic, so the float and sympy.Rational(c) are the same number

# --- expressions: ("var", i) | ("const", c) | (op, child) | ("pow", child, p) | (op, left, right) ---------
# The same subtree object may appear twice in one expression (a DAG): that fans an intermediate node out.


def fold(node, leaf, ops, memo):
    """Evaluate a tree bottom-up, once per distinct node: leaf(node) at the leaves, ops[op](node, a, b) above."""
    if id(node) not in memo:
        if node[0] in ("var", "const"):
            memo[id(node)] = leaf(node)
        else:
            a = fold(node[1], leaf, ops, memo)
            b = fold(node[2], leaf, ops, memo) if node[0] in BINARY else None
            memo[id(node)] = ops[node[0]](node, a, b)
    return memo[id(node)]


ARITHMETIC = {
    "add": lambda n, a, b: a + b, "mul": lambda n, a, b: a * b, "sub": lambda n, a, b: a - b,
    "div": lambda n, a, b: a / b, "neg": lambda n, a, b: -a, "pow": lambda n, a, b: a ** n[2],
}  # fmt: skip
ENGINE_OPS = ARITHMETIC | {op: lambda n, a, b, op=op: getattr(a, op)() for op in UNARY if op != "neg"}
_MP_OPS = ARITHMETIC | {
    "exp": lambda n, a, b: mp.exp(a), "log": lambda n, a, b: mp.log(a), "tanh": lambda n, a, b: mp.tanh(a),
    "sigmoid": lambda n, a, b: 1 / (1 + mp.exp(-a)), "relu": lambda n, a, b: a if a > 0 else mpf(0),
}  # fmt: skip


class _Rejected(Exception):
    """The point is off the domain, or too near a kink, pole or overflow for a float64 comparison."""


def _mp_checked(n, a, b):
    kind, p = n[0], (n[2] if n[0] == "pow" else None)
    if (kind == "log" and a < 0.05) or (kind == "relu" and abs(a) < 0.01) or (kind == "exp" and a > 12):
        raise _Rejected
    if (kind == "div" and abs(b) < 0.1) or (kind == "pow" and (p < 0 or p != int(p)) and a < 0.1):
        raise _Rejected
    v = _MP_OPS[kind](n, a, b)
    if abs(v) > 1e5:
        raise _Rejected
    return v


def mp_value(tree, point, memo=None):
    """The tree's value in mpmath (an evaluator independent of the engine), rejecting ill-conditioned spots."""
    ops = dict.fromkeys(_MP_OPS, _mp_checked)
    return fold(tree, lambda n: point[n[1]] if n[0] == "var" else mpf(n[1]), ops, {} if memo is None else memo)


def evaluate(tree, leaves):
    """Evaluate a tree on Value or Dual leaves; constants stay plain floats (so radd, rmul, ... run too)."""
    return fold(tree, lambda n: leaves[n[1]] if n[0] == "var" else n[1], ENGINE_OPS, {})


def _random_tree(rng, depth, pool):
    if depth == 0 or rng.random() < 0.15:
        return ("var", rng.randrange(N_VARS))
    if pool and rng.random() < 0.15:
        return rng.choice(pool)  # the same object again: an intermediate node with two consumers
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
    """A composition `length` operations deep; a step is kept only if it stays well conditioned."""
    node, depth = ("var", rng.randrange(N_VARS)), 0
    while depth < length:
        r = rng.random()
        if r < 0.5:
            candidate = (rng.choice(UNARY), node)
        elif r < 0.6:
            candidate = ("pow", node, rng.choice(EXPONENTS))
        else:
            other = rng.choice([("var", rng.randrange(N_VARS)), ("const", rng.choice(CONSTANTS))])
            candidate = (rng.choice(BINARY), *((node, other) if rng.random() < 0.5 else (other, node)))
        try:
            value = mp_value(candidate, point)
        except _Rejected:
            continue
        if not (candidate[0] == "relu" and value == 0):  # relu's flat side would zero every deeper derivative
            node, depth = candidate, depth + 1
    return node


def _sympy_ops(values):
    """SymPy's operations. tanh is written through exp (SymPy's tanh makes diff of deep nests crawl through
    assumption queries); relu becomes its branch active at the point, which is 0.01 or more from the kink."""
    exp = lambda u: sympy.exp(u, evaluate=False)  # noqa: E731 -- skips exp's costly auto-simplification
    inv = lambda u: sympy.Pow(u, -1, evaluate=False)  # noqa: E731
    return ARITHMETIC | {
        "div": lambda n, a, b: a * inv(b), "pow": lambda n, a, b: sympy.Pow(a, sympy.Rational(n[2]), evaluate=False),
        "exp": lambda n, a, b: exp(a), "log": lambda n, a, b: sympy.log(a, evaluate=False),
        "tanh": lambda n, a, b: 1 - 2 * inv(exp(2 * a) + 1), "sigmoid": lambda n, a, b: inv(1 + exp(-a)),
        "relu": lambda n, a, b: a if values[id(n[1])] > 0 else sympy.S(0),
    }  # fmt: skip


def _mp_of_sympy(expr, env, memo):
    """Evaluate a SymPy expression in mpmath at the working precision (faster than lambdify for one point)."""
    if expr not in memo:
        args = [_mp_of_sympy(a, env, memo) for a in expr.args]
        if expr.is_Symbol:
            v = env[expr]
        elif expr.is_Number or expr.is_NumberSymbol:
            v = mpf(expr.p) / expr.q if expr.is_Rational else mpf(str(expr.evalf(mp.dps + 5)))
        elif expr.is_Add or expr.is_Mul:
            v = mp.fsum(args) if expr.is_Add else mp.fprod(args)
        elif expr.is_Pow:
            v = args[0] ** args[1]
        else:
            v = {sympy.exp: mp.exp, sympy.log: mp.log}[expr.func](*args)
        memo[expr] = v
    return memo[expr]


@dataclass(frozen=True)
class Case:
    tree: tuple
    point: tuple  # float64 inputs
    reference: tuple  # the gradient at the point, 30 digits
    fan_out: bool  # a variable or an intermediate node feeds more than one operation


def nodes(tree):
    """Each distinct node object of a tree once."""
    seen, stack = {}, [tree]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(c for c in node[1:] if isinstance(c, tuple))
    return list(seen.values())


def structure(tree):
    """The variables a tree reads; whether a variable or an intermediate node feeds two operations; whether an
    intermediate node does."""
    inputs = [c for n in nodes(tree) for c in n[1:] if isinstance(c, tuple) and c[0] != "const"]
    keys, inner = [c if c[0] == "var" else id(c) for c in inputs], [id(c) for c in inputs if c[0] != "var"]
    return {n[1] for n in nodes(tree) if n[0] == "var"}, len(keys) > len(set(keys)), len(inner) > len(set(inner))


def _sympy_case(tree, point):
    """Reference: SymPy's diff, evaluated in mpmath at 30 digits; the expression itself is cross-checked."""
    syms, values = sympy.symbols(f"x0:{N_VARS}"), {}
    with mp.workdps(30):
        env = dict(zip(syms, (mpf(x) for x in point), strict=True))
        value = mp_value(tree, list(env.values()), values)
        leaf, memo = (lambda n: syms[n[1]] if n[0] == "var" else sympy.Rational(n[1])), {}
        expr = fold(tree, leaf, _sympy_ops(values), {})
        assert abs(_mp_of_sympy(expr, env, memo) - value) <= mpf(10) ** -25 * max(1, abs(value))
        reference = tuple(_mp_of_sympy(sympy.diff(expr, s), env, memo) for s in syms)
    return Case(tree, point, reference, structure(tree)[1])


def _numeric_case(tree, point):
    """Reference: mpmath's numerical differentiation at 50 digits (for chains too deep for SymPy's diff)."""
    with mp.workdps(50):
        base = [mpf(x) for x in point]
        along = lambda i: lambda t: mp_value(tree, base[:i] + [t] + base[i + 1 :])  # noqa: E731
        reference = tuple(mp.diff(along(i), base[i]) for i in range(N_VARS))
    return Case(tree, point, reference, structure(tree)[1])


def build_cases(seed=SEED, n_random=200, n_deep=20, n_very_deep=20):
    """Random expressions (depth <= 4) and 8-12 deep chains against SymPy; 30-40 deep chains against mpmath."""
    rng, cases = random.Random(seed), {"random": [], "deep": [], "very_deep": []}
    random_point = lambda: tuple(rng.choice([-1, 1]) * rng.uniform(0.2, 2.0) for _ in range(N_VARS))  # noqa: E731
    while len(cases["random"]) < n_random:
        point, tree = random_point(), _random_tree(rng, rng.randint(2, 4), [])
        if len(structure(tree)[0]) < N_VARS:
            continue  # every partial derivative should have something to check
        try:
            with mp.workdps(30):
                mp_value(tree, [mpf(x) for x in point])
        except _Rejected:
            continue
        cases["random"].append(_sympy_case(tree, point))
    for kind, count, lengths in (("deep", n_deep, (8, 12)), ("very_deep", n_very_deep, (30, 40))):
        for _ in range(count):
            point = random_point()
            with mp.workdps(30):
                tree = _deep_chain(rng, [mpf(x) for x in point], rng.randint(*lengths))
            cases[kind].append((_sympy_case if kind == "deep" else _numeric_case)(tree, point))
    return cases


@pytest.fixture(scope="module")
def cases():
    return build_cases()


# --- the checks: each returns its failures, so a planted defect can be shown to produce some ------------


def reverse_of(case):
    leaves = [Value(x) for x in case.point]
    evaluate(case.tree, leaves).backward()
    return [leaf.grad for leaf in leaves]


def forward_of(case):
    return forward_gradient(lambda xs: evaluate(case.tree, xs), list(case.point))


def gradient_failures(cases, gradient_of, rtol=RTOL):
    """Every (case, variable) where gradient_of(case) misses the reference by more than rtol * max(|ref|, floor)."""
    failures = []
    for index, case in enumerate(cases):
        try:
            got = gradient_of(case)
        except (ArithmeticError, ValueError) as error:
            failures.append((index, None, repr(error), None))
            continue
        with mp.workdps(30):
            for var, (g, ref) in enumerate(zip(got, case.reference, strict=True)):
                if not abs(mpf(g) - ref) <= rtol * max(abs(ref), SCALE_FLOOR):
                    failures.append((index, var, g, float(ref)))
    return failures


def _all(cases):
    return cases["random"] + cases["deep"] + cases["very_deep"]


def test_the_cases_cover_what_they_claim(cases):
    assert len(cases["random"]) >= 200 and len(cases["deep"]) >= 20  # SymPy references
    assert {n[0] for c in cases["random"] for n in nodes(c.tree)} >= set(UNARY) | set(BINARY) | {"pow"}
    assert sum(c.fan_out for c in cases["random"]) >= 50
    assert sum(structure(c.tree)[2] for c in cases["random"]) >= 10  # an intermediate node used twice
    assert min(len(nodes(c.tree)) for c in cases["very_deep"]) >= 30
    nonzero = sum(abs(r) > SCALE_FLOOR for c in _all(cases) for r in c.reference)
    assert nonzero >= 0.8 * N_VARS * len(_all(cases))


def test_reverse_mode_matches_sympy_and_mpmath(cases):
    assert gradient_failures(_all(cases), reverse_of) == []


def test_forward_mode_matches_sympy_and_mpmath(cases):
    assert gradient_failures(_all(cases), forward_of) == []


def test_forward_and_reverse_mode_agree(cases):
    for case in _all(cases):
        for f, r in zip(forward_of(case), reverse_of(case), strict=True):
            assert f == pytest.approx(r, rel=1e-12, abs=1e-15)


def test_fan_out_cases_are_summed(cases):
    fanned = [c for c in _all(cases) if c.fan_out]
    assert len(fanned) >= 100 and gradient_failures(fanned, reverse_of) == []


# --- planted defects: each wrong rule must make the same check report failures --------------------------


def _mul_forgets_a_term(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data * other.data, (self, other), (other.data, 0.0), "mul")  # d(ab)/db = 0: wrong


def _add_drops_a_term(self, other):
    other = other if isinstance(other, Value) else Value(other)
    return Value(self.data + other.data, (self, other), (1.0, 0.0), "add")


def _backward_overwrites(self):
    """backward() with the classic bug: = instead of +=, so only the last consumer's share survives."""
    order = topological_order(self)
    for node in order:
        node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad = local * node.grad


WRONG_SLOPES = {
    "power_with_slope": lambda x, p: (x**p, p * x**p),  # p x**p instead of p x**(p-1)
    "exp_with_slope": lambda x: (math.exp(x), math.exp(x) / 2),
    "log_with_slope": lambda x: (math.log(x), -1 / x),
    "tanh_with_slope": lambda x: (math.tanh(x), 1 + math.tanh(x) ** 2),  # the sign slip
    "sigmoid_with_slope": lambda x: (1 / (1 + math.exp(-x)), (1 / (1 + math.exp(-x))) ** 2),
    "relu_with_slope": lambda x: (max(x, 0.0), 1.0),  # slope 1 on the flat side too
}


@pytest.mark.parametrize("rule", sorted(WRONG_SLOPES))
def test_a_wrong_local_derivative_is_caught(cases, monkeypatch, rule):
    monkeypatch.setattr(autograd, rule, WRONG_SLOPES[rule])
    assert gradient_failures(cases["random"], reverse_of)
    monkeypatch.undo()
    monkeypatch.setattr(dual, rule, WRONG_SLOPES[rule])  # dual.py holds its own reference to each rule
    assert gradient_failures(cases["random"], forward_of)


@pytest.mark.parametrize("wrong", [_mul_forgets_a_term, _add_drops_a_term], ids=["product", "sum"])
def test_a_wrong_binary_rule_is_caught(cases, monkeypatch, wrong):
    monkeypatch.setattr(Value, "__mul__" if wrong is _mul_forgets_a_term else "__add__", wrong)
    assert gradient_failures(cases["random"], reverse_of)


def test_a_wrong_dual_product_is_caught(cases, monkeypatch):
    monkeypatch.setattr(Dual, "__mul__", lambda a, b: Dual(a.value * dual._as_dual(b).value, a.derivative))
    assert gradient_failures(cases["random"], forward_of)


def test_overwriting_instead_of_accumulating_is_caught_by_the_fan_out_cases(cases, monkeypatch):
    fanned, single = [c for c in _all(cases) if c.fan_out], [c for c in _all(cases) if not c.fan_out]
    monkeypatch.setattr(Value, "backward", _backward_overwrites)
    assert len(gradient_failures(fanned, reverse_of)) >= 0.3 * len(fanned)
    assert gradient_failures(single, reverse_of) == []  # with one consumer per node, = and += agree


# --- the seed's worked example (003, "多项式求导"): d(x^2 + x^3 + 5)/dx at x = 2 --------------------------


def seed_example_failures():
    """Where the engine's and the dual numbers' derivative of x^2 + x^3 + 5 differ from 2x + 3x^2 (by hand)."""
    failures = []
    for x0 in (2.0, -3.0, 0.5, 10.0):
        x = Value(x0)
        (x**2 + x**3 + 5).backward()
        dual_slope = forward_gradient(lambda v: v[0] ** 2 + v[0] ** 3 + 5, [x0])[0]
        failures += [(x0, got) for got in (x.grad, dual_slope) if got != 2 * x0 + 3 * x0**2]
    return failures


def test_seed_example_is_16_at_2():
    x = Value(2.0)
    y = x**2 + x**3 + 5
    y.backward()
    assert (y.data, x.grad) == (17.0, 16.0) == (2.0**2 + 2.0**3 + 5, 2 * 2.0 + 3 * 2.0**2)
    assert seed_example_failures() == []


def test_seed_example_catches_a_wrong_power_rule(monkeypatch):
    monkeypatch.setattr(autograd, "power_with_slope", WRONG_SLOPES["power_with_slope"])
    assert (2.0, 32.0) in seed_example_failures()  # p x**p gives 2*4 + 3*8


# --- extremes: sigmoid, tanh and exp at +-1000 and on the way there, against mpmath at 60 digits ---------

EXTREMES = (-1000.0, -745.0, -740.0, -700.0, -100.0, -40.0, -20.0, -1e-8, 0.0, 1e-8, 20.0, 40.0, 100.0, 700.0, 1000.0)
_MP_REFERENCE = {  # (value, derivative)
    "sigmoid": (lambda x: 1 / (1 + mp.exp(-x)), lambda x: mp.exp(-x) / (1 + mp.exp(-x)) ** 2),
    "tanh": (mp.tanh, lambda x: 1 / mp.cosh(x) ** 2),
    "exp": (mp.exp, mp.exp),
}


def extreme_failures(op, mode="reverse"):
    """Inputs where op's value or derivative is not the float64 rounding of mpmath's (within 1e-15 relative
    plus a few subnormal steps), raises, or warns."""
    failures = []
    for x0 in EXTREMES:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                if mode == "reverse":
                    x = Value(x0)
                    out = getattr(x, op)()
                    out.backward()
                    got = (out.data, x.grad)
                else:
                    out = getattr(Dual(x0, 1.0), op)()
                    got = (out.value, out.derivative)
            except (ArithmeticError, ValueError, Warning) as error:
                failures.append((op, x0, repr(error)))
                continue
        with mp.workdps(60):
            want = tuple(float(f(mpf(x0))) for f in _MP_REFERENCE[op])
        if not all(g == w or abs(g - w) <= 1e-15 * abs(w) + 1e-322 for g, w in zip(got, want, strict=True)):
            failures.append((op, x0, got, want))
    return failures


@pytest.mark.parametrize("mode", ["reverse", "forward"])
@pytest.mark.parametrize("op", sorted(_MP_REFERENCE))
def test_extremes_are_finite_and_correct(op, mode):
    assert extreme_failures(op, mode) == []


def test_sigmoid_at_plus_minus_1000():
    for x0, value in ((1000.0, 1.0), (-1000.0, 0.0)):  # mpmath: 1 - 5e-435 and 5e-435, both round so
        x = Value(x0)
        out = x.sigmoid()
        out.backward()
        assert (out.data, x.grad) == (value, 0.0)  # the true slope 5.1e-435 is below the smallest subnormal


NAIVE = {
    "sigmoid_with_slope": lambda x: (1 / (1 + math.exp(-x)), 1 / (1 + math.exp(-x)) * (1 - 1 / (1 + math.exp(-x)))),
    "tanh_with_slope": lambda x: (math.tanh(x), 1 - math.tanh(x) ** 2),
    "exp_with_slope": lambda x: (math.exp(x), math.exp(x)),
}


@pytest.mark.parametrize("rule", sorted(NAIVE))
def test_the_naive_formulas_fail_the_extremes(monkeypatch, rule):
    monkeypatch.setattr(autograd, rule, NAIVE[rule])
    assert extreme_failures(rule.removesuffix("_with_slope"))  # overflow at -1000, or 1 - s cancelling to 0


# --- cost: forward mode needs one pass per input, reverse mode one backward pass per output ---------------


def _mlp(n_inputs, n_hidden, seed=7):
    """A one-hidden-layer tanh network as a scalar function of its inputs (weights are fixed plain floats)."""
    rng = random.Random(seed)
    w = [[rng.uniform(-1, 1) for _ in range(n_inputs)] for _ in range(n_hidden)]
    b, v = [rng.uniform(-1, 1) for _ in range(n_hidden)], [rng.uniform(-1, 1) for _ in range(n_hidden)]

    def f(xs, tanh=lambda u: u.tanh()):  # tanh=mp.tanh evaluates the same network in mpmath
        out = 0.25
        for j in range(n_hidden):
            pre = b[j]
            for i in range(n_inputs):
                pre = pre + w[j][i] * xs[i]
            out = out + v[j] * tanh(pre)
        return out

    return f


def _mp_partials(f, xs, **kw):
    """mpmath's numerical derivative of f along each input, at 40 digits (an independent reference)."""
    with mp.workdps(40):
        base = [mpf(x) for x in xs]
        return [float(mp.diff(lambda t, i=i: f(base[:i] + [t] + base[i + 1 :], **kw), base[i])) for i in range(len(xs))]


@pytest.mark.parametrize("n", [2, 6, 16])
def test_cost_forward_is_n_passes_reverse_is_one(monkeypatch, n):
    h, f, xs = 4, _mlp(n, 4), [0.1 * (i + 1) for i in range(n)]
    cost = gradient_costs(f, xs)
    # by hand: per hidden unit n products, n sums and a tanh, then one product and one sum into the output
    ops, edges = h * (2 * n + 3), h * (4 * n + 5)
    assert (cost.operations_per_evaluation, cost.edges, cost.n_inputs) == (ops, edges, n)
    assert (cost.forward_mode_passes, cost.forward_mode_operations) == (n, n * ops)
    assert (cost.reverse_mode_backward_passes, cost.reverse_mode_operations) == (1, ops + edges)
    # measured, not assumed: calls of f, calls of backward() and dual numbers created
    calls, backwards, duals = [], [], []
    backward, dual_init = Value.backward, Dual.__init__
    monkeypatch.setattr(Value, "backward", lambda self: backwards.append(1) or backward(self))
    monkeypatch.setattr(Dual, "__init__", lambda self, *a: duals.append(1) or dual_init(self, *a))
    forward = forward_gradient(lambda xs: calls.append(1) or f(xs), xs)
    assert len(calls) == n and len(duals) == n * count_operations(f([Value(x) for x in xs])).nodes
    reverse = reverse_gradient(lambda xs: calls.append(1) or f(xs), xs)
    assert len(calls) == n + 1 and len(backwards) == 1
    assert forward == pytest.approx(_mp_partials(f, xs, tanh=mp.tanh), rel=1e-12) == reverse


# --- the graph helpers, the derivation table, depth, conventions, bad input --------------------------------


def order_violations(order):
    """Nodes that come before one of their parents in order (a topological order has none)."""
    position = {id(node): k for k, node in enumerate(order)}
    return [node for node in order if any(position[id(p)] > position[id(node)] for p in node.parents)]


def test_topological_order_puts_parents_first(cases):
    for case in cases["random"][:50]:
        order = topological_order(evaluate(case.tree, [Value(x) for x in case.point]))
        assert order_violations(order) == [] and len({id(n) for n in order}) == len(order)
        assert order_violations(order[::-1]) or len(order) == 1  # the check can fail


def test_count_operations_by_hand():
    x, y = Value(3.0), Value(4.0)
    assert count_operations(x * x + x) == autograd.GraphSize(3, 1, 2, 4, {"add": 1, "mul": 1})
    # x - y is x + y * (-1): a constant leaf, one product, one sum
    assert count_operations(x - y) == autograd.GraphSize(5, 3, 2, 4, {"add": 1, "mul": 1})


def untabled_ops(root):
    """Operation names in root's graph that have no derivation in LOCAL_DERIVATIVES."""
    return {node.op for node in topological_order(root) if node.parents} - set(LOCAL_DERIVATIVES)


def test_every_primitive_has_its_derivation(cases):
    assert LOCAL_DERIVATIVES == {
        "add": "sum_rule", "mul": "product_rule", "pow": "power_rule", "exp": "exp_derivative",
        "log": "log_derivative", "tanh": "tanh_derivative", "sigmoid": "sigmoid_derivative",
        "relu": "relu_derivative",
    }  # fmt: skip
    seen = set()
    for case in cases["random"]:
        root = evaluate(case.tree, [Value(x) for x in case.point])
        assert untabled_ops(root) == set()
        seen |= set(count_operations(root).by_op)
    assert seen == set(LOCAL_DERIVATIVES)
    assert untabled_ops(Value(1.0, (Value(2.0),), (1.0,), "sub")) == {"sub"}  # an op without a derivation


def test_ten_thousand_operations_deep():
    def f(xs, tanh=lambda u: u.tanh()):  # y <- tanh(y + x) 5000 times: 10,000 operations, x feeds 5001
        y = xs[0]
        for _ in range(5000):
            y = tanh(y + xs[0])
        return y

    ref = _mp_partials(f, [0.3], tanh=mp.tanh)
    assert reverse_gradient(f, [0.3]) == pytest.approx(ref, rel=1e-12) == forward_gradient(f, [0.3])


def test_backward_twice_gives_the_same_gradients():
    x = Value(1.5)
    y = x * x.exp() + x
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first == pytest.approx(math.exp(1.5) * 2.5 + 1, rel=1e-15)


@pytest.mark.parametrize(
    ("x0", "p", "value", "slope"),
    [(0.0, 2, 0.0, 0.0), (0.0, 1, 0.0, 1.0), (0.0, 0.5, 0.0, math.inf), (5.0, 0, 1.0, 0.0), (-2.0, 3, -8.0, 12.0),
     (1e200, 2, math.inf, 2e200), (-1e200, 3, -math.inf, math.inf)],
)  # fmt: skip
def test_power_at_the_edges(x0, p, value, slope):  # by hand: p x**(p-1); overflow is inf as in IEEE
    x = Value(x0)
    out = x**p
    out.backward()
    assert (out.data, x.grad) == (value, slope)


def test_relu_convention_at_zero():  # PyTorch's: relu'(0) = 0
    assert reverse_gradient(lambda v: v[0].relu(), [0.0]) == [0.0] == forward_gradient(lambda v: v[0].relu(), [0.0])
    assert reverse_gradient(lambda v: v[0].relu(), [1e-300]) == [1.0]


def test_constant_and_identity_functions():
    assert reverse_gradient(lambda v: 3.0, [1.0, 2.0]) == [0.0, 0.0] == forward_gradient(lambda v: 3.0, [1.0, 2.0])
    assert reverse_gradient(lambda v: v[1], [1.0, 2.0]) == [0.0, 1.0] == forward_gradient(lambda v: v[1], [1.0, 2.0])


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: Value(-1.0).log(), ValueError), (lambda: Value(0.0).log(), ValueError),
        (lambda: Dual(-1.0).log(), ValueError), (lambda: Value(-8.0) ** 0.5, ValueError),
        (lambda: Value(0.0) ** -1, ValueError), (lambda: Value(1.0) / 0, ValueError),
        (lambda: 1 / Dual(0.0), ValueError), (lambda: Value("1"), TypeError), (lambda: Value(True), TypeError),
        (lambda: Value(1.0) + "a", TypeError), (lambda: Value(2.0) ** Value(2.0), TypeError),
        (lambda: Dual(2.0) ** Dual(2.0), TypeError), (lambda: Dual(None), TypeError),
        (lambda: forward_gradient(3, [1.0]), TypeError), (lambda: reverse_gradient(lambda v: v[0], []), ValueError),
        (lambda: forward_gradient(lambda v: v[0], "ab"), TypeError),
        (lambda: reverse_gradient(lambda v: "x", [1.0]), TypeError), (lambda: topological_order(1.0), TypeError),
        (lambda: Value(1.0, (Value(2.0),), ()), ValueError),
    ],
)  # fmt: skip
def test_bad_input_gets_a_one_line_error(call, error):
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value) and "\n" not in str(raised.value)
