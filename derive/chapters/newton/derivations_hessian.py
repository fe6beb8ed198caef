"""Newton's method in several variables: the Hessian takes the place of f'', and the source's two examples.

For 10x**4 + y**4 and 5x**3 + y**3 (seed 000, §1.8), SymPy builds the Hessian and reduces the step.
"""

from __future__ import annotations

import sympy as sp

from derive.chapters.newton.derivations import f_k
from derive.core.mutations import flip_sign, substitute
from derive.core.registry import Step, derivation, hypothesis

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


def _matrix_minus(a, *factors):
    """a - (product of factors), printed as written (see _MatrixDifference)."""
    return _MatrixDifference(a, sp.MatMul(-1, *factors, evaluate=False), evaluate=False)


# The next iterate in several variables, as the page states it; a test ties it to NEWTON_HESSIAN_POINT.
hessian_point = hypothesis(
    "newton_hessian_point",
    sp.Eq(xnext_vec, _matrix_minus(xk_vec, sp.Inverse(H_mat), g_vec), evaluate=False),
    kind="definition",
    en="the next iterate: the current one minus the inverse Hessian times the gradient",
    zh="下一个迭代点：当前点减去海森矩阵的逆乘以梯度",
)

newton_hessian_step = derivation(
    "newton_hessian_step",
    title_en="In several variables the Hessian takes the place of f''",
    title_zh="多元情形下，海森矩阵取代 f''",
    steps=[
        Step(
            sp.ImmutableMatrix([sp.Derivative(model2(h1, h2), v) for v in (h1, h2)]),
            "the gradient of the second-order Taylor model [[def:m]]",
            "二阶泰勒模型 [[def:m]] 的梯度",
        ),
        Step(sp.MatAdd(g_vec, sp.MatMul(H_mat, h_vec)), r"differentiate; $H$ is symmetric", r"求导；$H$ 是对称矩阵"),
        Step(
            sp.MatMul(H_mat, sp.MatAdd(xk_vec, h_vec, -xnext_vec)),
            "factor out $H$ (invertible), with [[hypothesis:newton_hessian_point]]",
            "提出 $H$（可逆），其中 [[hypothesis:newton_hessian_point]]",
        ),
    ],
    domain={
        f_k: (-2.0, 2.0),
        g1: (-3.0, 3.0),
        g2: (-3.0, 3.0),
        H11: (1.0, 3.0),
        H22: (1.0, 3.0),
        H12: (-0.5, 0.5),
        xk1: (-2.0, 2.0),
        xk2: (-2.0, 2.0),
        h1: (-2.0, 2.0),
        h2: (-2.0, 2.0),
    },
    definitions={model2: MODEL2, g_vec: GRAD, H_mat: HESS, h_vec: STEP, xk_vec: POINT, xnext_vec: NEWTON_HESSIAN_POINT},
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
            Step(
                _matrix_minus(EXAMPLE_POINT, sp.Inverse(H), g),
                r"Newton's step $\mathbf{x} - H^{-1} \nabla f$, Hessian and gradient computed by SymPy",
                r"牛顿迭代 $\mathbf{x} - H^{-1} \nabla f$，海森矩阵和梯度都由 SymPy 求出",
            ),
            Step(_matrix_minus(EXAMPLE_POINT, inverse, g), "invert the diagonal Hessian", "对角海森矩阵求逆"),
            Step(_matrix_minus(EXAMPLE_POINT, sp.ImmutableMatrix(sp.simplify(inverse * g))), "multiply", "相乘"),
            Step(newton_update(fxy), "subtract", "相减"),
        ],
        domain={px: (0.25, 4.0), py: (0.25, 4.0)},
        mutations=mutations,
    )


newton_step_quartic = _example_derivation(
    "newton_step_quartic",
    QUARTIC,
    "Newton's step on 10x⁴ + y⁴",
    "10x⁴ + y⁴ 上的牛顿迭代",
    [substitute(px**-2, px**-1, step=1, what="wrong exponent in the inverse Hessian"), flip_sign(step=2)],
)

newton_step_cubic = _example_derivation(
    "newton_step_cubic",
    CUBIC,
    "Newton's step on 5x³ + y³",
    "5x³ + y³ 上的牛顿迭代",
    [substitute(px**-1, px**-2, step=1, what="wrong exponent in the inverse Hessian"), flip_sign(step=2)],
)
