"""Newton's method: the step from a Taylor expansion, square and cube roots, and extrema.

The chapter in four parts, in the order of the page:

1. Derivations (SymPy, every step proved). The root step x - f/f' is where the first-order Taylor
   model is zero; SymPy specialises it to x**2 - K and x**3 - K (the page never types the result),
   and the error recurrence e_{k+1} = e_k**2/(2 x_k) shows why the square root converges
   quadratically. The extremum step x - f'/f'' is where the second-order model is flat; in several
   variables H**-1 replaces 1/f''. For 10x**4 + y**4 and 5x**3 + y**3, SymPy builds the Hessian and
   reduces the step.
2. Square and cube roots done properly for every double (`newton_sqrt`, `newton_cbrt`).
3. The source's own root loops (start at 1, stop when |x**n - K| <= 1e-9), run with a cap, as a lesson.
4. Newton against gradient descent on the source's two examples, where the Newton step is the last
   line of the derivation, turned into NumPy code.

Square and cube roots, the ideas (part 2). Newton's method for x**n = K replaces x by the point where
the tangent of f(x) = x**n - K meets zero: x <- ((n - 1)*x + K/x**(n - 1)) / n.  For n = 2 that is
Heron's x <- (x + K/x)/2, for n = 3 it is x <- (2x + K/x**2)/3. Doing that well on floats takes three
ideas, each a few lines below:

1. Split off the exponent.  K = m * 2**(n*q) with m in [0.5, 2**(n-1)), so the root is
   root(m) * 2**q.  Multiplying by 2**q is exact, the iteration only ever sees numbers near 1
   (nothing can overflow or underflow, even for subnormal K or the largest double), and the
   exponent alone gives the scale 2**q of the answer.
2. Start above the root and stop when the iterates stop decreasing.  The start is the tangent
   line of the concave function m -> root(m) at m = 1, which lies above the curve (and
   within 6 % of the root for sqrt, 26 % for cbrt); from above,
   Newton's iterates on the convex x**n - m decrease towards the root.  Floats cannot decrease
   forever, so the loop ends by construction; a fixed budget makes that explicit.
3. Round correctly.  Rounding inside the iteration can leave the last iterate one ulp off.  A final
   check in exact integer arithmetic compares m with the n-th powers of the midpoints to the
   neighbouring doubles and moves to the neighbour if needed, so the result is the double nearest
   the true root (ties cannot occur: a midpoint between two doubles needs 54 significant bits
   and ends in a 1 bit, so its n-th power is never a double).
"""

from __future__ import annotations

import math
import numbers
import struct
from typing import NamedTuple

import mpmath
import numpy as np
import sympy as sp

from derive.numerics.floats import correct_digits, ulps_apart  # noqa: F401
from derive.numerics.roots import (  # noqa: F401  (the code the page shows)
    MAX_CBRT_ITERATIONS,
    MAX_SQRT_ITERATIONS,
    _root_iterates,
    cbrt_iterates,
    newton_cbrt,
    newton_sqrt,
    sqrt_iterates,
)
from derive.core.registry import Step, derivation, value
from derive.core.notation import latex, product
from derive.core.mutations import flip_sign, substitute

__all__ = [
    "MAX_CBRT_ITERATIONS",
    "MAX_SQRT_ITERATIONS",
    "NAIVE_FAILURE_WHY",
    "NaiveFailure",
    "NaiveResult",
    "SEED_MAX_ITERATIONS",
    "SEED_TOLERANCE",
    "cbrt_iterates",
    "digits_from_one",
    "digits_of_newton_sqrt",
    "gradient_descent_path",
    "naive_cbrt",
    "naive_failures",
    "naive_sqrt",
    "newton_cbrt",
    "newton_path",
    "newton_sqrt",
    "sqrt_iterates",
]


# ================================================================ 1. derivations

class _Shown(sp.Symbol):
    """A real symbol named as it reads in text (f'(x_k)) and printed as the LaTeX given for it.

    The values of f, f' and f'' at x_k are plain numbers as far as the algebra of one step is
    concerned, so the proofs hold for every f.
    """

    TEX: dict[str, str] = {}

    def __new__(cls, name: str, tex: str):
        cls.TEX[name] = tex
        return super().__new__(cls, name, real=True)

    def _latex(self, printer):
        return self.TEX[self.name]


x_k = sp.Symbol("x_k", real=True)  # the current iterate
h = sp.Symbol("h", real=True)  # the step from x_k
x_next = sp.Symbol("x_{k+1}", real=True)  # the next iterate, defined by each derivation
f_k = _Shown("f(x_k)", r"f\left(x_{k}\right)")
df_k = _Shown("f'(x_k)", r"f'\left(x_{k}\right)")
d2f_k = _Shown("f''(x_k)", r"f''\left(x_{k}\right)")

# ---------------------------------------------------------------- the root step
# First-order Taylor model of f(x_k + h). The next iterate is x_k plus the step that makes it zero;
# SymPy solves for that step, so the definition below is not typed.
taylor_first_order = sp.Add(f_k, sp.Mul(df_k, h, evaluate=False), evaluate=False)  # in the order it is read
NEWTON_ROOT_POINT = x_k + sp.solve(taylor_first_order, h)[0]

newton_root_step = derivation(
    "newton_root_step",
    title_en="The tangent line is zero at the Newton point",
    title_zh="切线在牛顿迭代点处为零",
    steps=[
        Step(taylor_first_order, r"first-order Taylor expansion of $f(x_k + h)$: the tangent line at $x_k$",
             r"$f(x_k + h)$ 的一阶泰勒展开：$x_k$ 处的切线"),
        Step(product(df_k, h + f_k / df_k), r"factor out the slope $f'(x_k) \neq 0$",
             r"提出斜率 $f'(x_k) \neq 0$"),
        Step(product(df_k, sp.Add(x_k, h, -x_next, evaluate=False)),
             r"$h + \frac{f(x_k)}{f'(x_k)} = (x_k + h) - x_{k+1}$",
             r"$h + \frac{f(x_k)}{f'(x_k)} = (x_k + h) - x_{k+1}$"),
    ],
    domain={f_k: (-4.0, 4.0), df_k: (0.25, 4.0), x_k: (-3.0, 3.0), h: (-3.0, 3.0)},
    definitions={x_next: NEWTON_ROOT_POINT},
    mutations=[
        flip_sign(),
        substitute(df_k, 1, what="the slope factor dropped"),
        substitute(f_k / df_k, -f_k / df_k, step=1, what="the step taken uphill: x + f/f'"),
    ],
)

# ---------------------------------------------------------------- roots of K
x = sp.Symbol("x", positive=True)  # the current iterate of a root finder (roots of K > 0 are positive)
K = sp.Symbol("K", positive=True)
f = sp.Function("f")


def _newton_update(f_of_x):
    """x - f(x)/f'(x), as SymPy writes it (unsimplified) and simplified."""
    raw = x - f_of_x / sp.diff(f_of_x, x)
    return raw, sp.simplify(raw)


def _heron_form(simplified, n: int):
    """The simplified update as (1/n)(terms): n times it, expanded into powers of x, highest first."""
    terms = sp.Add.make_args(sp.expand(n * sp.apart(simplified, x)))
    terms = sorted(terms, key=lambda t: -t.as_powers_dict().get(x, 0))
    return product(sp.Rational(1, n), sp.Add(*terms, evaluate=False))


def _root_step_derivation(name, n, title_en, title_zh, mutations):
    f_of_x = x**n - K
    raw, simplified = _newton_update(f_of_x)
    f_tex = latex(f_of_x)
    root_tex = r"\sqrt{K}" if n == 2 else rf"\sqrt[{n}]{{K}}"
    return derivation(
        name,
        title_en=title_en,
        title_zh=title_zh,
        steps=[
            Step(x - f(x) / sp.Derivative(f(x), x), "the Newton step", "牛顿迭代的一步"),
            Step(raw, f"$f(x) = {f_tex}$, whose positive root is ${root_tex}$",
                 f"$f(x) = {f_tex}$，它的正根是 ${root_tex}$"),
            Step(simplified, "simplified by SymPy", "由 SymPy 化简"),
            Step(_heron_form(simplified, n), "split the fraction", "把分式拆开"),
        ],
        domain={x: (0.05, 5.0), K: (0.05, 10.0)},
        definitions={f: sp.Lambda(x, f_of_x)},
        mutations=mutations,
    )


newton_sqrt_step = _root_step_derivation(
    "newton_sqrt_step", 2,
    "Newton's step for the square root of K",
    "求 K 的平方根的牛顿迭代",
    [substitute(K, -K, what="K subtracted instead of added"),
     substitute(sp.Rational(1, 2), sp.Rational(1, 3), what="averaged over 3 instead of 2")],
)

newton_cbrt_step = _root_step_derivation(
    "newton_cbrt_step", 3,
    "Newton's step for the cube root of K",
    "求 K 的立方根的牛顿迭代",
    [substitute(x**-2, x**-1, what="K/x instead of K/x²"),
     substitute(2 * x, x, what="x instead of 2x")],
)

# ---------------------------------------------------------------- quadratic convergence of the square root
x_k_pos = sp.Symbol("x_k", positive=True)
e_k = sp.Symbol("e_k", real=True)  # the error of x_k
heron = newton_sqrt_step.final.xreplace({x: x_k_pos})

newton_sqrt_error = derivation(
    "newton_sqrt_error",
    title_en="The square root's error is squared at every step",
    title_zh="平方根迭代的误差每一步都被平方",
    steps=[
        Step(sp.Add(heron, -sp.sqrt(K), evaluate=False),
             r"the error of the next iterate, $e_{k+1} = x_{k+1} - \sqrt{K}$",
             r"下一个迭代值的误差 $e_{k+1} = x_{k+1} - \sqrt{K}$"),
        Step(sp.Add(x_k_pos**2, -2 * sp.sqrt(K) * x_k_pos, K, evaluate=False) / (2 * x_k_pos),
             r"common denominator $2x_k$", r"通分，公分母为 $2x_k$"),
        Step((x_k_pos - sp.sqrt(K))**2 / (2 * x_k_pos), "the numerator is a perfect square", "分子是完全平方"),
        Step(e_k**2 / (2 * x_k_pos), r"$e_k$ is the error of $x_k$", r"$e_k$ 是 $x_k$ 的误差"),
    ],
    domain={x_k_pos: (0.05, 5.0), K: (0.05, 10.0)},
    definitions={e_k: x_k_pos - sp.sqrt(K)},
    mutations=[
        substitute(e_k**2, e_k**3, what="error cubed instead of squared"),
        substitute(sp.Rational(1, 2), 1, what="the factor 1/2 dropped"),
    ],
)

# ---------------------------------------------------------------- the extremum step
# Second-order Taylor model of f(x_k + h); its slope is zero at the next iterate (SymPy solves).
taylor_second_order = sp.Add(f_k, sp.Mul(df_k, h, evaluate=False), sp.Mul(d2f_k, h**2, evaluate=False) / 2,
                             evaluate=False)
NEWTON_EXTREMUM_POINT = x_k + sp.solve(sp.diff(taylor_second_order, h), h)[0]

newton_extremum_step = derivation(
    "newton_extremum_step",
    title_en="The second-order model is flat at the Newton point",
    title_zh="二阶模型在牛顿迭代点处斜率为零",
    steps=[
        Step(sp.Derivative(taylor_second_order, h),
             r"the slope of the second-order Taylor expansion of $f(x_k + h)$",
             r"$f(x_k + h)$ 的二阶泰勒展开对 $h$ 的导数"),
        Step(sp.Add(df_k, sp.Mul(d2f_k, h, evaluate=False), evaluate=False), "differentiate the model", "对模型求导"),
        Step(product(d2f_k, sp.Add(x_k, h, -x_next, evaluate=False)), r"factor out the curvature $f''(x_k) \neq 0$",
             r"提出曲率 $f''(x_k) \neq 0$"),
    ],
    domain={f_k: (-4.0, 4.0), df_k: (-4.0, 4.0), d2f_k: (0.25, 4.0), x_k: (-3.0, 3.0), h: (-3.0, 3.0)},
    definitions={x_next: NEWTON_EXTREMUM_POINT},
    mutations=[
        flip_sign(),
        substitute(d2f_k, 1, what="the curvature factor dropped"),
        substitute(sp.Rational(1, 2), 1, step=0, what="the 1/2 of the Taylor term dropped"),
    ],
)

# ---------------------------------------------------------------- in several variables: the Hessian
# Two variables show the algebra; nothing in it depends on the dimension. The model's gradient is
# g + H h; it is zero at x_k - H^-1 g.
h1, h2 = sp.symbols("h_1 h_2", real=True)
g1, g2 = sp.symbols("g_1 g_2", real=True)  # the gradient ∇f(x_k)
H11, H12, H22 = sp.symbols("H_11 H_12 H_22", real=True)  # the (symmetric) Hessian at x_k
xk1, xk2 = sp.symbols("x_k1 x_k2", real=True)
GRAD = sp.ImmutableMatrix([g1, g2])
HESS = sp.ImmutableMatrix([[H11, H12], [H12, H22]])
STEP = sp.ImmutableMatrix([h1, h2])
POINT = sp.ImmutableMatrix([xk1, xk2])
model2 = sp.Function("m")  # the second-order Taylor model, a function of the step (h_1, h_2)
MODEL2 = sp.Lambda((h1, h2), f_k + (GRAD.T * STEP)[0] + (STEP.T * HESS * STEP)[0] / 2)
g_vec = sp.MatrixSymbol(r"\nabla f", 2, 1)
H_mat = sp.MatrixSymbol("H", 2, 2)
h_vec = sp.MatrixSymbol(r"\mathbf{h}", 2, 1)
xk_vec = sp.MatrixSymbol(r"\mathbf{x}_k", 2, 1)
xnext_vec = sp.MatrixSymbol(r"\mathbf{x}_{k+1}", 2, 1)
NEWTON_HESSIAN_POINT = POINT - HESS.inv() * GRAD
MODEL2_TEX = (r"m(\mathbf{h}) = f(\mathbf{x}_k) + \nabla f^{\mathsf T} \mathbf{h}"
              r" + \tfrac12 \mathbf{h}^{\mathsf T} H \mathbf{h}")


def _matrix_minus(a, *factors):
    """a - (product of factors), printed as written (see _MatrixDifference)."""
    return _MatrixDifference(a, sp.MatMul(-1, *factors, evaluate=False), evaluate=False)


class _MatrixDifference(sp.MatAdd):
    """a − b for matrices, printed as written.

    SymPy prints a − b by negating the term −b, which multiplies b out; a page needs the unmultiplied
    H⁻¹∇f. Proofs are unaffected: doit() evaluates it like any matrix sum.
    """

    def _latex(self, printer):
        a, negated = self.args
        factors = negated.args[1:]  # negated is MatMul(-1, *factors)

        def one(factor):
            if isinstance(factor, sp.Inverse):  # [..]^{-1} rather than ([..])^{-1}
                return printer._print(factor.arg) + "^{-1}"
            return printer._print(factor)

        return printer._print(a) + " - " + " ".join(one(f) for f in factors)


newton_hessian_step = derivation(
    "newton_hessian_step",
    title_en="In several variables the Hessian takes the place of f''",
    title_zh="多元情形下，海森矩阵取代 f''",
    steps=[
        Step(sp.ImmutableMatrix([sp.Derivative(model2(h1, h2), v) for v in (h1, h2)]),
             f"the gradient of the second-order Taylor model ${MODEL2_TEX}$", f"二阶泰勒模型 ${MODEL2_TEX}$ 的梯度"),
        Step(sp.MatAdd(g_vec, sp.MatMul(H_mat, h_vec)), r"differentiate; $H$ is symmetric",
             r"求导；$H$ 是对称矩阵"),
        Step(sp.MatMul(H_mat, sp.MatAdd(xk_vec, h_vec, -xnext_vec)),
             r"factor out $H$ (invertible), with $\mathbf{x}_{k+1} = \mathbf{x}_k - H^{-1} \nabla f$",
             r"提出 $H$（可逆），其中 $\mathbf{x}_{k+1} = \mathbf{x}_k - H^{-1} \nabla f$"),
    ],
    domain={f_k: (-2.0, 2.0), g1: (-3.0, 3.0), g2: (-3.0, 3.0), H11: (1.0, 3.0), H22: (1.0, 3.0),
            H12: (-0.5, 0.5), xk1: (-2.0, 2.0), xk2: (-2.0, 2.0), h1: (-2.0, 2.0), h2: (-2.0, 2.0)},
    definitions={model2: MODEL2, g_vec: GRAD, H_mat: HESS, h_vec: STEP, xk_vec: POINT,
                 xnext_vec: NEWTON_HESSIAN_POINT},
    mutations=[
        flip_sign(),
        substitute(xnext_vec, POINT + HESS.inv() * GRAD, what="the step taken uphill: x + H⁻¹∇f"),
        substitute(H_mat, sp.Identity(2), what="the Hessian dropped (a gradient step of size 1)"),
    ],
)

# ---------------------------------------------------------------- the source's two examples
px, py = sp.symbols("x y", real=True)  # the point (x, y) of the two-variable examples
QUARTIC = 10 * px**4 + py**4  # seed 000, §1.8.1
CUBIC = 5 * px**3 + py**3  # seed 000, §1.8.3: no minimum at all, a stationary point at the origin
EXAMPLE_POINT = sp.ImmutableMatrix([px, py])


def gradient(fxy):
    return sp.ImmutableMatrix([sp.diff(fxy, v) for v in (px, py)])


def hessian(fxy):
    return sp.ImmutableMatrix(sp.hessian(fxy, (px, py)))


def newton_update(fxy):
    """The point after one Newton step, (x, y) - H^-1 ∇f, simplified by SymPy."""
    return sp.ImmutableMatrix(sp.simplify(EXAMPLE_POINT - hessian(fxy).inv() * gradient(fxy)))


def _example_derivation(name, fxy, title_en, title_zh, mutations):
    H, g = hessian(fxy), gradient(fxy)
    inverse = sp.ImmutableMatrix(H.inv())
    return derivation(
        name,
        title_en=title_en,
        title_zh=title_zh,
        steps=[
            Step(_matrix_minus(EXAMPLE_POINT, sp.Inverse(H), g),
                 r"Newton's step $\mathbf{x} - H^{-1} \nabla f$, Hessian and gradient computed by SymPy",
                 r"牛顿迭代 $\mathbf{x} - H^{-1} \nabla f$，海森矩阵和梯度都由 SymPy 求出"),
            Step(_matrix_minus(EXAMPLE_POINT, inverse, g), "invert the diagonal Hessian", "对角海森矩阵求逆"),
            Step(_matrix_minus(EXAMPLE_POINT, sp.ImmutableMatrix(sp.simplify(inverse * g))),
                 "multiply", "相乘"),
            Step(newton_update(fxy), "subtract", "相减"),
        ],
        domain={px: (0.25, 4.0), py: (0.25, 4.0)},
        mutations=mutations,
    )


newton_step_quartic = _example_derivation(
    "newton_step_quartic", QUARTIC,
    "Newton's step on 10x⁴ + y⁴",
    "10x⁴ + y⁴ 上的牛顿迭代",
    [substitute(px**-2, px**-1, step=1, what="wrong exponent in the inverse Hessian"),
     flip_sign(step=2)],
)

newton_step_cubic = _example_derivation(
    "newton_step_cubic", CUBIC,
    "Newton's step on 5x³ + y³",
    "5x³ + y³ 上的牛顿迭代",
    [substitute(px**-1, px**-2, step=1, what="wrong exponent in the inverse Hessian"),
     flip_sign(step=2)],
)


# ================================================================ 2. square and cube roots for every double

# ================================================================ 3. the source's loops, as a lesson
#
# Seed 000 (§1.9) computes roots like this: start at 1 and apply the Newton step while the residual
# |x**n - K| is larger than 1e-9. The rule is ABSOLUTE (it ignores the size of K and of the spacing
# of doubles near K), the start ignores K, and nothing bounds the loop. `naive_sqrt` and `naive_cbrt`
# do exactly the same arithmetic, in the same order, so they return the same doubles; they add an
# iteration cap and notice when x comes back to a value it had before. The loop's whole state is x,
# so a repeated x without the stopping test met proves that the original loop never ends.

SEED_TOLERANCE = 1e-9
SEED_MAX_ITERATIONS = 10_000  # 1139 steps are the most a finite input needs below (cube root of 1e300)


class NaiveResult(NamedTuple):
    """What the source's loop does with one input."""

    value: float  # x when the loop ended, or when it was cut off (nan after a ZeroDivisionError)
    iterations: int  # Newton steps taken (attempted, for a ZeroDivisionError)
    stopped: bool  # the stopping test was met: the source's function returns `value`
    stuck: bool  # x repeated without the test being met: the source's function never returns
    error: str  # "ZeroDivisionError" when the source's function raises, else ""


def _seed_loop(residual, step, K, max_iterations: int) -> NaiveResult:
    x = 1  # an int, as in the source; the first step makes it a float (ints convert exactly)
    seen = set()
    for i in range(max_iterations + 1):
        if not abs(residual(x, K)) > SEED_TOLERANCE:  # `not >`: a nan residual stops the loop, as in the source
            return NaiveResult(x, i, True, False, "")
        if x in seen:
            return NaiveResult(x, i, False, True, "")
        if i == max_iterations:
            return NaiveResult(x, i, False, False, "")
        seen.add(x)
        try:
            x = step(x, K)
        except ZeroDivisionError:
            return NaiveResult(math.nan, i + 1, False, False, "ZeroDivisionError")
    raise AssertionError("unreachable")


def naive_sqrt(K: float, max_iterations: int = SEED_MAX_ITERATIONS) -> NaiveResult:
    """The source's square root: x = 1; while |x*x - K| > 1e-9: x = (x + K/x)/2."""
    return _seed_loop(lambda x, K: x * x - K, lambda x, K: (x + K / x) / 2, K, max_iterations)


def naive_cbrt(K: float, max_iterations: int = SEED_MAX_ITERATIONS) -> NaiveResult:
    """The source's cube root: x = 1; while |x*x*x - K| > 1e-9: x = (2*x + K/(x*x))/3."""
    return _seed_loop(lambda x, K: x * x * x - K, lambda x, K: (2 * x + K / (x * x)) / 3, K, max_iterations)


class NaiveFailure(NamedTuple):
    """One row of `naive_failures`."""

    kind: str  # a key of NAIVE_FAILURE_WHY
    root: str  # "sqrt" or "cbrt"
    K: float
    value: float
    iterations: int
    stopped: bool
    stuck: bool
    error: str
    correct: float  # the correctly rounded real root (nan when there is none)
    relative_error: float


# Why each kind of failure happens (the page explains the same in both languages).
NAIVE_FAILURE_WHY = {
    "never stops": "near K = 4e6 (sqrt) or 2e6 (cbrt) the doubles around K are about 1e-9 apart, and "
    "|x*x - K| is a whole number of those spacings: the test passes only at one or two doubles, and "
    "rounding in the update can settle the iterates on a fixed point beside them; for larger K no "
    "double passes at all (K = 2e16); for K < 0 the residual is at least |K|",
    "wrong answer": "for K below about 1e-9 the test |x*x - K| <= 1e-9 holds as soon as x*x <= K + 1e-9, "
    "whatever the root is: the loop stops near sqrt(1e-9) (or cbrt(1e-9)); for K = nan the first "
    "test is false and the function returns its start, 1",
    "division by zero": "an iterate lands exactly on x = 0, where f'(x) = 0: K/x raises",
    "slow": "from x = 1 a huge K is approached by halving x (sqrt) or keeping 2/3 of it (cbrt) at "
    "every step, hundreds of steps before the quadratic convergence starts",
}

# Inputs found by running the loop (tests/test_newton_numerics.py checks that every row shows its
# kind). 4196720 and 2108258 are the smallest positive integers for which the loops never stop
# (tests/test_newton.py scans every integer below them).
NAIVE_CASES = (
    ("never stops", "sqrt", 4196720.0),
    ("never stops", "sqrt", 2e16),
    ("never stops", "cbrt", 2108258.0),
    ("never stops", "sqrt", -2.0),
    ("wrong answer", "sqrt", 0.0),
    ("wrong answer", "sqrt", 1e-12),
    ("wrong answer", "cbrt", 1e-12),
    ("wrong answer", "sqrt", math.nan),
    ("division by zero", "sqrt", -1.0),
    ("division by zero", "cbrt", -2.0),
    ("slow", "sqrt", 1e308),
    ("slow", "cbrt", 1e300),
)


def _relative_error(value: float, correct: float) -> float:
    if value == correct or (math.isnan(value) and math.isnan(correct)):
        return 0.0
    if correct == 0 or math.isnan(value) or math.isnan(correct):
        return math.inf  # a number where there is none, or the other way round: no digit is right
    return abs(value - correct) / abs(correct)


def correct_root(root: str, K: float) -> float:
    """The correctly rounded real root: math.sqrt (nan for K < 0, no real root) or newton_cbrt."""
    if root == "sqrt":
        return math.sqrt(K) if not K < 0 else math.nan
    return newton_cbrt(K)


def naive_failures(max_iterations: int = SEED_MAX_ITERATIONS) -> list[NaiveFailure]:
    """Run the source's loops on inputs that show each way the absolute stopping rule fails."""
    rows = []
    for kind, root, K in NAIVE_CASES:
        result = (naive_sqrt if root == "sqrt" else naive_cbrt)(K, max_iterations)
        correct = correct_root(root, K)
        rows.append(NaiveFailure(kind, root, K, *result, correct, _relative_error(result.value, correct)))
    return rows


DIGITS_K = (2.0, 5e6, 5e-7)  # the inputs of the correct-digits figure: none has an exact root


def digits_from_one(K: float, steps: int, dps: int = 80) -> list[float]:
    """Correct digits of x_0 = 1 (the source's start) and the next `steps` Newton iterates for sqrt(K),
    in exact (mpmath, dps digits) arithmetic: what the iteration does when rounding plays no part."""
    with mpmath.workdps(dps):
        K_ = mpmath.mpf(K)
        exact, xv = mpmath.sqrt(K_), mpmath.mpf(1)
        digits = []
        for _ in range(steps + 1):
            error = abs(xv / exact - 1)
            digits.append(float(-mpmath.log10(error)) if error else math.inf)
            xv = (xv + K_ / xv) / 2
    return digits


def digits_of_newton_sqrt(K: float) -> list[float]:
    """Correct digits of each iterate of newton_sqrt(K), in double precision, starting point first."""
    with mpmath.workdps(60):
        exact = mpmath.sqrt(mpmath.mpf(K))
    return [correct_digits(v, exact) for v in sqrt_iterates(K)]


# ================================================================ 4. Newton against gradient descent
# Seed 000, §1.8.1 and §1.8.3, with the source's starts, learning rates and numbers of steps. The
# Newton update is the last line of the derivation, and the gradient SymPy's, turned into NumPy code.

QUARTIC_START = (20.0, 30.0)
QUARTIC_LEARNING_RATE = 1e-4
QUARTIC_STEPS = 20  # for both methods
CUBIC_START = (40.0, 50.0)
CUBIC_LEARNING_RATE = 0.0017
CUBIC_NEWTON_STEPS = 100
CUBIC_GD_STEPS = 50
EXAMPLES = {"quartic": (QUARTIC, newton_step_quartic), "cubic": (CUBIC, newton_step_cubic)}


def newton_path(example: str, start, steps: int) -> np.ndarray:
    """Newton's iterates from start on 'quartic' or 'cubic': a (steps + 1, 2) array."""
    update = sp.lambdify((px, py), list(EXAMPLES[example][1].final), "numpy")
    path = np.empty((steps + 1, 2))
    path[0] = start
    for k in range(steps):
        path[k + 1] = update(*path[k])
    return path


def gradient_descent_path(example: str, start, learning_rate: float, steps: int) -> np.ndarray:
    """Gradient descent from start, x <- x - learning_rate * ∇f(x): a (steps + 1, 2) array."""
    grad = sp.lambdify((px, py), list(gradient(EXAMPLES[example][0])), "numpy")
    path = np.empty((steps + 1, 2))
    path[0] = start
    for k in range(steps):
        path[k + 1] = path[k] - learning_rate * np.asarray(grad(*path[k]))
    return path


def example_value(example: str, point) -> float:
    return float(sp.lambdify((px, py), EXAMPLES[example][0], "math")(*point))


def quartic_paths():
    return (newton_path("quartic", QUARTIC_START, QUARTIC_STEPS),
            gradient_descent_path("quartic", QUARTIC_START, QUARTIC_LEARNING_RATE, QUARTIC_STEPS))


def cubic_paths():
    return (newton_path("cubic", CUBIC_START, CUBIC_NEWTON_STEPS),
            gradient_descent_path("cubic", CUBIC_START, CUBIC_LEARNING_RATE, CUBIC_GD_STEPS))


# A non-convex function of one variable with two minima (x = ±1) and a maximum (x = 0): Newton's
# method finds a minimum from a good start, and the maximum from a start where f'' < 0.
DOUBLE_WELL = px**4 / 4 - px**2 / 2
DOUBLE_WELL_STARTS = (2.0, 0.3)


def double_well_end(start: float, max_steps: int = 100) -> float:
    """Newton's extremum step x - f'/f'' on DOUBLE_WELL from start, until x stops changing."""
    step = sp.lambdify(px, sp.simplify(px - sp.diff(DOUBLE_WELL, px) / sp.diff(DOUBLE_WELL, px, 2)), "math")
    xv = start
    for _ in range(max_steps):
        new = step(xv)
        if new == xv:
            break
        xv = new
    return xv + 0.0  # -0.0 -> 0.0


# ================================================================ values quoted by the page

@value("newton_sqrt_max_iterations", fmt="{:d}")
def _sqrt_max_iterations() -> int:
    return MAX_SQRT_ITERATIONS


@value("newton_cbrt_max_iterations", fmt="{:d}")
def _cbrt_max_iterations() -> int:
    return MAX_CBRT_ITERATIONS


@value("newton_sqrt_digits_2", fmt="{:.1f}")
def sqrt_digits_of_two() -> tuple[float, ...]:
    """Correct digits of each iterate of newton_sqrt(2), starting point first."""
    return tuple(digits_of_newton_sqrt(2.0))


@value("newton_sqrt_iterations_2", fmt="{:d}")
def sqrt_iterations_of_two() -> int:
    return len(sqrt_iterates(2.0)) - 1


@value("newton_seed_start_iterations_5e6", fmt="{:d}")
def seed_start_iterations() -> int:
    """Exact-arithmetic Newton steps from x = 1 (the source's start) until sqrt(5e6) is good to 16 digits."""
    digits = digits_from_one(5e6, 100)
    return next(k for k, d in enumerate(digits) if d >= 16)


@value("newton_halving_steps_5e6", fmt="{:d}")
def halving_steps() -> int:
    """Steps from x = 1 before sqrt(5e6) has a single correct digit: the slow, halving phase."""
    return next(k for k, d in enumerate(digits_from_one(5e6, 100)) if d >= 1)


def _register_seed_printed():
    """The source's printed results for K = 2, 3, 4, reproduced, next to the correctly rounded roots."""
    for K_ in (2, 3, 4):
        for root, loop in (("sqrt", naive_sqrt), ("cbrt", naive_cbrt)):
            value(f"newton_seed_{root}_{K_}", fmt="{!r}")(lambda loop=loop, K_=K_: loop(K_).value)
            value(f"newton_correct_{root}_{K_}", fmt="{!r}")(lambda root=root, K_=K_: correct_root(root, float(K_)))
            value(f"newton_seed_{root}_{K_}_ulps", fmt="{:,d}")(
                lambda loop=loop, root=root, K_=K_: ulps_apart(loop(K_).value, correct_root(root, float(K_))))


_register_seed_printed()


def naive_case_id(root: str, K: float) -> str:
    """A name for a table row: sqrt_4196720, sqrt_2e16, sqrt_1e-12, sqrt_minus2, sqrt_nan, ..."""
    if math.isnan(K):
        return f"{root}_nan"
    size = abs(K)
    text = str(int(size)) if size == int(size) and size < 1e7 else f"{size:g}".replace("+", "")
    return f"{root}_{'minus' if K < 0 else ''}{text}"


def _register_naive_table():
    rows = {naive_case_id(r.root, r.K): r for r in naive_failures()}
    for case, row in rows.items():
        value(f"newton_naive_{case}_K", fmt="{}")(lambda row=row: _k_text(row.K))
        value(f"newton_naive_{case}_value", fmt="{}")(lambda row=row: _result_text(row))
        value(f"newton_naive_{case}_steps", fmt="{:,d}")(lambda row=row: row.iterations)
        value(f"newton_naive_{case}_correct", fmt="{}")(lambda row=row: _number_text(row.correct))


def _k_text(K: float) -> str:
    return "nan" if math.isnan(K) else f"{K:.10g}"


def _number_text(v: float) -> str:
    return repr(v)  # the shortest text that reads back as the same double: shows a one-ulp difference


def _result_text(row: NaiveFailure) -> str:
    return row.error or _number_text(row.value)


_register_naive_table()


def _square_residual(v: float, K_: float) -> float:
    return abs(v * v - K_)


@value("newton_naive_sqrt_4196720_residual", fmt="{:.2e}")
def stuck_residual() -> float:
    """|x*x - K| at the value where the square-root loop for K = 4196720 stays forever."""
    return _square_residual(naive_sqrt(4196720.0).value, 4196720.0)


@value("newton_naive_sqrt_4196720_residual_at_root", fmt="{:.2e}")
def stuck_residual_at_root() -> float:
    """|x*x - K| at the correctly rounded root, one double away: it passes the test."""
    return _square_residual(math.sqrt(4196720.0), 4196720.0)


@value("newton_naive_sqrt_4196720_ulps", fmt="{:d}")
def stuck_ulps() -> int:
    return ulps_apart(naive_sqrt(4196720.0).value, math.sqrt(4196720.0))


@value("newton_naive_sqrt_4196720_spacing", fmt="{:.2e}")
def stuck_spacing() -> float:
    """The distance between neighbouring doubles near K = 4196720: every residual is a multiple of it."""
    return math.ulp(4196720.0)


@value("newton_naive_sqrt_2e16_best_residual", fmt="{:g}")
def best_residual_2e16() -> float:
    """The smallest |x*x - K| over the doubles x within 8 ulps of sqrt(2e16): far above 1e-9."""
    K_ = 2e16
    near = [math.sqrt(K_)]
    for _ in range(8):
        near = [math.nextafter(near[0], 0.0), *near, math.nextafter(near[-1], math.inf)]
    return min(_square_residual(v, K_) for v in near)


@value("newton_iterations_robust_4196720", fmt="{:d}")
def robust_iterations_4196720() -> int:
    return len(sqrt_iterates(4196720.0)) - 1


@value("newton_iterations_robust_1e308", fmt="{:d}")
def robust_iterations_1e308() -> int:
    return len(sqrt_iterates(1e308)) - 1


@value("newton_quartic_newton_end", fmt="{:.4f}")
def quartic_newton_end():
    return tuple(quartic_paths()[0][-1])


@value("newton_quartic_gd_end", fmt="{:.2f}")
def quartic_gd_end():
    return tuple(quartic_paths()[1][-1])


@value("newton_quartic_gd_first", fmt="{:.1f}")
def quartic_gd_first():
    return tuple(quartic_paths()[1][1])


@value("newton_quartic_ratio", fmt="{}")
def quartic_ratio() -> str:
    """What one Newton step multiplies each coordinate by, read off the derivation's last line."""
    return str(sp.simplify(newton_step_quartic.final[0] / px))


@value("newton_quartic_gd_first_factor", fmt="{:.1f}")
def quartic_gd_first_factor() -> float:
    """What the first gradient step multiplies x by, 1 - 40·η·x² at the start: negative means overshoot."""
    start, first = quartic_paths()[1][:2]
    return float(first[0] / start[0])


@value("newton_cubic_ratio", fmt="{}")
def cubic_ratio() -> str:
    return str(sp.simplify(newton_step_cubic.final[0] / px))


@value("newton_cubic_newton_end", fmt="{:.1e}")
def cubic_newton_end():
    return tuple(cubic_paths()[0][-1])


@value("newton_cubic_gd_first", fmt="{:.2f}")
def cubic_gd_first():
    return tuple(cubic_paths()[1][1])


@value("newton_cubic_gd_end", fmt="{:.2f}")
def cubic_gd_end():
    return tuple(cubic_paths()[1][-1])


@value("newton_cubic_f_gd_end", fmt="{:,.0f}")
def cubic_f_gd_end() -> float:
    return example_value("cubic", cubic_paths()[1][-1])


@value("newton_quadratic_one_step", fmt="{:g}")
def quadratic_one_step():
    """One Newton step on 10x² + y² (a quadratic) from the quartic's start: it lands on the minimum."""
    update = newton_update(10 * px**2 + py**2).subs({px: QUARTIC_START[0], py: QUARTIC_START[1]})
    return tuple(float(v) for v in update)


@value("newton_double_well_end_from_2", fmt="{:g}")
def double_well_from_two() -> float:
    return double_well_end(DOUBLE_WELL_STARTS[0])


@value("newton_double_well_end_from_0_3", fmt="{:g}")
def double_well_from_small() -> float:
    return double_well_end(DOUBLE_WELL_STARTS[1])


@value("newton_double_well_curvature_from_2", fmt="{:g}")
def double_well_curvature_from_two() -> float:
    return float(sp.diff(DOUBLE_WELL, px, 2).subs(px, double_well_from_two()))


@value("newton_double_well_curvature_from_0_3", fmt="{:g}")
def double_well_curvature_from_small() -> float:
    return float(sp.diff(DOUBLE_WELL, px, 2).subs(px, double_well_from_small()))


@value("newton_hessian_terabytes", fmt="{:g}")
def hessian_terabytes() -> float:
    """Memory for the Hessian of a model with a million parameters, in float64: n² entries × 8 bytes."""
    n = 10**6
    return n * n * 8 / 1e12
