"""The claims about vanishing and exploding gradients this chapter reviews, each with its verdict and evidence.

All come from the post "Gradient Descent", §1.12 to §1.13 (the three-layer chain, the sigmoid network and its
plots, the remedies). The sigmoid's largest slope is reviewed by the activations chapter
(act_sigmoid_largest_slope) and only shown here. The page's boxes and the errata page render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

GD = "gradient_descent"

# ---------------------------------------------------------------- what it gets right
source_claim(
    "vg_chain_product",
    post=GD,
    section="§1.12",
    title_en="The product of the chain rule is right",
    title_zh="链式法则的连乘积是对的",
    claim_en="the gradient of the three-layer network with respect to its first weight is the product of the last "
    "two layers' slopes and weights, the first layer's slope and the input",
    claim_zh="三层网络对第一层权重的梯度，是后两层的斜率与权重、第一层的斜率以及输入的连乘积",
    verdict="right",
    evidence=("vg_chain_gradient",),
    why_en="That is what the first derivation on this page proves: [[relation:vg_chain_gradient]].",
    why_zh="这正是本章第一个推导所证明的结果：[[relation:vg_chain_gradient]]。",
)

# ---------------------------------------------------------------- what it gets wrong
source_claim(
    "vg_small_weights",
    post=GD,
    section="§1.12",
    title_en="Small weights are not the cause",
    title_zh="权重小并不是原因",
    claim_en="the weights, usually less than 1, are among the reasons the gradient vanishes",
    claim_zh="权重通常也小于 1，这是梯度消失的原因之一",
    verdict="wrong",
    evidence=("vg_weight_std", "vg_linear_gain", "vg_layer_variance", "vg_predicted_shrink", "vg_measured_shrink"),
    why_en="With the post's own initialisation every weight is small (standard deviation [[value:vg_weight_std]]), "
    "yet the measured gain of a linear layer is [[value:vg_linear_gain]]: a layer's gain is "
    "$n \\operatorname{Var}(w)$, not the size of a weight. The shrinking comes from the "
    "sigmoid's slopes, whose product, [[value:vg_predicted_shrink]], matches the "
    "measured [[value:vg_measured_shrink]].",
    why_zh="在原文自己的初始化下，每个权重都很小（标准差 [[value:vg_weight_std]]），但实测的线性层增益为 "
    "[[value:vg_linear_gain]]：一层的增益是 $n \\operatorname{Var}(w)$，与单个权重的大小无关。缩小来自 sigmoid 的斜率，"
    "其乘积 [[value:vg_predicted_shrink]] 与实测的 [[value:vg_measured_shrink]] 相符。",
)

source_claim(
    "vg_signed_mean_plot",
    post=GD,
    section="§1.12",
    title_en="The plot shows the signed mean",
    title_zh="图中画的是带符号的均值",
    claim_en="the plot of each layer's mean weight gradient (scaled up for display) shows how the gradient vanishes",
    claim_zh="每层权重梯度均值的图（为便于显示放大了若干倍）展示了梯度如何消失",
    verdict="wrong",
    evidence=("vg_mean_understates", "vg_sigmoid_mean_layer1", "vg_sigmoid_rms_layer1"),
    why_en="Positive and negative entries cancel in the mean, and at the first layer it is "
    "[[value:vg_mean_understates]] times smaller than the RMS, so the plot overstates the vanishing there by that "
    "factor.",
    why_zh="正负元素在均值中相互抵消，在第一层它比 RMS 小 [[value:vg_mean_understates]] 倍，所以图在那里"
    "把梯度消失夸大了这么多倍。",
)

source_claim(
    "vg_batch_norm_unused",
    post=GD,
    section="§1.12, §1.12.1",
    title_en="The batch-norm layer is built but never applied",
    title_zh="批归一化层建好了却没有用上",
    claim_en="the layer of the post's code has a batch normalisation, and its plots show the networks it builds",
    claim_zh="原文代码中的层带有批归一化，它的图画的就是这样搭出的网络",
    verdict="wrong",
    evidence=("vg_ratio_sigmoid_bn", "vg_ratio_sigmoid"),
    why_en="The constructor creates the batch normalisation, but the line that applies it is commented out, so the "
    "plots show networks without it. Applied, it changes the picture: the sigmoid network's gradient at the first "
    "layer is then [[value:vg_ratio_sigmoid_bn]] times the one at the last layer instead of "
    "[[value:vg_ratio_sigmoid]].",
    why_zh="构造函数里创建了批归一化，但调用它的那一行被注释掉了，所以图画的都是没有批归一化的网络。真正用上之后情形就不同了："
    "sigmoid 网络第一层的梯度是最后一层的 [[value:vg_ratio_sigmoid_bn]] 倍，而不是 [[value:vg_ratio_sigmoid]] 倍。",
)

# ---------------------------------------------------------------- what it says imprecisely
source_claim(
    "vg_relu_output",
    post=GD,
    section="§1.12.1",
    title_en="ReLU helps only with the right initialisation",
    title_zh="ReLU 只有配上合适的初始化才有用",
    claim_en="to make the activations' output larger, choose ReLU as the activation",
    claim_zh="为了增大激活函数的输出，可以选 ReLU 作为激活函数",
    verdict="imprecise",
    evidence=("vg_relu_output_rms", "vg_ratio_relu", "vg_he_gain", "vg_relu_he_output_rms"),
    why_en="With the post's $1/\\sqrt{n}$ weights the ReLU network's output shrinks to an RMS of "
    "[[value:vg_relu_output_rms]] after [[value:vg_depth]] layers and its gradient still vanishes; it is He's "
    "initialisation that keeps both level.",
    why_zh="在原文的 $1/\\sqrt{n}$ 权重下，ReLU 网络的输出 RMS 缩小到 [[value:vg_relu_output_rms]]（经过 "
    "[[value:vg_depth]] 层之后），梯度仍然消失；让两者都保持平稳的是 He 初始化。",
)

source_claim(
    "vg_batch_norm_limits",
    post=GD,
    section="§1.13",
    title_en="Batch normalisation limits the activations, not the gradients",
    title_zh="批归一化限制的是激活值，不是梯度",
    claim_en="for exploding gradients, batch normalisation limits the size of the activations",
    claim_zh="对于梯度爆炸，可以用批归一化限制激活值的大小",
    verdict="imprecise",
    evidence=("vg_factor_relu_bn", "vg_relu_bn_output_rms"),
    why_en="It does keep every layer's output at the same size, but in the ReLU network its backward pass makes the "
    "gradient grow by [[value:vg_factor_relu_bn]] per layer towards the input. Clipping, the post's other remedy, is "
    "what bounds the update.",
    why_zh="它确实让每层输出保持同样的大小，但在 ReLU 网络中，它的反向传播让梯度朝输入端每层增大 "
    "[[value:vg_factor_relu_bn]] 倍。真正限制更新大小的是原文的另一个办法：梯度裁剪。",
)
