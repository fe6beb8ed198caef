"""The claims about sigmoid, tanh and ReLU this chapter reviews, each with its verdict and evidence.

They come from three posts: the PyTorch notes on gradient operations (pytorch_notes, its section on
activation functions), the post "Gradient Descent" (§1.12, on vanishing gradients) and the appendix of the
post on writing an MLP by hand (numpy_mlp, 4.1). The page's boxes and the errata page render from these.
"""

from __future__ import annotations

from derive.core.errata import source_claim

NOTES = "pytorch_notes"
ACTIVATIONS = "激活函数及其梯度"  # the notes' section heading, and its items, as the post writes them
SIGMOID = f"{ACTIVATIONS} › 激活函数Sigmoid"
TANH = f"{ACTIVATIONS} › 激活函数Tanh"
RELU = f"{ACTIVATIONS} › 激活函数 ReLU"
GD = "gradient_descent"
MLP = "numpy_mlp"

# ---------------------------------------------------------------- what the sources get wrong
source_claim(
    "act_sigmoid_range",
    post=NOTES,
    section=SIGMOID,
    title_en="The sigmoid does not map onto (−1, 1)",
    title_zh="sigmoid 的值域不是 (−1, 1)",
    claim_en=r"the sigmoid squashes $(-\infty, +\infty)$ into $(-1, 1)$",
    claim_zh=r"sigmoid 把 $(-\infty, +\infty)$ 压缩到 $(-1, 1)$",
    verdict="wrong",
    evidence=("sigmoid_limit_minus_inf", "sigmoid_limit_plus_inf", "sigmoid_derivative", "tanh_from_sigmoid"),
    why_en="Far to the left the sigmoid tends to [[value:sigmoid_limit_minus_inf]], far to the right to "
    "[[value:sigmoid_limit_plus_inf]], and in between it only increases, since its slope $\\sigma(1 - \\sigma)$ is "
    "positive: its range is $(0, 1)$. The interval $(-1, 1)$ is the range of tanh, the stretched and shifted "
    "sigmoid [[relation:tanh_from_sigmoid]]. The same section later gives the range as $[0, 1]$.",
    why_zh="sigmoid 在左侧无穷远处趋于 [[value:sigmoid_limit_minus_inf]]，在右侧无穷远处趋于 "
    "[[value:sigmoid_limit_plus_inf]]，其间单调递增，因为它的斜率 $\\sigma(1 - \\sigma)$ 为正：它的值域是 "
    "$(0, 1)$。区间 $(-1, 1)$ 是 tanh 的值域，而 tanh 是拉伸并平移后的 sigmoid："
    "[[relation:tanh_from_sigmoid]]。同一节后文又把值域写成了 $[0, 1]$。",
)

source_claim(
    "act_sigmoid_largest_slope",
    post=GD,
    section="§1.12",
    title_en="The largest slope is σ′(0), not σ(0)",
    title_zh="最大斜率是 σ′(0)，而不是 σ(0)",
    claim_en="the sigmoid's largest gradient is sigmoid(0), a quarter",
    claim_zh="sigmoid 的最大梯度是 sigmoid(0)，即四分之一",
    verdict="wrong",
    evidence=("sigmoid_at_0", "sigmoid_prime_max", "sigmoid_derivative_bound"),
    why_en="The sigmoid's value at 0 is [[value:sigmoid_at_0]]. The quarter is the derivative's value there, "
    "[[value:sigmoid_prime_max]], and it is the largest slope because [[relation:sigmoid_derivative_bound]].",
    why_zh="sigmoid 在 0 处的函数值是 [[value:sigmoid_at_0]]。四分之一是导数在该点的值 "
    "[[value:sigmoid_prime_max]]；它之所以是最大斜率，是因为 [[relation:sigmoid_derivative_bound]]。",
)

source_claim(
    "act_closed_range_zero_slope",
    post=NOTES,
    section=f"{SIGMOID}; 激活函数Tanh",
    title_en="The range is open, and the slope is never exactly zero",
    title_zh="值域是开区间，斜率也从不恰好为零",
    claim_en="the sigmoid's range is the closed interval $[0, 1]$, tanh's is $[-1, 1]$, and the sigmoid's "
    "gradient is zero for large inputs",
    claim_zh="sigmoid 的值域是闭区间 $[0, 1]$，tanh 的是 $[-1, 1]$，输入很大时 sigmoid 的梯度为零",
    verdict="imprecise",
    evidence=("sigmoid_derivative", "sigmoid_saturates_float64", "sigmoid_saturates_float32", "sigmoid_prime_at_40"),
    why_en="Mathematically the sigmoid never reaches 0 or 1, and its slope $\\sigma(1 - \\sigma)$ only tends to 0. "
    "What does reach them is the floating-point result: the computed sigmoid is exactly 1 for $x$ from about "
    "[[value:sigmoid_saturates_float64]] on in double precision and from about [[value:sigmoid_saturates_float32]] "
    "on in single precision, and from there on $1 - \\sigma(x)$ is 0. That is a rounding artefact: evaluated as "
    "$\\sigma(x)\\,\\sigma(-x)$, the slope at [[eq:sigmoid_saturated_probe]] is [[value:sigmoid_prime_at_40]].",
    why_zh="从数学上讲，sigmoid 永远取不到 0 或 1，它的斜率 $\\sigma(1 - \\sigma)$ 也只是趋于 0。真正取到这些值的是"
    "浮点运算的结果：在双精度下，$x$ 从大约 [[value:sigmoid_saturates_float64]] 起，算出的 sigmoid 恰好等于 1；"
    "在单精度下则从大约 [[value:sigmoid_saturates_float32]] 起；此后 $1 - \\sigma(x)$ 就等于 0。"
    "这只是舍入造成的假象：按 $\\sigma(x)\\,\\sigma(-x)$ 计算，"
    "[[eq:sigmoid_saturated_probe]] 处的斜率是 [[value:sigmoid_prime_at_40]]。",
)

# ---------------------------------------------------------------- what they get right
source_claim(
    "act_sigmoid_derivative",
    post=MLP,
    section="4.1 Sigmoid的梯度推导",
    title_en="The sigmoid's derivative in terms of itself",
    title_zh="用 sigmoid 自身表示它的导数",
    claim_en=r"the sigmoid's derivative is $\sigma(x)(1 - \sigma(x))$, derived from $e^{-x}/(1 + e^{-x})^2$",
    claim_zh=r"sigmoid 的导数是 $\sigma(x)(1 - \sigma(x))$，由 $e^{-x}/(1 + e^{-x})^2$ 推得",
    verdict="right",
    evidence=("sigmoid_derivative",),
    why_en="The same chain as [[relation:sigmoid_derivative]], checked step by step above.",
    why_zh="与上文逐步验证过的 [[relation:sigmoid_derivative]] 是同一条推导。",
)

source_claim(
    "act_sigmoid_output_between_0_and_1",
    post=GD,
    section="§1.12",
    title_en="The sigmoid's outputs lie between 0 and 1",
    title_zh="sigmoid 的输出介于 0 和 1 之间",
    claim_en="the outputs of sigmoid layers are numbers in $(0, 1)$",
    claim_zh="sigmoid 层的输出是 $(0, 1)$ 中的数",
    verdict="right",
    evidence=("sigmoid_limit_minus_inf", "sigmoid_limit_plus_inf"),
    why_en="The open interval, as it should be: the sigmoid increases from [[value:sigmoid_limit_minus_inf]] to "
    "[[value:sigmoid_limit_plus_inf]] without reaching either.",
    why_zh="写的是开区间，这是对的：sigmoid 从 [[value:sigmoid_limit_minus_inf]] 递增到 "
    "[[value:sigmoid_limit_plus_inf]]，两端都取不到。",
)

source_claim(
    "act_tanh_from_sigmoid",
    post=NOTES,
    section=TANH,
    title_en="tanh is a transformed sigmoid",
    title_zh="tanh 由 sigmoid 变换而来",
    claim_en="tanh can be obtained from the sigmoid",
    claim_zh="tanh 可以由 sigmoid 变换得到",
    verdict="right",
    evidence=("tanh_from_sigmoid",),
    why_en="Stretch the input by 2, the output by 2, and shift down by 1: [[relation:tanh_from_sigmoid]].",
    why_zh="把输入放大 2 倍、输出放大 2 倍再向下平移 1：[[relation:tanh_from_sigmoid]]。",
)

source_claim(
    "act_relu_slopes",
    post=NOTES,
    section=RELU,
    title_en="ReLU's slope is 0 on the left and 1 on the right",
    title_zh="ReLU 的斜率左侧为 0，右侧为 1",
    claim_en="ReLU's gradient is 0 for negative inputs and 1 for positive ones",
    claim_zh="输入为负时 ReLU 的梯度为 0，输入为正时为 1",
    verdict="right",
    evidence=("relu_derivative", "relu_left_slope", "relu_right_slope"),
    why_en="As derived above; the post leaves the input 0 aside, where the one-sided slopes "
    "[[value:relu_left_slope]] and [[value:relu_right_slope]] differ and code needs the convention "
    "[[hypothesis:relu_derivative_at_zero]].",
    why_zh="与上文的推导一致；原文没有讨论输入为 0 的情形，那里左右两侧的斜率 [[value:relu_left_slope]] 与 "
    "[[value:relu_right_slope]] 不相等，代码需要约定 [[hypothesis:relu_derivative_at_zero]]。",
)
