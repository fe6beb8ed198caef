"""The claims of the two posts behind this chapter that it reviews, each with its verdict and evidence.

The post on writing an MLP's forward and backward pass by hand (numpy_mlp) and the PyTorch notes on
gradient operations (pytorch_notes, its section on gradients of common functions). The page's boxes and
the errata page render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

MLP = "numpy_mlp"
MAE_SECTION = "2.1 MAE函数的梯度"
RELU_SECTION = "2.2 ReLU函数的梯度"
LINEAR_SECTION = "2.3 线性层的梯度"
CHECK_SECTION = "2.5 梯度检查"
NOTES = "pytorch_notes"
COMMON = "常见函数梯度"

source_claim(
    "bp_mae_without_one_over_m",
    post=MLP,
    section=MAE_SECTION,
    title_en="The MAE's derivative lacks its 1/m",
    title_zh="MAE 的导数缺了 1/m",
    claim_en="the derivative of the mean absolute error with respect to a prediction is plus or minus one",
    claim_zh="平均绝对误差对某个预测值的导数是正负 1",
    verdict="wrong",
    evidence=("backprop_mae_gradient", "bp_missing_one_over_m_ratio"),
    why_en="The mean divides by the batch size, and so does its derivative: [[relation:backprop_mae_gradient]]. "
    "On a batch of the source's size the stated formula is [[value:bp_missing_one_over_m_ratio]] times too "
    "large in every entry. The post's code does divide by the batch size.",
    why_zh="平均值要除以批大小，它的导数也一样：[[relation:backprop_mae_gradient]]。在原文所用大小的一批上，"
    "文中的公式每个元素都大了 [[value:bp_missing_one_over_m_ratio]] 倍。原文的代码倒是除以了批大小。",
)

source_claim(
    "bp_kinks_ignored",
    post=MLP,
    section=RELU_SECTION,
    title_en="The kinks of ReLU and MAE",
    title_zh="ReLU 与 MAE 的折点",
    claim_en="the derivatives of ReLU and of the absolute value are given away from 0, leaving the point 0 aside",
    claim_zh="给出 ReLU 和绝对值在 0 以外的导数，暂不考虑 0 点",
    verdict="imprecise",
    evidence=("relu_derivative", "bp_sign_at_tie"),
    why_en="The code still has to return something at 0, and it does: [[hypothesis:relu_derivative_at_zero]] and "
    "[[hypothesis:mae_sign_at_tie]] (its comparison expression gives [[value:bp_sign_at_tie]] at a tie); "
    "both are subgradients, and a gradient check must avoid sampling at them.",
    why_zh="代码在 0 处仍然必须返回一个值，它也确实返回了：[[hypothesis:relu_derivative_at_zero]] 与 "
    "[[hypothesis:mae_sign_at_tie]]（它的比较表达式在平局处给出 [[value:bp_sign_at_tie]]）；两者都是次梯度，"
    "而梯度检查必须避免在这些点上取样。",
)

source_claim(
    "bp_linear_layer_gradients",
    post=MLP,
    section=LINEAR_SECTION,
    title_en="The gradients of a linear layer",
    title_zh="线性层的梯度",
    claim_en="for a layer Wᵀx + b, the gradients of the weight, bias and input follow from the chain rule",
    claim_zh="对线性层 Wᵀx + b，权重、偏置和输入的梯度都由链式法则得到",
    verdict="right",
    evidence=("linear_weight_gradient_batch", "linear_bias_gradient_batch", "linear_input_gradient_batch"),
    why_en="Proved entry by entry for two shapes and a batch; over a batch the bias gradient is a sum.",
    why_zh="已对两种形状和一批数据逐元素证明；对一批数据，偏置的梯度是求和。",
)

source_claim(
    "bp_printed_difference",
    post=MLP,
    section=CHECK_SECTION,
    title_en="The size of the printed difference",
    title_zh="打印出的差值大小",
    claim_en="the largest difference between the back-propagated and the estimated gradient is about 3e-11",
    claim_zh="反向传播得到的梯度与估计梯度的最大差约为 3e-11",
    verdict="right",
    evidence=("bp_source_redo_max_abs_difference", "bp_source_redo_ulp_over_2eps"),
    why_en="Redone on a draw from the same seed: [[value:bp_source_redo_max_abs_difference]], the size of one "
    "rounding unit of the loss over 2ε ([[value:bp_source_redo_ulp_over_2eps]]). The exact digits depend on the "
    "random draw, which cannot be rebuilt.",
    why_zh="用同一种子重新抽样重做：[[value:bp_source_redo_max_abs_difference]]，与损失的一个舍入单位除以 2ε "
    "同一量级（[[value:bp_source_redo_ulp_over_2eps]]）。具体数字取决于随机抽样，而那次抽样无法复原。",
)

source_claim(
    "bp_one_check_proves",
    post=MLP,
    section=CHECK_SECTION,
    title_en="One passing check is not a proof",
    title_zh="一次检查通过不等于证明",
    claim_en="the small difference found by one gradient check proves the derivation correct",
    claim_zh="一次梯度检查得到的差值很小，这就证明了推导是正确的",
    verdict="wrong",
    evidence=("bp_mae_without_abs_at_source_point", "bp_mae_without_abs_at_mixed_targets"),
    why_en="A check samples one point. Differentiating the MAE without its absolute value passes at the "
    "source's sample (relative error [[value:bp_mae_without_abs_at_source_point]]) and fails once the targets "
    "lie on both sides of the predictions ([[value:bp_mae_without_abs_at_mixed_targets]]).",
    why_zh="一次检查只抽查一个点。求 MAE 导数时丢掉绝对值，在原文的样本上能通过（相对误差 "
    "[[value:bp_mae_without_abs_at_source_point]]），一旦目标分居预测值两侧就失败"
    "（[[value:bp_mae_without_abs_at_mixed_targets]]）。",
)

source_claim(
    "bp_check_not_restored",
    post=MLP,
    section=CHECK_SECTION,
    title_en="The check leaves the model changed",
    title_zh="检查之后模型被改动了",
    claim_en="the check loads each perturbed parameter vector into the model and never loads the original back",
    claim_zh="检查把每个扰动后的参数向量载入模型，却从不把原始参数载回去",
    verdict="wrong",
    evidence=("bp_unrestored_copy_moved", "bp_unrestored_copy_loss_change"),
    why_en="The estimates are right, but the model left behind has [[value:bp_unrestored_copy_moved]] parameter "
    "moved by ε and a loss changed by [[value:bp_unrestored_copy_loss_change]].",
    why_zh="估计值没有错，但留下的模型有 [[value:bp_unrestored_copy_moved]] 个参数偏移了 ε，"
    "损失变化了 [[value:bp_unrestored_copy_loss_change]]。",
)

for name, title_en, title_zh in (
    ("common_gradient_linear", "The linear unit", "线性单元"),
    ("common_gradient_squares", "Squared weight and bias", "权重和偏置取平方"),
    ("common_gradient_exponential", "Exponential weight and bias", "权重和偏置取指数"),
):  # its two other examples give their results as images in this copy: derived here, not reviewed
    source_claim(
        f"bp_{name}",
        post=NOTES,
        section=COMMON,
        title_en=title_en,
        title_zh=title_zh,
        claim_en="the gradient with respect to the weight and the bias, as the post gives it",
        claim_zh="原文给出的对权重和偏置的梯度",
        verdict="right",
        evidence=(name,),
        why_en=f"[[relation:{name}]]",
        why_zh=f"[[relation:{name}]]",
    )
