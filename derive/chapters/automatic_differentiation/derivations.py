"""The local derivative of every primitive of the reverse-mode engine, and the source's small examples.

`derive.numerics.autograd.LOCAL_DERIVATIVES` names, for each primitive, the derivation that proves its
backward rule. Five of them live here (sum, product, power, exp, log); tanh, sigmoid and ReLU are proved in
the activations chapter and are not registered twice. The chapter's tests lambdify each final step and
compare it with the rule the engine actually applies.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import substitute
from derive.core.notation import product, sum_as_written
from derive.core.registry import Mutation, Step, derivation, fact

a, b = sp.symbols("a b", real=True)
x = sp.Symbol("x", real=True)
x_pos = sp.Symbol("x", positive=True)
p = sp.Symbol("p", real=True)
h = sp.Symbol("h", real=True)


def _d(expr, var):
    """A derivative kept as written (SymPy would evaluate d(b)/da to 0 before anyone sees it)."""
    return sp.Derivative(expr, var, evaluate=False)


# ---------------------------------------------------------------- the primitives' local derivatives
sum_rule = derivation(
    "sum_rule",
    title_en="Sum rule: each input of $a + b$ gets the upstream gradient unchanged",
    title_zh="加法法则：$a + b$ 的每个输入原样收到上游梯度",
    steps=[
        Step(
            sp.Matrix([_d(a + b, a), _d(a + b, b)]),
            "the two local derivatives of the node $a + b$",
            "节点 $a + b$ 的两个局部导数",
        ),
        Step(
            sp.Matrix([sum_as_written(_d(a, a), _d(b, a)), sum_as_written(_d(a, b), _d(b, b))]),
            "differentiation is linear: the derivative of a sum is the sum of the derivatives",
            "求导是线性运算：和的导数等于导数之和",
        ),
        Step(
            sp.Matrix([sum_as_written(1, 0), sum_as_written(0, 1)]),
            "a variable changes one for one with itself and not at all with the other input",
            "变量对自身的导数为 1，对另一个输入的导数为 0",
        ),
        Step(sp.Matrix([1, 1]), "add", "相加"),
    ],
    domain={a: (-3.0, 3.0), b: (-3.0, 3.0)},
    mutations=[Mutation("the second input gets nothing", lambda d: d.with_step(-1, sp.Matrix([1, 0])))],
)

product_rule = derivation(
    "product_rule",
    title_en="Product rule: each factor of $a b$ receives the other factor",
    title_zh="乘法法则：$a b$ 的每个因子收到另一个因子",
    steps=[
        Step(
            sp.Matrix([_d(a * b, a), _d(a * b, b)]),
            "the two local derivatives of the node $a b$",
            "节点 $a b$ 的两个局部导数",
        ),
        Step(
            sp.Matrix([product(b, _d(a, a)), product(a, _d(b, b))]),
            "with respect to one factor, the other factor is a constant that comes out of the derivative",
            "对一个因子求导时，另一个因子是常数，可以提到导数外面",
        ),
        Step(sp.Matrix([b, a]), "a variable's derivative with respect to itself is 1", "变量对自身的导数为 1"),
    ],
    domain={a: (-3.0, 3.0), b: (-3.0, 3.0)},
    mutations=[Mutation("each factor gets itself, not the other", lambda d: d.with_step(-1, sp.Matrix([a, b])))],
)

exp_derivative = derivation(
    "exp_derivative",
    title_en="The exponential is its own derivative",
    title_zh="指数函数的导数是它自己",
    steps=[
        Step(sp.Derivative(sp.exp(x), x), "the quantity we want", "待求的导数"),
        Step(sp.Limit((sp.exp(x + h) - sp.exp(x)) / h, h, 0), "definition of the derivative", "导数的定义"),
        Step(
            product(sp.exp(x), sp.Limit((sp.exp(h) - 1) / h, h, 0)),
            r"$e^{x + h}$ is $e^x e^h$, and $e^x$ does not depend on $h$",
            r"$e^{x + h}$ 就是 $e^x e^h$，而 $e^x$ 与 $h$ 无关",
        ),
        Step(
            sp.exp(x),
            r"the limit of $(e^h - 1)/h$ is 1 (the slope of $e^h$ at 0)",
            r"$(e^h - 1)/h$ 的极限为 1（即 $e^h$ 在 0 处的斜率）",
        ),
    ],
    domain={x: (-5.0, 5.0)},
    mutations=[substitute(sp.exp(x), sp.exp(x) * x, what="x e^x instead of e^x")],
)

log_derivative = derivation(
    "log_derivative",
    title_en=r"The derivative of $\log x$ is $1/x$",
    title_zh=r"$\log x$ 的导数是 $1/x$",
    steps=[
        Step(
            sp.Derivative(sp.log(x_pos), x_pos), r"the quantity we want, for $x$ positive", r"待求的导数（$x$ 为正数）"
        ),
        Step(
            1 / sp.exp(sp.log(x_pos), evaluate=False),
            r"$\log$ undoes $\exp$: differentiating $e^{\log x}$, which is $x$, gives "
            r"$e^{\log x} (\log x)'$ on one side and 1 on the other",
            r"$\log$ 是 $\exp$ 的反函数：对 $e^{\log x}$（它就是 $x$）求导，"
            r"一边是 $e^{\log x} (\log x)'$，另一边是 1",
        ),
        Step(1 / x_pos, r"$e^{\log x}$ is $x$", r"$e^{\log x}$ 就是 $x$"),
    ],
    domain={x_pos: (0.05, 20.0)},
    mutations=[substitute(1 / x_pos, 1 / x_pos**2, what="1/x² instead of 1/x")],
)

power_rule = derivation(
    "power_rule",
    title_en=r"Power rule for a constant exponent: the derivative of $x^p$ is $p x^{p - 1}$",
    title_zh=r"常数指数的幂法则：$x^p$ 的导数是 $p x^{p - 1}$",
    steps=[
        Step(
            sp.Derivative(x_pos**p, x_pos),
            r"the quantity we want, for $x$ positive and any real $p$",
            r"待求的导数（$x$ 为正数，$p$ 为任意实数）",
        ),
        Step(
            sp.Derivative(sp.exp(p * sp.log(x_pos), evaluate=False), x_pos),
            r"write $x^p$ as $e^{p \log x}$",
            r"把 $x^p$ 写成 $e^{p \log x}$",
        ),
        Step(
            product(sp.exp(p * sp.log(x_pos), evaluate=False), p / x_pos),
            "chain rule, with the exponential's and the logarithm's derivatives proved above",
            "链式法则，指数函数和对数函数的导数见上文",
        ),
        Step(
            p * x_pos ** (p - 1),
            r"$e^{p \log x}$ is $x^p$, and $x^p / x$ is $x^{p - 1}$",
            r"$e^{p \log x}$ 就是 $x^p$，而 $x^p / x$ 等于 $x^{p - 1}$",
        ),
    ],
    domain={x_pos: (0.1, 4.0), p: (-3.0, 3.0)},
    mutations=[substitute(p * x_pos ** (p - 1), p * x_pos**p, what="exponent not lowered")],
)

# The engine's pow node applies p x^(p−1) also for x < 0 when p is an integer: there x^p is a polynomial
# (or 1/polynomial), and the rule follows from the product rule applied |p| times. The chapter's test
# compares the engine with this final step at negative x and integer p as well.


# ---------------------------------------------------------------- §1 of the source: a polynomial
POLY = x**2 + x**3 + 5
POLY_POINT = 2

polynomial_derivative = derivation(
    "ad_polynomial_derivative",
    title_en=r"The source's polynomial: the derivative of $x^2 + x^3 + 5$",
    title_zh=r"原文的多项式：$x^2 + x^3 + 5$ 的导数",
    steps=[
        Step(sp.Derivative(POLY, x), "the source's function", "原文的函数"),
        Step(sum_as_written(_d(x**2, x), _d(x**3, x), _d(5, x)), "sum rule", "加法法则"),
        Step(sum_as_written(2 * x, 3 * x**2), "power rule; a constant does not change", "幂法则；常数的导数为 0"),
    ],
    domain={x: (-4.0, 4.0)},
    mutations=[substitute(3 * x**2, 3 * x, what="exponent of the cube's derivative not lowered")],
)

polynomial_at_two = fact(
    "ad_polynomial_at_two",
    sp.Subs(polynomial_derivative.final, x, POLY_POINT),
    sp.Integer(16),
    en=r"$2 \cdot 2 + 3 \cdot 4$",
    zh=r"$2 \cdot 2 + 3 \cdot 4$",
    mutations=[substitute(sp.Integer(16), sp.Integer(20), what="a wrong value, 20")],
)


# ---------------------------------------------------------------- §3 of the source: a two-link chain
x1, w1, b1, w2, b2, y1 = sp.symbols("x_1 w_1 b_1 w_2 b_2 y_1", real=True)
Y1 = x1 * w1 + b1
LINK_DOMAIN = {x1: (0.0, 1.0), w1: (0.0, 1.0), b1: (0.0, 1.0), w2: (0.0, 1.0), b2: (0.0, 1.0), y1: (0.0, 2.0)}

link_inner = fact(
    "ad_link_inner",
    sp.Derivative(Y1, w1),
    x1,
    en="product rule and sum rule: the bias does not depend on the weight",
    zh="乘法法则与加法法则：偏置与权重无关",
    domain={k: LINK_DOMAIN[k] for k in (x1, w1, b1)},
    mutations=[substitute(x1, w1, what="the weight instead of the input")],
)

link_outer = fact(
    "ad_link_outer",
    sp.Derivative(y1 * w2 + b2, y1),
    w2,
    en=r"the same rules, now with $y_1$ as the input of the second link",
    zh=r"同样的法则，此时 $y_1$ 是第二个环节的输入",
    domain={k: LINK_DOMAIN[k] for k in (y1, w2, b2)},
    mutations=[substitute(w2, y1, what="the input instead of the weight")],
)

chain_two_links = derivation(
    "ad_chain_two_links",
    title_en=r"The chain rule on the source's two links: $\partial y_2/\partial w_1$ is a product of the link "
    r"derivatives",
    title_zh=r"原文两个环节上的链式法则：$\partial y_2/\partial w_1$ 等于各环节导数之积",
    steps=[
        Step(
            sp.Derivative((x1 * w1 + b1) * w2 + b2, w1),
            r"$y_2$ as a function of $w_1$, through $y_1$",
            r"经过 $y_1$，把 $y_2$ 写成 $w_1$ 的函数",
        ),
        Step(
            product(w2, x1),
            r"chain rule: the outer link's derivative [[relation:ad_link_outer]] times the inner link's "
            r"[[relation:ad_link_inner]]",
            r"链式法则：外层环节的导数 [[relation:ad_link_outer]] 乘以内层环节的导数 [[relation:ad_link_inner]]",
        ),
    ],
    domain={k: LINK_DOMAIN[k] for k in (x1, w1, b1, w2, b2)},
    mutations=[
        substitute(x1, w1, what="the weight instead of the input"),
        substitute(w2, 1, what="the outer link's factor dropped"),
    ],
)


# ---------------------------------------------------------------- §2: the MSE of TensorFlow and PyTorch
e11, e12, e21, e22, e31, e32 = ERRORS = sp.symbols("e_11 e_12 e_21 e_22 e_31 e_32", real=True)
ROWS = ((e11, e12), (e21, e22), (e31, e32))

mse_mean_of_row_means = fact(
    "ad_mse_mean_of_row_means",
    sp.Mul(
        sp.Rational(1, 3),
        sum_as_written(
            *(sp.Mul(sp.Rational(1, 2), sum_as_written(*(e**2 for e in row)), evaluate=False) for row in ROWS)
        ),
        evaluate=False,
    ),
    sp.Mul(sp.Rational(1, 6), sum_as_written(*(e**2 for e in ERRORS)), evaluate=False),
    en="every row has the same number of entries, so the mean of the row means is the mean of all entries",
    zh="每行的元素个数相同，所以各行均值的均值就是全部元素的均值",
    domain={e: (-1.0, 1.0) for e in ERRORS},
    mutations=[substitute(sp.Rational(1, 6), sp.Rational(1, 3), what="divided by the rows only")],
)
