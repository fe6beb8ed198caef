"""Newton's method in one variable: the root step from a Taylor expansion, square and cube roots, their
quadratic convergence, and the extremum step. Every step is proved; the hypotheses the page states
without proof (K > 0, f'(x_k) ≠ 0, ...) are declared here, next to the derivations that need them.

The root step x - f/f' is where the first-order Taylor model is zero; SymPy specialises it to x**2 - K
and x**3 - K (the page never types the result), and the error recurrence e_{k+1} = e_k**2/(2 x_k) shows
why the square root converges quadratically. The extremum step x - f'/f'' is where the second-order model
is flat. Several variables (the Hessian) are in derivations_hessian.py.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import flip_sign, substitute
from derive.core.notation import mul_as_written, product
from derive.core.registry import Step, derivation, fact, hypothesis


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
x_next = _Shown("x_next", "x_{k+1}")  # the next iterate, defined by each derivation ([[def:x_next]])
f_k = _Shown("f(x_k)", r"f\left(x_{k}\right)")
df_k = _Shown("f'(x_k)", r"f'\left(x_{k}\right)")
d2f_k = _Shown("f''(x_k)", r"f''\left(x_{k}\right)")

# ---------------------------------------------------------------- what the page assumes
slope_nonzero = hypothesis(
    "newton_slope_nonzero",
    sp.Ne(df_k, 0),
    kind="assumption",
    en="the tangent is not flat, so it crosses zero",
    zh="切线不水平，因此会与横轴相交",
)
curvature_nonzero = hypothesis(
    "newton_curvature_nonzero",
    sp.Ne(d2f_k, 0),
    kind="assumption",
    en="the second-order model is a parabola, not a line",
    zh="二阶模型是抛物线，而不是直线",
)
curvature_positive = hypothesis(
    "newton_curvature_positive",
    sp.Gt(d2f_k, 0),
    kind="assumption",
    en="the parabola opens upwards",
    zh="抛物线开口向上",
)
curvature_negative = hypothesis(
    "newton_curvature_negative",
    sp.Lt(d2f_k, 0),
    kind="assumption",
    en="the parabola opens downwards",
    zh="抛物线开口向下",
)

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
        Step(
            taylor_first_order,
            r"first-order Taylor expansion of $f(x_k + h)$: the tangent line at $x_k$",
            r"$f(x_k + h)$ 的一阶泰勒展开：$x_k$ 处的切线",
        ),
        Step(
            product(df_k, h + f_k / df_k),
            "factor out the slope, [[hypothesis:newton_slope_nonzero]]",
            "提出斜率，[[hypothesis:newton_slope_nonzero]]",
        ),
        Step(
            product(df_k, sp.Add(x_k, h, -x_next, evaluate=False)),
            "the Newton point [[def:x_next]]",
            "代入牛顿迭代点 [[def:x_next]]",
        ),
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
K_any = sp.Symbol("K", real=True)  # K in statements about every real input (K < 0, odd cube root)
f = sp.Function("f")

k_positive = hypothesis(
    "newton_k_positive",
    sp.Gt(K, 0, evaluate=False),
    kind="assumption",
    en="the number whose root we take is positive",
    zh="被开方的数为正",
)
k_negative = hypothesis(
    "newton_k_negative",
    sp.Lt(K_any, 0),
    kind="assumption",
    en="a negative input",
    zh="负数输入",
)
cbrt_odd = hypothesis(
    "newton_cbrt_odd",
    sp.Eq(sp.root(-K_any, 3), -sp.root(K_any, 3), evaluate=False),
    kind="definition",
    en="the real cube root of a negative number",
    zh="负数的实立方根",
)


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
    hypothesis(
        f"{name}_function",
        sp.Eq(f(x), f_of_x),
        kind="definition",
        en=f"the function whose positive root is the {'square' if n == 2 else 'cube'} root of K",
        zh=f"它的正根就是 K 的{'平方根' if n == 2 else '立方根'}",
    )
    raw, simplified = _newton_update(f_of_x)
    root_tex = r"\sqrt{K}" if n == 2 else rf"\sqrt[{n}]{{K}}"
    return derivation(
        name,
        title_en=title_en,
        title_zh=title_zh,
        steps=[
            Step(x - f(x) / sp.Derivative(f(x), x), "the Newton step", "牛顿迭代的一步"),
            Step(raw, f"[[def:f]], whose positive root is ${root_tex}$", f"[[def:f]]，它的正根是 ${root_tex}$"),
            Step(simplified, "simplified by SymPy", "由 SymPy 化简"),
            Step(_heron_form(simplified, n), "split the fraction", "把分式拆开"),
        ],
        domain={x: (0.05, 5.0), K: (0.05, 10.0)},
        definitions={f: sp.Lambda(x, f_of_x)},
        mutations=mutations,
    )


newton_sqrt_step = _root_step_derivation(
    "newton_sqrt_step",
    2,
    "Newton's step for the square root of K",
    "求 K 的平方根的牛顿迭代",
    [
        substitute(K, -K, what="K subtracted instead of added"),
        substitute(sp.Rational(1, 2), sp.Rational(1, 3), what="averaged over 3 instead of 2"),
    ],
)

newton_cbrt_step = _root_step_derivation(
    "newton_cbrt_step",
    3,
    "Newton's step for the cube root of K",
    "求 K 的立方根的牛顿迭代",
    [substitute(x**-2, x**-1, what="K/x instead of K/x²"), substitute(2 * x, x, what="x instead of 2x")],
)

# ---------------------------------------------------------------- the exponent split off (robust code, idea 1)
m = sp.Symbol("m", positive=True)  # the mantissa part of K, in [0.5, 2)
q = sp.Symbol("q", integer=True)  # half the binary exponent
mantissa_split = hypothesis(
    "newton_mantissa_split",
    sp.Eq(K, mul_as_written(m, 2 ** (2 * q)), evaluate=False),
    kind="definition",
    en="K split into a mantissa m near 1 and an even power of two",
    zh="把 K 拆成接近 1 的尾数 m 与 2 的偶数次幂",
)
sqrt_scaling = fact(
    "newton_sqrt_scaling",
    sp.sqrt(K),
    mul_as_written(sp.sqrt(m), 2**q),
    en="[[hypothesis:newton_mantissa_split]], and the square root of a power of two halves its exponent",
    zh="[[hypothesis:newton_mantissa_split]]，而 2 的幂开平方时指数减半",
    domain={m: (0.5, 2.0), q: [-40, -3, -1, 0, 1, 2, 7, 40]},
    definitions={K: mantissa_split.relation.rhs},
    mutations=[substitute(2**q, 2 ** (2 * q), what="the exponent not halved")],
)

# ---------------------------------------------------------------- quadratic convergence of the square root
x_k_pos = sp.Symbol("x_k", positive=True)
e_k = sp.Symbol("e_k", real=True)  # the error of x_k
heron = newton_sqrt_step.final.xreplace({x: x_k_pos})
iterate_positive = hypothesis(
    "newton_iterate_positive",
    sp.Gt(x_k_pos, 0, evaluate=False),
    kind="assumption",
    en="the iterate is positive",
    zh="迭代值为正",
)

newton_sqrt_error = derivation(
    "newton_sqrt_error",
    title_en="The square root's error is squared at every step",
    title_zh="平方根迭代的误差每一步都被平方",
    steps=[
        Step(
            sp.Add(heron, -sp.sqrt(K), evaluate=False),
            "the error of the next iterate: [[def:e_k]], one index on",
            "下一个迭代值的误差：[[def:e_k]]，下标加一",
        ),
        Step(
            sp.Add(x_k_pos**2, -2 * sp.sqrt(K) * x_k_pos, K, evaluate=False) / (2 * x_k_pos),
            r"common denominator $2x_k$",
            r"通分，公分母为 $2x_k$",
        ),
        Step((x_k_pos - sp.sqrt(K)) ** 2 / (2 * x_k_pos), "the numerator is a perfect square", "分子是完全平方"),
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
taylor_second_order = sp.Add(
    f_k, sp.Mul(df_k, h, evaluate=False), sp.Mul(d2f_k, h**2, evaluate=False) / 2, evaluate=False
)
NEWTON_EXTREMUM_POINT = x_k + sp.solve(sp.diff(taylor_second_order, h), h)[0]

newton_extremum_step = derivation(
    "newton_extremum_step",
    title_en="The second-order model is flat at the Newton point",
    title_zh="二阶模型在牛顿迭代点处斜率为零",
    steps=[
        Step(
            sp.Derivative(taylor_second_order, h),
            r"the slope of the second-order Taylor expansion of $f(x_k + h)$",
            r"$f(x_k + h)$ 的二阶泰勒展开对 $h$ 的导数",
        ),
        Step(sp.Add(df_k, sp.Mul(d2f_k, h, evaluate=False), evaluate=False), "differentiate the model", "对模型求导"),
        Step(
            product(d2f_k, sp.Add(x_k, h, -x_next, evaluate=False)),
            "factor out the curvature, [[hypothesis:newton_curvature_nonzero]]",
            "提出曲率，[[hypothesis:newton_curvature_nonzero]]",
        ),
    ],
    domain={f_k: (-4.0, 4.0), df_k: (-4.0, 4.0), d2f_k: (0.25, 4.0), x_k: (-3.0, 3.0), h: (-3.0, 3.0)},
    definitions={x_next: NEWTON_EXTREMUM_POINT},
    mutations=[
        flip_sign(),
        substitute(d2f_k, 1, what="the curvature factor dropped"),
        substitute(sp.Rational(1, 2), 1, step=0, what="the 1/2 of the Taylor term dropped"),
    ],
)
