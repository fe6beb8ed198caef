"""The claims about a sigmoid output with MSE or BCE this chapter reviews, each with verdict and evidence.

They come from the post "Gradient Descent" (§1.14, the experiment from three starts) and from the appendix
of the post on writing an MLP by hand (numpy_mlp, 4.2). The page's boxes and the errata page render from
these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

GD = "gradient_descent"
MLP = "numpy_mlp"
BCE_APPENDIX = "4.2 二值交叉熵函数的梯度推导"

# ---------------------------------------------------------------- what the sources get right
source_claim(
    "sce_printed_end_points",
    post=GD,
    section="§1.14.1, §1.14.2",
    title_en="The printed end points from (2, 0) are reproduced",
    title_zh="从 (2, 0) 出发的终点与原文打印的一致",
    claim_en="after the runs from $(2, 0)$ the parameters end at the printed points, one for MSE and one for BCE",
    claim_zh="从 $(2, 0)$ 出发训练后，参数停在原文打印的终点上，MSE 与 BCE 各一个",
    verdict="right",
    evidence=("sigmoid_mse_end_2_0", "sigmoid_bce_end_2_0"),
    why_en="Our runs end at [[value:sigmoid_mse_end_2_0]] and [[value:sigmoid_bce_end_2_0]], matching all four "
    "printed decimals; a test pins them.",
    why_zh="我们的运行分别停在 [[value:sigmoid_mse_end_2_0]] 与 [[value:sigmoid_bce_end_2_0]]，与原文印出的四位小数"
    "全部吻合；有一个测试专门把它们固定了下来。",
)

# ---------------------------------------------------------------- what the sources get wrong
source_claim(
    "sce_start_logit",
    post=GD,
    section="§1.14.1",
    title_en="The starting logit from (3, 2) is not [[value:sigmoid_seed_claimed_logit]]",
    title_zh="从 (3, 2) 出发时，初始 logit 不是 [[value:sigmoid_seed_claimed_logit]]",
    claim_en="the slow MSE run from $(3, 2)$ starts at the point [[eq:sigmoid_seed_claimed_logit]] of the loss curve",
    claim_zh="MSE 从 $(3, 2)$ 出发进展缓慢，是因为它从损失曲线上 [[eq:sigmoid_seed_claimed_logit]] 的点出发",
    verdict="wrong",
    evidence=("sigmoid_start_logit_3_2", "sigmoid_seed_claimed_logit", "sigmoid_prime_at_start_3_2"),
    why_en="With output $\\sigma(w + b)$ the starting logit is [[value:sigmoid_start_logit_3_2]]. The conclusion "
    "survives, since the slope there is only [[value:sigmoid_prime_at_start_3_2]], but the point is the wrong one.",
    why_zh="输出为 $\\sigma(w + b)$ 时，初始 logit 是 [[value:sigmoid_start_logit_3_2]]。结论依然成立，因为那里的斜率"
    "只有 [[value:sigmoid_prime_at_start_3_2]]，但所指的点是错的。",
)

source_claim(
    "sce_model_missing_input",
    post=GD,
    section="§1.14",
    title_en="The model formula is missing its input",
    title_zh="模型公式漏掉了输入",
    claim_en="the prediction, written out, is $\\sigma$ of $w^T + b$",
    claim_zh="把预测值展开写出，是 $\\sigma$ 作用于 $w^T + b$",
    verdict="wrong",
    evidence=("sigmoid_logit_input_slope",),
    why_en="The input $x$ is missing: the logit is $w^T x + b$, and [[relation:sigmoid_logit_input_slope]], while "
    "$w^T + b$ does not depend on the input at all. The same line writes it correctly one step earlier; in the "
    "experiment the input is 1, so no number changes.",
    why_zh="漏掉了输入 $x$：logit 应为 $w^T x + b$，且 [[relation:sigmoid_logit_input_slope]]，而 $w^T + b$ "
    "根本不随输入变化。同一行的前一步写得是对的；实验中输入为 1，所以没有哪个数值受到影响。",
)

source_claim(
    "sce_sigmoid_not_softmax",
    post=MLP,
    section=BCE_APPENDIX,
    title_en="It is a sigmoid, not a softmax",
    title_zh="这是 sigmoid，不是 softmax",
    claim_en="the output layer of this derivation is a linear layer followed by a softmax activation",
    claim_zh="这个推导中的输出层是一个线性层后接 softmax 激活",
    verdict="wrong",
    evidence=("bce_sigmoid_gradient", "softmax_ce_gradient_general"),
    why_en="Every formula in the appendix is the sigmoid's, and the cancellation [[relation:bce_sigmoid_gradient]] "
    "is specific to a sigmoid output with binary cross-entropy. Softmax with cross-entropy has a cancellation "
    "of its own, [[relation:softmax_ce_gradient_general]], with a different derivation.",
    why_zh="附录里的每一个公式都是 sigmoid 的，而约去 [[relation:bce_sigmoid_gradient]] 是 sigmoid 输出配二元交叉熵所"
    "特有的。softmax 配交叉熵也有它自己的约去 [[relation:softmax_ce_gradient_general]]，但推导过程不同。",
)

source_claim(
    "sce_bias_gradient_sum",
    post=MLP,
    section=BCE_APPENDIX,
    title_en="The bias gradient is a sum, not a vector",
    title_zh="偏置的梯度是一个求和，而不是一个向量",
    claim_en=r"the gradient with respect to the bias is the vector $\frac{1}{m}(\mathbf{A} - \mathbf{Y})$",
    claim_zh=r"对偏置的梯度是向量 $\frac{1}{m}(\mathbf{A} - \mathbf{Y})$",
    verdict="wrong",
    evidence=("bce_bias_gradient",),
    why_en="The bias is one number shared by all $m$ examples, and each logit depends on it with slope 1, so its "
    "gradient is the sum of the per-example gradients: for a batch of three, [[relation:bce_bias_gradient]]. "
    "The vector is the gradient with respect to the logits.",
    why_zh="偏置是所有 $m$ 个样本共享的一个数，每个 logit 对它的斜率都是 1，所以它的梯度是各样本梯度之和：以三个样本"
    "为例，[[relation:bce_bias_gradient]]。那个向量是对各 logit 的梯度。",
)

source_claim(
    "sce_mse_factor_two",
    post=GD,
    section="§1.14.1",
    title_en="MSE's gradient carries a factor 2",
    title_zh="MSE 的梯度带有因子 2",
    claim_en=r"the gradient that MSE sends back to the sigmoid is $\hat{y} - y$",
    claim_zh=r"MSE 传回给 sigmoid 的梯度是 $\hat{y} - y$",
    verdict="wrong",
    evidence=("mse_sigmoid_gradient",),
    why_en="For the mean squared error without a factor $\\frac{1}{2}$, which is what the post's code uses, the "
    "chain-rule step of [[relation:mse_sigmoid_gradient]] carries a factor 2. The comparison formula in §1.14.2 "
    "drops it too. The conclusion does not depend on it: the factor $a(1 - a)$ is what stays.",
    why_zh="对于不带因子 $\\frac{1}{2}$ 的均方误差（原文的代码用的正是这种），[[relation:mse_sigmoid_gradient]] "
    "中链式法则那一步带有因子 2。§1.14.2 中用来对比的公式同样漏掉了它。结论并不受影响：留下来的是因子 $a(1 - a)$。",
)

# ---------------------------------------------------------------- confirmed
source_claim(
    "sce_mse_slow_from_3_2",
    post=GD,
    section="§1.14.1",
    title_en="MSE is slow from (3, 2) because the sigmoid is flat there",
    title_zh="MSE 从 (3, 2) 出发很慢，因为 sigmoid 在那里很平",
    claim_en="from $(3, 2)$ gradient descent on MSE moves very slowly, because the sigmoid multiplies the "
    "gradient by its own tiny slope",
    claim_zh="从 $(3, 2)$ 出发，MSE 上的梯度下降进展很慢，因为 sigmoid 会把梯度乘上它自己很小的斜率",
    verdict="right",
    evidence=("sigmoid_prime_at_start_3_2", "sigmoid_mse_end_output_3_2", "sigmoid_bce_end_output_3_2"),
    why_en="The slope at the start is [[value:sigmoid_prime_at_start_3_2]]; after [[value:sigmoid_steps]] steps "
    "the output under MSE is still [[value:sigmoid_mse_end_output_3_2]], under BCE "
    "[[value:sigmoid_bce_end_output_3_2]].",
    why_zh="起点处的斜率是 [[value:sigmoid_prime_at_start_3_2]]；[[value:sigmoid_steps]] 步之后，MSE 下的输出仍为 "
    "[[value:sigmoid_mse_end_output_3_2]]，BCE 下则为 [[value:sigmoid_bce_end_output_3_2]]。",
)

source_claim(
    "sce_bce_cancels",
    post=GD,
    section="§1.14.2",
    title_en="BCE cancels the sigmoid's slope",
    title_zh="BCE 约去了 sigmoid 的斜率",
    claim_en=r"with BCE the sigmoid's derivative cancels, leaving the gradient $\frac{1}{m}\sum(\hat{y} - y)x$",
    claim_zh=r"用 BCE 时 sigmoid 的导数被约去，梯度只剩 $\frac{1}{m}\sum(\hat{y} - y)x$",
    verdict="right",
    evidence=("bce_sigmoid_gradient",),
    why_en="Per logit, [[relation:bce_sigmoid_gradient]]; the weight's gradient multiplies it by the input.",
    why_zh="对每个 logit 有 [[relation:bce_sigmoid_gradient]]；权重的梯度再乘上输入即可。",
)

source_claim(
    "sce_mlp_logit_gradient",
    post=MLP,
    section=BCE_APPENDIX,
    title_en="The gradient with respect to each logit",
    title_zh="对每个 logit 的梯度",
    claim_en=r"after a sigmoid, the mean BCE's gradient with respect to the $i$-th logit is $\frac{1}{m}(a_i - y_i)$",
    claim_zh=r"sigmoid 之后，平均 BCE 对第 $i$ 个 logit 的梯度是 $\frac{1}{m}(a_i - y_i)$",
    verdict="right",
    evidence=("bce_sigmoid_gradient",),
    why_en="The appendix's chain is the one checked above: [[relation:bce_sigmoid_gradient]].",
    why_zh="附录中的推导与上文验证的相同：[[relation:bce_sigmoid_gradient]]。",
)
