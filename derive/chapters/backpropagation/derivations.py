"""The chain rule on a computation graph, the kinks of ReLU and MAE, and the source's common gradients.

A computation graph is a chain of small functions; the derivative of the output with respect to an input
is the product of the local derivatives along the path, and where a variable feeds two nodes (a fan-out)
the contributions of the paths add. Each rule below is one short checked derivation.
"""

from __future__ import annotations

import sympy as sp

from derive.core.mutations import substitute
from derive.core.notation import product, sum_as_written
from derive.core.registry import Step, derivation, hypothesis

# ---------------------------------------------------------------- a scalar chain: w → u → a → l
w, x, b, t = sp.symbols("w x b t", real=True)
u, a, l = sp.symbols("u a ell", real=True)

CHAIN_DEFINITIONS = {u: w * x + b, a: sp.tanh(u), l: (a - t) ** 2}
CHAIN_DOMAIN = {w: (-2.0, 2.0), x: (-2.0, 2.0), b: (-1.0, 1.0), t: (-1.0, 1.0)}

chain_rule_scalar = derivation(
    "backprop_chain_scalar",
    title_en="A chain of three nodes: the local derivatives multiply",
    title_zh="三个节点串成的链：局部导数相乘",
    steps=[
        Step(
            sp.Derivative(l, w),
            "the loss at the end of the chain, the weight at its start",
            "链的末端是损失，起点是权重",
        ),
        Step(
            product(2 * (a - t), 1 - a**2, x),
            r"chain rule, one factor a node: $\partial \ell/\partial a$, then $\partial a/\partial u$ "
            r"(the tanh derivative $1 - a^2$), then $\partial u/\partial w$",
            r"链式法则，每个节点一个因子：先是 $\partial \ell/\partial a$，再是 $\partial a/\partial u$"
            r"（tanh 的导数 $1 - a^2$），最后是 $\partial u/\partial w$",
        ),
    ],
    domain=CHAIN_DOMAIN,
    definitions=CHAIN_DEFINITIONS,
    mutations=[
        substitute(1 - a**2, 1 + a**2, what="tanh derivative with the wrong sign"),
        substitute(x, 1, what="the last local derivative forgotten"),
    ],
)

# ---------------------------------------------------------------- a fan-out: x feeds p and q, l = p q
p, q = sp.symbols("p q", real=True)
FAN_DEFINITIONS = {p: x**2, q: sp.sin(x), l: p * q}

fan_out = derivation(
    "backprop_fan_out",
    title_en="A variable used twice: the gradients of the two paths add",
    title_zh="一个变量用了两次：两条路径的梯度相加",
    steps=[
        Step(
            sp.Derivative(l, x),
            r"$x$ feeds two nodes, $p$ and $q$, and the loss multiplies them",
            r"$x$ 同时进入两个节点 $p$ 和 $q$，损失是两者之积",
        ),
        Step(
            sum_as_written(product(q, 2 * x), product(p, sp.cos(x))),
            r"one term per path: $\frac{\partial \ell}{\partial p} \frac{\partial p}{\partial x}$ plus "
            r"$\frac{\partial \ell}{\partial q} \frac{\partial q}{\partial x}$",
            r"每条路径一项：$\frac{\partial \ell}{\partial p} \frac{\partial p}{\partial x}$ 加上 "
            r"$\frac{\partial \ell}{\partial q} \frac{\partial q}{\partial x}$",
        ),
    ],
    domain={x: (-3.0, 3.0)},
    definitions=FAN_DEFINITIONS,
    mutations=[substitute(sp.cos(x), 0, what="the second path dropped (overwritten instead of added)")],
)

# ---------------------------------------------------------------- the kinks: conventions, stated
hh = sp.Symbol("h", real=True)
SIGN = sp.Function(r"\operatorname{sign}")

# ReLU's kink: the convention is the activations chapter's, relu_derivative_at_zero (one convention, one name).
mae_tie = hypothesis(
    "mae_sign_at_tie",
    sp.Eq(SIGN(0), 0, evaluate=False),
    kind="convention",
    en="|t| has no derivative at 0; at a tie the backward pass uses 0, a slope between −1 and 1 (a subgradient)",
    zh="|t| 在 0 处不可导；预测恰好等于目标时，反向传播取 0，它介于 −1 与 1 之间（是一个次梯度）",
)

# ---------------------------------------------------------------- MAE over a batch of three
M_MAE = 3
yhat = sp.symbols("yhat_1:4", real=True)
ytrue = sp.symbols("y_1:4", real=True)
mae = sp.Symbol("l", real=True)
MAE_DEFINITIONS = {mae: sum(sp.Abs(yh - yt) for yh, yt in zip(yhat, ytrue, strict=True)) / M_MAE}

mae_gradient = derivation(
    "backprop_mae_gradient",
    title_en="The MAE's gradient keeps the 1/m of the mean",
    title_zh="MAE 的梯度保留了平均值中的 1/m",
    steps=[
        Step(
            sp.Matrix([sp.Derivative(mae, v) for v in yhat]),
            "the mean absolute error of a batch of three predictions",
            "三个预测组成的一批上的平均绝对误差",
        ),
        Step(
            sp.Matrix([sp.sign(yh - yt) / M_MAE for yh, yt in zip(yhat, ytrue, strict=True)]),
            r"only one term of the mean contains each prediction; the slope of $|t|$ is $\operatorname{sign}(t)$ "
            r"away from the kink, and at a tie the convention [[hypothesis:mae_sign_at_tie]]",
            r"每个预测只出现在平均值的一项里；在折点之外，$|t|$ 的斜率是 $\operatorname{sign}(t)$，"
            r"预测恰好等于目标时按约定取 [[hypothesis:mae_sign_at_tie]]",
        ),
    ],
    domain={**{v: (-2.0, 2.0) for v in yhat}, **{v: (-2.0, 2.0) for v in ytrue}},
    definitions=MAE_DEFINITIONS,
    mutations=[substitute(sp.Rational(1, M_MAE), 1, what="the 1/m dropped, as in the source's formula")],
)

# ---------------------------------------------------------------- seed 004: gradients of common functions
W = sp.Symbol("W", real=True)
y = sp.Symbol("y", real=True)
COMMON_DOMAIN = {x: (-2.0, 2.0), W: (-2.0, 2.0), b: (-2.0, 2.0), y: (-2.0, 2.0)}
LOG_DOMAIN = {x: (0.5, 2.0), W: (0.5, 2.0), b: (0.1, 2.0), y: (-2.0, 2.0)}  # where xW + b > 0


def _grad(f):
    return sp.Matrix([sp.Derivative(f, W), sp.Derivative(f, b)])


common_linear = derivation(
    "common_gradient_linear",
    title_en="The gradient of the linear unit with respect to its weight and bias",
    title_zh="线性单元对权重和偏置的梯度",
    steps=[
        Step(
            _grad(x * W + b),
            r"the weight enters multiplied by $x$, the bias alone",
            r"权重与 $x$ 相乘进入，偏置单独进入",
        ),
        Step(sp.Matrix([x, 1]), "differentiate each term", "逐项求导"),
    ],
    domain=COMMON_DOMAIN,
    mutations=[substitute(x, W, what="the weight instead of the input")],
)

common_squares = derivation(
    "common_gradient_squares",
    title_en="Squared weight and bias",
    title_zh="权重和偏置取平方",
    steps=[
        Step(_grad(x * W**2 + b**2), "both parameters enter squared", "两个参数都以平方形式出现"),
        Step(sp.Matrix([2 * x * W, 2 * b]), "the power rule", "幂函数求导法则"),
    ],
    domain=COMMON_DOMAIN,
    mutations=[substitute(2 * b, b, what="the factor 2 dropped")],
)

common_exponential = derivation(
    "common_gradient_exponential",
    title_en="Exponential weight and bias",
    title_zh="权重和偏置取指数",
    steps=[
        Step(
            _grad(x * sp.exp(W) + sp.exp(b)),
            r"both parameters enter through $e^{(\cdot)}$",
            r"两个参数都经过 $e^{(\cdot)}$ 进入",
        ),
        Step(sp.Matrix([x * sp.exp(W), sp.exp(b)]), r"$e^{t}$ is its own derivative", r"$e^{t}$ 的导数是它自己"),
    ],
    domain=COMMON_DOMAIN,
    mutations=[substitute(sp.exp(b), b * sp.exp(b), what="power rule applied to an exponential")],
)

residual = y - (x * W + b)
common_squared_error = derivation(
    "common_gradient_squared_error",
    title_en="The squared error of a linear unit",
    title_zh="线性单元的平方误差",
    steps=[
        Step(_grad(residual**2), "the error of one prediction, squared", "单个预测的误差取平方"),
        Step(
            sp.Matrix([product(2 * residual, -x), product(2 * residual, -1)]),
            r"chain rule: twice the residual times the residual's derivative",
            r"链式法则：两倍残差乘以残差的导数",
        ),
        Step(sp.Matrix([-2 * x * residual, -2 * residual]), "collect the signs", "整理符号"),
    ],
    domain=COMMON_DOMAIN,
    mutations=[substitute(-2 * residual, 2 * residual, what="the inner minus sign lost")],
)

common_log = derivation(
    "common_gradient_log",
    title_en="A target times the log of a linear unit",
    title_zh="目标值乘以线性单元的对数",
    steps=[
        Step(_grad(y * sp.log(x * W + b)), r"defined where $xW + b$ is positive", r"在 $xW + b$ 为正处有定义"),
        Step(
            sp.Matrix([product(y / (x * W + b), x), product(y / (x * W + b), 1)]),
            r"chain rule: the log's slope $1/(xW + b)$ times the inner derivative",
            r"链式法则：对数的斜率 $1/(xW + b)$ 乘以内层导数",
        ),
        Step(sp.Matrix([x * y / (x * W + b), y / (x * W + b)]), "multiply out", "乘开"),
    ],
    domain=LOG_DOMAIN,
    mutations=[substitute(x * y / (x * W + b), y / (x * W + b), what="the inner factor x forgotten")],
)

COMMON_GRADIENTS = (common_linear, common_squares, common_exponential, common_squared_error, common_log)

LINEAR_H, LINEAR_W, LINEAR_X, LINEAR_B = (sp.Symbol(n) for n in ("h", "W", "x", "b"))
linear_layer_definition = hypothesis(
    "linear_layer_convention",
    sp.Eq(LINEAR_H, sp.Symbol(r"W^{\top} x") + LINEAR_B, evaluate=False),
    kind="definition",
    en="the source's linear layer: a sample is a column x, W has one column per output, b one entry per output",
    zh="原文的线性层：样本是列向量 x，W 的每一列对应一个输出，b 的每个元素对应一个输出",
)
