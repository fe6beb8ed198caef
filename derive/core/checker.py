"""The checker: proves every link of a derivation, then checks gradients against finite differences.

For each consecutive pair of steps:
  1. a symbolic proof (the difference simplifies to 0, or for "<=" to something SymPy knows is >= 0);
  2. a numeric spot-check at random points of the declared domain, at 30 significant digits.
A step marked numeric_only skips (1) and says so. When the first step is a derivative (or a vector of
derivatives), the last step is also compared with SymPy's own diff and with central finite differences
of the lambdified function in float64.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from derive.core.registry import Derivation

SPOT_POINTS = 8  # per symbolically proved step: a second opinion that refutes a false step cheaply
NUMERIC_ONLY_POINTS = 64  # a step with no proof rests on these alone: many more, fresh every run
SPOT_DIGITS = 50
# Equal expressions evaluated at 50 digits agree to ~1e-45; a step off by 1e-25 is refuted.
SPOT_TOLERANCE = sp.Float("1e-35", SPOT_DIGITS)
FD_TOLERANCE = 1e-6  # relative; central differences in float64 are good to ~1e-10 here
FD_TOLERANCE_HIGHER = 1e-4  # second and mixed derivatives by nested central differences


@dataclass
class StepResult:
    index: int  # the step proved equal to the one before it
    method: str  # "symbolic" or "numeric"
    ok: bool
    detail: str = ""


@dataclass
class CheckResult:
    name: str
    steps: list[StepResult] = field(default_factory=list)
    gradient: str = ""  # "" when the derivation makes no gradient claim
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.ok:
            kinds = {s.method for s in self.steps}
            how = "symbolically" if kinds == {"symbolic"} else "partly numerically"
            extra = ", gradient matches diff and finite differences" if self.gradient else ""
            return f"{self.name}: {len(self.steps)} steps proved {how}{extra}"
        return f"{self.name}: FAILED: " + "; ".join(self.errors)


def expand_definitions(expr, definitions: dict):
    """Replace display names (sigma, a, ...) by what they mean, then doit().

    Symbols are replaced structurally (xreplace), all at once, by their fully resolved meanings: with
    subs, a symbol inside a Derivative would be treated as a constant of differentiation (SymPy keeps
    it as a Subs), so d/dh of p with p = e^h/Z(h) would silently lose Z's dependence on h.
    Undefined functions (sigma) are replaced by their Lambda, which is safe inside a Derivative.
    """
    symbols = {k: v for k, v in definitions.items() if isinstance(k, sp.Symbol)}
    functions = {k: v for k, v in definitions.items() if not isinstance(k, sp.Symbol)}
    for _ in range(10):  # resolve meanings that use other display symbols (a = sigma(h), p = e^s / Z)
        resolved = {k: v.xreplace(symbols) for k, v in symbols.items()}
        if resolved == symbols:
            break
        symbols = resolved
    expr = expr.xreplace(symbols)
    for _ in range(10):
        new = expr
        for name, meaning in functions.items():
            new = new.subs(name, meaning)
        if new == expr:
            break
        expr = new
    return expr.doit()


def _entries(expr):
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def _simplifies_to_zero(diff) -> bool:
    for transform in (
        lambda e: e,
        sp.cancel,
        sp.simplify,
        lambda e: sp.simplify(e.rewrite(sp.exp)),
        lambda e: sp.simplify(sp.piecewise_fold(e)),
        lambda e: sp.simplify(e.rewrite(sp.Piecewise)),
    ):
        try:
            if transform(diff) == 0:
                return True
        except Exception:  # a transform SymPy cannot apply to this expression is simply not a proof
            continue
    return False


def _symbolic(prev, cur, relation: str) -> bool:
    for a, b in zip(_entries(prev), _entries(cur), strict=True):
        if relation == "=":
            if not _simplifies_to_zero(a - b):
                return False
        elif relation == "<=":  # prev <= cur: cur - prev must be provably non-negative
            gap = sp.simplify(b - a)
            if not (gap == 0 or gap.is_nonnegative or sp.factor(gap).is_nonnegative):
                return False
        else:  # fail closed: a relation the checker does not know is never proved
            return False
    return True


def sample_points(d: Derivation, count: int, seed=None):
    """Random points of the domain, drawn as short fractions (six decimals), so a counterexample prints exactly.

    seed None (the checker's default) draws fresh points every run, so no one can pick a wrong step
    that happens to hold at points known in advance; a seed makes a test reproducible.
    """
    rng = random.Random(os.urandom(16) if seed is None else f"{d.name}:{seed}")
    points = []
    for _ in range(count):
        point = {}
        for symbol, where in d.domain.items():
            if isinstance(where, tuple):  # an interval (low, high)
                lo, hi = where
                point[symbol] = sp.Rational(round(rng.uniform(lo, hi), 6)).limit_denominator(10**6)
            else:
                point[symbol] = sp.sympify(rng.choice(list(where)))
        points.append(point)
    return points


def _as_floats(point) -> dict:
    """The point with its fractions as Floats 20 digits finer than the check: an exact fraction raised to
    a symbolic power (x**p with both sampled) makes SymPy expand and factor integers of hundreds of
    thousands of digits, minutes to hours for one point; a Float is raised in mpmath at once. Integers
    and labels stay exact, so a kink at 0 or a label y in {0, 1} is evaluated exactly as written."""
    return {
        k: sp.Float(v, SPOT_DIGITS + 20) if isinstance(v, sp.Rational) and not v.is_Integer else v
        for k, v in point.items()
    }


def _evaluate(expr, point):
    values = []
    at = _as_floats(point)
    for e in _entries(expr):
        # a product kept as written (UnevaluatedExpr) would stay a product of two Floats: let it multiply
        v = e.subs(at).replace(sp.UnevaluatedExpr, lambda inner: inner).evalf(SPOT_DIGITS)
        if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
            raise ValueError(f"does not evaluate to a real number at {point}: {v}")
        values.append(v)
    return values


def _numeric(prev, cur, relation: str, points) -> str:
    """'' when every point agrees, else a description of the first disagreement."""
    if relation not in ("=", "<="):
        return f"unknown relation {relation!r}"
    for point in points:
        try:
            left, right = _evaluate(prev, point), _evaluate(cur, point)
        except Exception as exc:  # fail closed: whatever went wrong, the step is not confirmed
            return f"cannot be evaluated at {_fmt(point)}: {type(exc).__name__}: {exc}".rstrip(": ")
        for a, b in zip(left, right, strict=True):
            scale = 1 + abs(a) + abs(b)
            if relation == "=" and abs(a - b) > SPOT_TOLERANCE * scale:
                return f"differs at {_fmt(point)}: {sp.N(a, 12)} vs {sp.N(b, 12)}"
            if relation == "<=" and a - b > SPOT_TOLERANCE * scale:
                return f"bound violated at {_fmt(point)}: {sp.N(a, 12)} > {sp.N(b, 12)}"
    return ""


def _fmt(point) -> str:
    def show(v):
        return str(sp.N(v, 8)) if getattr(v, "is_number", False) else str(v)  # booleans have no value

    return "{" + ", ".join(f"{k}={show(v)}" for k, v in point.items()) + "}"


def _derivatives(expr):
    """The Derivative objects a first step claims, or None when it is not a gradient claim."""
    entries = _entries(expr)
    if all(isinstance(e, sp.Derivative) for e in entries):
        return entries
    return None


def _central(f, x: dict, variables: list, h_scale: float) -> float:
    """Nested central differences: d/dv1 d/dv2 ... f at x (one variable per entry, repeats allowed)."""
    if not variables:
        return f(*x.values())
    var, rest = variables[0], variables[1:]
    h = h_scale * max(1.0, abs(x[var]))
    up, down = dict(x), dict(x)
    up[var] += h
    down[var] -= h
    return (_central(f, up, rest, h_scale) - _central(f, down, rest, h_scale)) / (2 * h)


def derivs_claimed(d: Derivation):
    return _derivatives(d.steps[0].expr)


def _finite_difference_check(d: Derivation, derivs, final, points) -> str:
    finals = _entries(expand_definitions(final, d.definitions))
    symbols = sorted(d.domain, key=str)
    for deriv, claimed in zip(derivs, finals, strict=True):
        variables = [v for v, n in deriv.variable_count for _ in range(int(n))]
        if any(v not in d.domain for v in variables):
            return f"d/d{variables}: a variable of differentiation has no declared domain to sample"
        first_order = len(variables) == 1
        f = sp.lambdify(symbols, expand_definitions(deriv.expr, d.definitions), "numpy")
        g = sp.lambdify(symbols, claimed, "numpy")
        for point in points:
            x = {s: float(point[s]) for s in symbols}
            with np.errstate(all="ignore"):
                fd = float(_central(f, x, variables, 1e-5 if first_order else 1e-3))
                exact = float(g(*x.values()))
            tolerance = FD_TOLERANCE if first_order else FD_TOLERANCE_HIGHER
            if not abs(fd - exact) <= tolerance * max(1.0, abs(exact)):
                names = "".join(f"d/d{v}" for v in variables)
                return f"{names}: finite difference {fd:.10g} vs claimed {exact:.10g} at {_fmt(point)}"
    return ""


def check(d: Derivation, points: int = SPOT_POINTS, seed=None, first_failure: bool = False) -> CheckResult:
    """Check every link of d (or stop at the first broken one, when first_failure is set).

    The numeric spot-check runs first: it is cheap and refutes a false step at once, so the slow
    symbolic proof is only attempted for steps that hold numerically. Anything that goes wrong inside
    the checker is a failed check, never a pass and never a traceback.
    """
    try:
        return _check(d, points, seed, first_failure)
    except Exception as exc:  # fail closed, in one line
        result = CheckResult(d.name)
        result.errors.append(f"the checker could not check it: {type(exc).__name__}: {exc}".rstrip(": "))
        return result


def _check(d: Derivation, points: int, seed, first_failure: bool) -> CheckResult:
    result = CheckResult(d.name)
    spots = sample_points(d, points, seed)
    many = None  # drawn once, only if a step has no symbolic proof
    expanded = [expand_definitions(s.expr, d.definitions) for s in d.steps]
    for i in range(1, len(d.steps)):
        step = d.steps[i]
        prev, cur = expanded[i - 1], expanded[i]
        if isinstance(prev, sp.MatrixBase) != isinstance(cur, sp.MatrixBase) or (
            isinstance(prev, sp.MatrixBase) and prev.shape != cur.shape
        ):
            result.errors.append(f"step {i} ({step.en}): the two sides have different shapes")
            result.steps.append(StepResult(i, "symbolic", False, "shape"))
            continue
        method = "numeric" if step.numeric_only else "symbolic"
        if step.numeric_only and many is None:
            many = sample_points(d, NUMERIC_ONLY_POINTS, None if seed is None else seed + 1)
        problem = _numeric(prev, cur, step.relation, many if step.numeric_only else spots)
        if problem:
            result.errors.append(f"step {i} ({step.en}) is false: {problem}")
        elif not (step.numeric_only or _symbolic(prev, cur, step.relation)):
            problem = "no symbolic proof"
            result.errors.append(
                f"step {i} ({step.en}): SymPy cannot prove it, though it holds at "
                f"{len(spots)} points (mark it numeric_only if it is right)"
            )
        result.steps.append(StepResult(i, method, not problem, problem))
        if problem and first_failure:
            return result
    derivs = derivs_claimed(d)
    if derivs is not None and result.ok:
        direct = sp.Matrix([sp.diff(expand_definitions(e.expr, d.definitions), *e.variables) for e in derivs])
        final = sp.Matrix(_entries(expand_definitions(d.final, d.definitions)))
        if not _symbolic(direct, final, "="):
            result.errors.append("final step differs from SymPy's diff")
        problem = _finite_difference_check(d, derivs, d.final, spots)
        if problem:
            result.errors.append(problem)
        result.gradient = "" if result.errors else "diff+fd"
    return result


def check_key(d: Derivation) -> str:
    """What a derivation's check depends on: the checker, the module defining it (with what that imports)."""
    from derive.core.cache import digest, module_of_file

    return digest(d.name, modules=(__name__, module_of_file(d.source_file)))


def result_from_dict(r: dict) -> CheckResult:
    return CheckResult(r["name"], [StepResult(**s) for s in r["steps"]], r["gradient"], r["errors"])


def check_all(store=None, names=None, on_check=None) -> dict[str, CheckResult]:
    """Check every registered derivation (or those named), reusing stored results whose key still holds.

    store is a derive.core.cache.Store (None: no cache). on_check(name) is called for each derivation that
    is actually re-proved, so a caller can report how many were.
    """
    from dataclasses import asdict

    from derive.core.registry import all_derivations, get_derivation

    chosen = [get_derivation(n) for n in names] if names else all_derivations()
    results = {}
    for d in chosen:
        key = check_key(d) if store is not None else ""
        stored = store.get(d.name, key) if store is not None else None
        if stored is not None:
            results[d.name] = result_from_dict(stored)
            continue
        results[d.name] = check(d)
        if on_check:
            on_check(d.name)
        if store is not None:
            store.put(d.name, key, asdict(results[d.name]))
    return results
