"""The linear layer h = Wᵀx + b: ∂ℓ/∂W, ∂ℓ/∂b and ∂ℓ/∂x, proved entry by entry for concrete shapes.

The matrices are SymPy matrices of symbolic entries (W_{i,j}, x_{i,k}, b_j; indices from 0 as in NumPy),
so the proof is about every entry at once, not about a rule for matrix calculus. The loss downstream of
the layer is a concrete smooth function, half the squared distance of h to a target t, whose gradient
G = ∂ℓ/∂h is h − t: any other loss changes G, not the three rules.

Shapes: (n_in, n_out, m) = (2, 3, 1) and (3, 1, 1) for one sample, and (2, 2, 2) for a batch of two
columns, where b is shared by all columns, so its gradient is the sum G·1 over the batch.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import flip_sign, substitute
from derive.core.registry import Step, derivation, fact

SHAPES = {"2x3": (2, 3, 1), "3x1": (3, 1, 1), "batch": (2, 2, 2)}
ell = sp.Symbol(r"\ell", real=True)


class LinearLayer:
    """The symbolic entries and display names of one layer shape (n_in inputs, n_out outputs, m columns)."""

    def __init__(self, n_in: int, n_out: int, m: int):
        self.shape = (n_in, n_out, m)
        self.Wm = sp.Matrix(n_in, n_out, lambda i, j: sp.Symbol(f"W_{{{i},{j}}}", real=True))
        self.xm = sp.Matrix(n_in, m, lambda i, k: sp.Symbol(f"x_{{{i},{k}}}", real=True))
        self.bm = sp.Matrix(n_out, 1, lambda j, _: sp.Symbol(f"b_{{{j}}}", real=True))
        self.tm = sp.Matrix(n_out, m, lambda j, k: sp.Symbol(f"t_{{{j},{k}}}", real=True))
        self.W, self.x = sp.MatrixSymbol("W", n_in, n_out), sp.MatrixSymbol("x", n_in, m)
        self.b, self.t = sp.MatrixSymbol("b", n_out, 1), sp.MatrixSymbol("t", n_out, m)
        self.G, self.ones = sp.MatrixSymbol("G", n_out, m), sp.MatrixSymbol(r"\mathbf{1}", m, 1)
        h = self.W.T * self.x + (self.b * self.ones.T if m > 1 else self.b)
        residual = h - self.t
        self.definitions = {
            ell: sp.Rational(1, 2) * sp.Trace(residual.T * residual),  # half the sum of the squared entries
            self.G: residual,
            self.W: self.Wm,
            self.x: self.xm,
            self.b: self.bm,
            self.t: self.tm,
        }
        if m > 1:
            self.definitions[self.ones] = sp.ones(m, 1)
        self.domain = {s: (-2.0, 2.0) for s in [*self.Wm, *self.xm, *self.bm, *self.tm]}


def _weight_gradient(layer: LinearLayer, name: str):
    n_in, n_out, m = layer.shape
    first = sp.Matrix(n_in, n_out, lambda i, j: sp.Derivative(ell, layer.Wm[i, j]))
    entrywise = sp.Matrix(
        n_in, n_out, lambda i, j: sp.Add(*[layer.x[i, k] * layer.G[j, k] for k in range(m)], evaluate=False)
    )
    return derivation(
        f"linear_weight_gradient_{name}",
        title_en=f"The weight gradient of a linear layer, {n_in} inputs, {n_out} outputs, {m} column(s)",
        title_zh=f"线性层的权重梯度：{n_in} 个输入、{n_out} 个输出、{m} 列",
        steps=[
            Step(
                first,
                r"every entry of $W$ at once; $G$ is the upstream gradient $\partial \ell/\partial h$",
                r"一次写出 $W$ 的每个元素；$G$ 是上游梯度 $\partial \ell/\partial h$",
            ),
            Step(
                entrywise,
                r"chain rule: $W_{i,j}$ reaches the loss only through the outputs $h_{j,k}$, "
                r"and $\partial h_{j,k}/\partial W_{i,j}$ is $x_{i,k}$; the paths of the columns add",
                r"链式法则：$W_{i,j}$ 只经由输出 $h_{j,k}$ 影响损失，"
                r"$\partial h_{j,k}/\partial W_{i,j}$ 就是 $x_{i,k}$；各列的路径相加",
            ),
            Step(layer.x * layer.G.T, r"the sum over $k$ is a matrix product", r"对 $k$ 求和正是矩阵乘法"),
        ],
        domain=layer.domain,
        definitions=layer.definitions,
        mutations=[substitute(layer.x * layer.G.T, (layer.x * layer.G.T) * 2, what="twice the gradient"), flip_sign()],
    )


def _bias_gradient(layer: LinearLayer, name: str):
    n_in, n_out, m = layer.shape
    first = sp.Matrix(n_out, 1, lambda j, _: sp.Derivative(ell, layer.bm[j]))
    steps = [
        Step(
            first,
            r"every entry of $b$; the same $b_j$ is added to every column",
            r"$b$ 的每个元素；同一个 $b_j$ 加到每一列上",
        )
    ]
    if m > 1:
        steps.append(
            Step(
                sp.Matrix(n_out, 1, lambda j, _: sp.Add(*[layer.G[j, k] for k in range(m)], evaluate=False)),
                r"chain rule: $\partial h_{j,k}/\partial b_j$ is 1 in every column $k$, so the "
                "columns' gradients add",
                r"链式法则：对每一列 $k$，$\partial h_{j,k}/\partial b_j$ 都是 1，于是各列的梯度相加",
            )
        )
        steps.append(Step(layer.G * layer.ones, "a sum over the batch, not a mean", "是对整批求和，而不是求平均"))
        wrong = (layer.G * layer.ones) / m
        mutation = substitute(layer.G * layer.ones, wrong, what="the mean over the batch instead of the sum")
    else:
        steps.append(
            Step(
                layer.G,
                r"chain rule: $\partial h_{j}/\partial b_j$ is 1",
                r"链式法则：$\partial h_{j}/\partial b_j$ 为 1",
            )
        )
        mutation = substitute(layer.G, 2 * layer.G, what="twice the gradient")
    return derivation(
        f"linear_bias_gradient_{name}",
        title_en=f"The bias gradient of a linear layer, {n_out} outputs, {m} column(s)",
        title_zh=f"线性层的偏置梯度：{n_out} 个输出、{m} 列",
        steps=steps,
        domain=layer.domain,
        definitions=layer.definitions,
        mutations=[mutation, flip_sign()],
    )


def _input_gradient(layer: LinearLayer, name: str):
    n_in, n_out, m = layer.shape
    first = sp.Matrix(n_in, m, lambda i, k: sp.Derivative(ell, layer.xm[i, k]))
    entrywise = sp.Matrix(
        n_in, m, lambda i, k: sp.Add(*[layer.W[i, j] * layer.G[j, k] for j in range(n_out)], evaluate=False)
    )
    return derivation(
        f"linear_input_gradient_{name}",
        title_en=f"The input gradient of a linear layer, {n_in} inputs, {n_out} outputs, {m} column(s)",
        title_zh=f"线性层对输入的梯度：{n_in} 个输入、{n_out} 个输出、{m} 列",
        steps=[
            Step(
                first,
                r"every entry of the input $x$: what the layer below receives",
                r"输入 $x$ 的每个元素：这正是下一层（更靠近输入的一层）收到的梯度",
            ),
            Step(
                entrywise,
                r"chain rule: $x_{i,k}$ feeds every output of its column, with slope $W_{i,j}$",
                r"链式法则：$x_{i,k}$ 进入本列的每个输出，斜率为 $W_{i,j}$",
            ),
            Step(layer.W * layer.G, r"the sum over $j$ is a matrix product", r"对 $j$ 求和正是矩阵乘法"),
        ],
        domain=layer.domain,
        definitions=layer.definitions,
        mutations=[substitute(layer.W * layer.G, 2 * (layer.W * layer.G), what="twice the gradient"), flip_sign()],
    )


LAYERS = {name: LinearLayer(*shape) for name, shape in SHAPES.items()}
WEIGHT = {name: _weight_gradient(layer, name) for name, layer in LAYERS.items()}
BIAS = {name: _bias_gradient(layer, name) for name, layer in LAYERS.items()}
INPUT = {name: _input_gradient(layer, name) for name, layer in LAYERS.items()}


def lambdified_gradients(name: str):
    """(dW, db, dx) as NumPy functions of (W, x, G): the proved last steps, with G left free.

    The last steps depend on the loss only through G, so binding G to any upstream gradient gives the
    layer's backward rule; tests compare derive.numerics.mlp.linear_backward with these functions.
    """
    layer = LAYERS[name]
    n_in, n_out, m = layer.shape
    Gm = sp.Matrix(n_out, m, lambda j, k: sp.Symbol(f"g_{{{j},{k}}}", real=True))
    free = {layer.W: layer.Wm, layer.x: layer.xm, layer.G: Gm, layer.ones: sp.ones(m, 1)}
    args = [list(layer.Wm), list(layer.xm), list(Gm)]
    out = []
    for d in (WEIGHT[name], BIAS[name], INPUT[name]):
        expr = sp.Matrix(d.final.subs(free).doit())
        f = sp.lambdify(args, expr, "numpy")
        out.append(lambda W, x, G, f=f: f(list(W.ravel()), list(x.ravel()), list(G.ravel())))
    return tuple(out)


# ---------------------------------------------------------------- the row convention of most libraries
_row = LAYERS["2x3"]
row_convention = fact(
    "linear_row_convention",
    sp.Transpose(_row.W.T * _row.x + _row.b),
    _row.x.T * _row.W + _row.b.T,
    en=r"transpose both sides: a sample becomes a row and the same $W$ multiplies from the right",
    zh=r"两边同时转置：样本变成行向量，同一个 $W$ 改为从右边相乘",
    domain=_row.domain,
    definitions=_row.definitions,
    mutations=[
        substitute(_row.x.T * _row.W + _row.b.T, _row.x.T * _row.W - _row.b.T, what="the bias subtracted"),
        flip_sign(),
    ],
)
