"""Momentum (the heavy ball), derived: the source's form and PyTorch's form are one iteration, the step
unrolled into a weighted sum of past gradients, the finite geometric sum behind the effective step
α/(1 − β), and, on one eigen-direction of a quadratic, the 2×2 recurrence whose eigenvalues decide
whether the iteration converges.

Conventions: α is the learning rate (PyTorch's lr), β the momentum coefficient, λ the curvature of one
eigen-direction (f = λx²/2 there, so the gradient is λx). On 10x² + y² the curvatures are 20 and 2.
"""

from __future__ import annotations

import functools

import sympy as sp

from derive.core.mutations import flip_sign, substitute
from derive.core.notation import mul_as_written as _mul
from derive.core.notation import product
from derive.core.notation import sum_as_written as _sum
from derive.core.registry import Step, derivation, fact

alpha = sp.Symbol("alpha", positive=True)  # the learning rate
# noninteger: β is never exactly 1, so SymPy's finite geometric sum needs no "β = 1" branch
beta = sp.Symbol("beta", positive=True, noninteger=True)
g = sp.Symbol("g", real=True)  # a gradient (constant, in the effective-step argument)
w, v, z = sp.symbols("w_k v_k z_k", real=True)  # weight, source velocity, PyTorch velocity before the step
gk = sp.Symbol("g_k", real=True)  # the gradient at w_k
v_next, z_next = sp.symbols("v_{k+1} z_{k+1}", real=True)
i = sp.Symbol("i", integer=True, nonnegative=True)
t = sp.Symbol("t", integer=True, positive=True)
T_MINUS_1 = _sum(t, -1)  # the upper limit, printed as t − 1

MOMENTUM_DOMAIN = {alpha: (0.001, 1.0), beta: (0.01, 0.99), w: (-5.0, 5.0), z: (-5.0, 5.0), gk: (-5.0, 5.0)}

# ---------------------------------------------------------------- 1. two forms, one iteration
# Source (seed 000 §1.10): v ← βv − αg, w ← w + v.  PyTorch: z ← βz + g, w ← w − αz.
# Both velocities start at zero, so v_k = −α z_k holds at k = 0; the two facts below carry it from k to k + 1.
SAME_VELOCITY = {v: _mul(-1, alpha, z)}

momentum_forms_agree = derivation(
    "opt_momentum_forms_agree",
    title_en="The momentum update of “Gradient Descent” and PyTorch's move the weight to the same place",
    title_zh="《Gradient Descent》中的动量更新与 PyTorch 的写法把权重移到同一个位置",
    steps=[
        Step(
            _sum(w, v_next),
            r"the post's form: the new velocity $v_{k+1}$ is added to the weight",
            r"博文中的写法：把新速度 $v_{k+1}$ 加到权重上",
        ),
        Step(
            _sum(w, product(beta, v), _mul(-1, alpha, gk)),
            r"its velocity update, $\beta v_k$ minus $\alpha g_k$",
            r"代入它的速度更新：$\beta v_k$ 减去 $\alpha g_k$",
        ),
        Step(
            _sum(w, product(beta, _mul(-1, alpha, z)), _mul(-1, alpha, gk)),
            r"the two velocities are proportional, [[def:v_k]] (true at the start, where both are zero)",
            r"两个速度成比例，[[def:v_k]]（起点处两者都是零，所以成立）",
        ),
        Step(w - product(alpha, _sum(product(beta, z), gk)), r"factor out $-\alpha$", r"提出 $-\alpha$"),
        Step(
            w - product(alpha, z_next),
            r"the bracket is PyTorch's new velocity $z_{k+1}$; its step is $-\alpha z_{k+1}$",
            r"括号里正是 PyTorch 的新速度 $z_{k+1}$；它的一步是 $-\alpha z_{k+1}$",
        ),
    ],
    domain=MOMENTUM_DOMAIN,
    definitions={
        **SAME_VELOCITY,
        v_next: _sum(product(beta, v), _mul(-1, alpha, gk)),
        z_next: _sum(product(beta, z), gk),
    },
    mutations=[flip_sign(), substitute(z_next, z, what="PyTorch's step taken with the old velocity z_k")],
)

velocity_stays_proportional = fact(
    "opt_momentum_velocity_invariant",
    _sum(product(beta, v), _mul(-1, alpha, gk)),
    _mul(-1, alpha, _sum(product(beta, z), gk)),
    en=r"with [[def:v_k]]: so the new velocities are proportional too, and by induction at every step",
    zh=r"代入 [[def:v_k]]：新的两个速度也成比例，由归纳法每一步都成立",
    domain=MOMENTUM_DOMAIN,
    definitions=SAME_VELOCITY,
    mutations=[substitute(-1, 1, step=-1, what="the velocities with opposite signs")],
)

# ---------------------------------------------------------------- 2. the step unrolled
G = sp.symbols("g_0:4", real=True)  # the first four gradients
UNROLL_DOMAIN = {alpha: (0.001, 1.0), beta: (0.01, 0.99), **{s: (-5.0, 5.0) for s in G}}

momentum_unrolled = derivation(
    "opt_momentum_unrolled",
    title_en="After four steps from rest, the velocity is minus α times a weighted sum of the gradients, "
    "the newest weighted 1",
    title_zh="从静止出发走四步后，速度等于负的 α 乘以各步梯度的加权和，最新的梯度权重为 1",
    steps=[
        Step(
            _sum(
                product(
                    beta,
                    _sum(
                        product(beta, _sum(product(beta, _mul(-1, alpha, G[0])), _mul(-1, alpha, G[1]))),
                        _mul(-1, alpha, G[2]),
                    ),
                ),
                _mul(-1, alpha, G[3]),
            ),
            r"$v \leftarrow \beta v - \alpha g$ four times, from $v_0$ at zero",
            r"从 $v_0$ 为零开始，把 $v \leftarrow \beta v - \alpha g$ 用四次",
        ),
        Step(
            _mul(-1, alpha, _sum(G[3], product(beta, G[2]), product(beta**2, G[1]), product(beta**3, G[0]))),
            r"multiply out and factor $-\alpha$: the gradient from $j$ steps back carries $\beta^j$",
            r"展开后提出 $-\alpha$：$j$ 步之前的梯度带着权重 $\beta^j$",
        ),
    ],
    domain=UNROLL_DOMAIN,
    mutations=[
        flip_sign(),
        substitute(beta**3, beta**4, what="the oldest gradient weighted β⁴"),
        substitute(-1, 1, what="the velocity pointing up the gradient (the sign error)"),
    ],
)

# ---------------------------------------------------------------- 3. the geometric sum and the effective step
geometric_sum = derivation(
    "opt_geometric_sum",
    title_en="The finite geometric sum: [[relation]]",
    title_zh="有限项等比数列求和：[[relation]]",
    steps=[
        Step(
            sp.Sum(beta**i, (i, 0, T_MINUS_1)),
            r"the weights of the last $t$ gradients, $1, \beta, \ldots, \beta^{t-1}$",
            r"最近 $t$ 个梯度的权重 $1, \beta, \ldots, \beta^{t-1}$",
        ),
        Step(
            (1 - beta**t) / (1 - beta),
            r"multiply by $1 - \beta$: all terms but $1$ and $-\beta^t$ cancel in pairs (SymPy's summation)",
            r"乘以 $1 - \beta$ 后，除 $1$ 和 $-\beta^t$ 外的项两两抵消（SymPy 求和）",
        ),
    ],
    domain={beta: (0.01, 0.99), t: [1, 2, 3, 5, 10, 40]},
    mutations=[substitute(T_MINUS_1, t, step=0, what="the sum taken from i = 0 to t (t + 1 terms)")],
)

geometric_sum_to_t = fact(
    "opt_geometric_sum_to_t",
    sp.Sum(beta**i, (i, 0, t)),
    (1 - beta ** (t + 1)) / (1 - beta),
    en=r"the same sum with one term more, $\beta^t$: it is not $(1 - \beta^t)/(1 - \beta)$",
    zh=r"多了一项 $\beta^t$ 的同一个和：它不是 $(1 - \beta^t)/(1 - \beta)$",
    domain={beta: (0.01, 0.99), t: [1, 2, 3, 5, 10, 40]},
    mutations=[substitute(t + 1, t, what="the sum to t with the sum to t − 1's value")],
)

velocity_constant_gradient = derivation(
    "opt_momentum_constant_gradient",
    title_en="On a constant gradient the velocity after $t$ steps is [[final]]",
    title_zh="梯度不变时，$t$ 步之后的速度是 [[final]]",
    steps=[
        Step(
            _mul(-1, alpha, g, sp.Sum(beta**i, (i, 0, T_MINUS_1))),
            r"the unrolled velocity with every gradient equal to $g$",
            r"展开后的速度，所有梯度都等于 $g$",
        ),
        Step(
            _mul(-1, alpha, g, (1 - beta**t) / (1 - beta)),
            "[[relation:opt_geometric_sum]]",
            "[[relation:opt_geometric_sum]]",
        ),
        Step(
            _sum(_mul(-1, alpha, g, 1 / (1 - beta)), _mul(alpha, g, beta**t / (1 - beta))),
            r"split: a fixed part and a part that shrinks like $\beta^t$",
            r"拆成两部分：固定的一项，和按 $\beta^t$ 衰减的一项",
        ),
    ],
    domain={alpha: (0.001, 1.0), beta: (0.01, 0.99), g: (-5.0, 5.0), t: [1, 2, 3, 5, 10, 40]},
    mutations=[flip_sign(), substitute(beta**t, beta ** (t + 1), step=1, what="the sum to t used")],
)

# ---------------------------------------------------------------- 4. one eigen-direction of a quadratic
lam = sp.Symbol("lambda", positive=True)  # the curvature along one eigen-direction
x, u = sp.symbols("x_k v_k", real=True)  # position and (source) velocity before the step
mu = sp.Symbol("mu")  # an eigenvalue (possibly complex)
h = sp.Symbol("h", positive=True)  # αλ, the step times the curvature: the only combination that matters

RECURRENCE = sp.Matrix([[1 - h, beta], [-h, beta]])  # (x, v) ↦ (x + βv − hx, βv − hx)
QUADRATIC_DOMAIN = {alpha: (0.001, 0.2), lam: (0.1, 20.0), beta: (0.01, 0.99), x: (-5.0, 5.0), u: (-5.0, 5.0)}

momentum_recurrence = derivation(
    "opt_momentum_recurrence",
    title_en=r"Along a direction of curvature $\lambda$ one momentum step is a 2×2 matrix times $(x_k, v_k)$",
    title_zh=r"沿曲率为 $\lambda$ 的方向，动量法的一步等于一个 2×2 矩阵乘以 $(x_k, v_k)$",
    steps=[
        Step(
            sp.Matrix(
                [_sum(x, product(beta, u), _mul(-1, alpha, lam, x)), _sum(product(beta, u), _mul(-1, alpha, lam, x))]
            ),
            r"$(x_{k+1}, v_{k+1})$: the new velocity, and the position plus it; the gradient is $\lambda x_k$",
            r"$(x_{k+1}, v_{k+1})$：新速度，以及加上新速度后的位置；梯度是 $\lambda x_k$",
        ),
        Step(
            sp.MatMul(RECURRENCE, sp.Matrix([x, u]), evaluate=False),
            r"collect $x_k$ and $v_k$; [[def:h]] is the step size in units of the curvature",
            r"按 $x_k$ 和 $v_k$ 整理；[[def:h]] 是以曲率为单位的步长",
        ),
    ],
    domain=QUADRATIC_DOMAIN,
    definitions={h: alpha * lam},
    mutations=[flip_sign(), substitute(-h, h, what="the velocity row with +h")],
)

characteristic = derivation(
    "opt_momentum_characteristic",
    title_en="Its eigenvalues are the roots of [[final]]",
    title_zh="它的特征值是 [[final]] 的根",
    steps=[
        Step(
            sp.Determinant(RECURRENCE - mu * sp.eye(2)),
            r"the characteristic polynomial $p(\mu)$",
            r"特征多项式 $p(\mu)$",
        ),
        Step(_sum(product(1 - h - mu, beta - mu), product(h, beta)), "the 2×2 determinant", "2×2 行列式"),
        Step(_sum(mu**2, -product(1 + beta - h, mu), beta), r"collect powers of $\mu$", r"按 $\mu$ 的幂整理"),
    ],
    domain={h: (0.01, 4.0), beta: (0.01, 0.99), mu: (-2.0, 2.0)},
    mutations=[flip_sign(), substitute(1 + beta - h, 1 - beta - h, what="the trace with −β")],
)


@functools.cache
def characteristic_polynomial():
    """p(μ) read off the last step, as an ordinary SymPy expression."""
    return characteristic.final.doit()


def _p(at):
    return characteristic.final.xreplace({mu: at})


p_at_one = fact(
    "opt_momentum_p_at_1",
    _p(1),
    h,
    en=r"$p(1)$: positive for every step size, so no eigenvalue crosses $+1$",
    zh=r"$p(1)$：对任何步长都为正，所以没有特征值越过 $+1$",
    domain={h: (0.01, 4.0), beta: (0.01, 0.99)},
    mutations=[substitute(h, 1 - h, what="p(1) = 1 − h")],
)

p_at_minus_one = fact(
    "opt_momentum_p_at_minus_1",
    _p(-1),
    2 * (1 + beta) - h,
    en=r"$p(-1)$: it changes sign where $h$ reaches $2(1 + \beta)$, where an eigenvalue passes through $-1$",
    zh=r"$p(-1)$：当 $h$ 达到 $2(1 + \beta)$ 时变号，此时有一个特征值经过 $-1$",
    domain={h: (0.01, 4.0), beta: (0.01, 0.99)},
    mutations=[substitute(beta, 0, what="the bound without β, plain gradient descent's edge 2")],
)

eigenvalue_product = fact(
    "opt_momentum_det",
    sp.Determinant(RECURRENCE),
    beta,
    en=r"the product of the two eigenvalues is $p(0)$, the determinant: complex roots both have modulus $\sqrt{\beta}$",
    zh=r"两个特征值之积等于 $p(0)$，即行列式：复根的模都是 $\sqrt{\beta}$",
    domain={h: (0.01, 4.0), beta: (0.01, 0.99)},
    mutations=[substitute(beta, beta**2, what="det = β²")],
)

discriminant = fact(
    "opt_momentum_discriminant",
    _sum(product(1 + beta - h) ** 2, -product(4, beta)),
    product(h - (1 - sp.sqrt(beta)) ** 2, h - (1 + sp.sqrt(beta)) ** 2),
    en=r"the discriminant of $p$ factorised: the roots are complex for $h$ between $(1 \pm \sqrt{\beta})^2$",
    zh=r"$p$ 的判别式因式分解：当 $h$ 位于 $(1 \pm \sqrt{\beta})^2$ 之间时，两根为复数",
    domain={h: (0.01, 4.0), beta: (0.01, 0.99)},
    mutations=[substitute(sp.sqrt(beta), beta, what="(1 ± β)² instead of (1 ± √β)²")],
)


@functools.cache
def stability_edge():
    """The largest h for a given β: the root of p(−1) in h (SymPy's solve)."""
    return sp.solve(p_at_minus_one.final, h)[0]


@functools.cache
def complex_band():
    """(lower, upper) h between which the eigenvalues are complex: the roots of the factorised discriminant."""
    roots = sorted(sp.solve(discriminant.final.doit(), h), key=lambda r: float(r.subs(beta, sp.Rational(1, 2))))
    return tuple(roots)


@functools.cache
def recurrence_matrix():
    """The matrix of opt_momentum_recurrence as a function (h, β) -> 2×2 NumPy array."""
    return sp.lambdify((h, beta), RECURRENCE, "numpy")
