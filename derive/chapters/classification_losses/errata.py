"""The claims of 《梯度求解学习小结1》 (notes on deriving gradients with indicators) this chapter reviews,
each with its verdict and the derivations or values that settle it. The page's boxes and the errata page
render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

POST = "gradient_notes"
TRICKS = "梯度推导过程中的trick"  # the post's section headings, as it writes them
SVM = "Multiclass SVM loss"
SOFTMAX = "Softmax loss"

source_claim(
    "gn_min_max_with_indicators",
    post=POST,
    section=f"{TRICKS} › 二值选择",
    title_en="A minimum and a hinge written with indicators",
    title_zh="用指示函数写最小值与合页函数",
    claim_en="a minimum of two expressions, and a maximum with 0, can be written as sums of terms with indicators",
    claim_zh="两个表达式的最小值、与 0 取最大值，都可以写成带指示函数的项之和",
    verdict="right",
    evidence=("indicator_min", "indicator_min_other_tie", "indicator_positive_part", "indicator_hinge_either_tie"),
    why_en="[[relation:indicator_min]] and [[relation:indicator_positive_part]]; which case takes the tie "
    "does not matter, [[relation:indicator_hinge_either_tie]].",
    why_zh="[[relation:indicator_min]]，[[relation:indicator_positive_part]]；相等的情形归入哪一边都可以，"
    "[[relation:indicator_hinge_either_tie]]。",
)

source_claim(
    "gn_select_component",
    post=POST,
    section=f"{TRICKS} › 多值选择",
    title_en="A sum with an indicator picks one component",
    title_zh="带指示函数的求和取出一个分量",
    claim_en="a sum over i with the indicator of i being k keeps the k-th term alone",
    claim_zh="对 i 求和时带上 i 等于 k 的指示函数，只留下第 k 项",
    verdict="right",
    evidence=("indicator_select", "indicator_select_general"),
    why_en="[[relation:indicator_select_general]], provided k is among the indices summed over.",
    why_zh="[[relation:indicator_select_general]]，前提是 k 在求和的下标范围之内。",
)

source_claim(
    "gn_and_is_product",
    post=POST,
    section=f"{TRICKS} › 逻辑运算",
    title_en="AND is a product",
    title_zh="“与”就是乘积",
    claim_en="the indicator of A and B is the product of their indicators",
    claim_zh="A 与 B 同时成立的指示函数等于两者指示函数之积",
    verdict="right",
    evidence=("indicator_and",),
    why_en="[[relation:indicator_and]], on every row of the truth table.",
    why_zh="[[relation:indicator_and]]，真值表的每一行都成立。",
)

source_claim(
    "gn_or_is_sum",
    post=POST,
    section=f"{TRICKS} › 逻辑运算",
    title_en="OR is not a sum",
    title_zh="“或”不是相加",
    claim_en=r"the indicator of $A \vee B$ is the plain sum $\mathbf{1}\{A\} + \mathbf{1}\{B\}$",
    claim_zh=r"$A \vee B$ 的指示函数等于直接相加 $\mathbf{1}\{A\} + \mathbf{1}\{B\}$",
    verdict="wrong",
    evidence=(
        "indicator_or_rule",
        "indicator_or_union_bound",
        "indicator_or_seed_counterexample",
        "indicator_seed_example_always",
        "indicator_seed_example_x",
    ),
    why_en="When both hold, at [[eq:indicator_or_seed_counterexample]], the left side is 1 and the sum 2: the sum "
    "is only the bound [[relation:indicator_or_union_bound]]. In the post's own example the condition always "
    "holds, [[relation:indicator_seed_example_always]], yet the sum is [[value:indicator_seed_example_rhs]] "
    "at [[eq:indicator_seed_example_x]]. The rule is [[relation:indicator_or_rule]].",
    why_zh="两者都成立时，即 [[eq:indicator_or_seed_counterexample]]，左边是 1，和却是 2：和只是上界 "
    "[[relation:indicator_or_union_bound]]。在原文自己的例子中条件恒成立，"
    "[[relation:indicator_seed_example_always]]，可是在 [[eq:indicator_seed_example_x]] 处和为 "
    "[[value:indicator_seed_example_rhs]]。正确的规则是 [[relation:indicator_or_rule]]。",
)

source_claim(
    "gn_svm_index_slips",
    post=POST,
    section=f"{SVM} › 求∂L/∂s_j",
    title_en="Index slips in the hinge derivation",
    title_zh="合页损失推导中的下标笔误",
    claim_en=r"$s_k$ is called the score of class $j$, and the rewritten loss sums $(s_j - s_y + 1)$ over $m$",
    claim_zh=r"把 $s_k$ 称作第 $j$ 类的打分，改写后的损失对 $m$ 求和的却是 $(s_j - s_y + 1)$",
    verdict="imprecise",
    evidence=("svm_gradient_c3", "svm_gradient_general"),
    why_en="The summand should be $(s_m - s_y + 1)$. The final formula is nevertheless right: "
    "[[final:svm_gradient_general]].",
    why_zh="被加项应为 $(s_m - s_y + 1)$。不过最终的公式是对的：[[final:svm_gradient_general]]。",
)

source_claim(
    "gn_svm_gradient",
    post=POST,
    section=f"{SVM} › 求∂L/∂s_j",
    title_en="The hinge loss's gradient",
    title_zh="合页损失的梯度",
    claim_en="a wrong class gets its violation indicator, the true class minus the number of violations",
    claim_zh="错误类别的梯度是它的违反指示，真实类别的梯度是违反次数的相反数",
    verdict="right",
    evidence=("svm_gradient_c2", "svm_gradient_c3", "svm_gradient_c4", "general_formula_max_gap"),
    why_en="[[relation:svm_gradient_general]]; compared with SymPy's diff for 2 to 6 classes.",
    why_zh="[[relation:svm_gradient_general]]；类别数从 2 到 6 都与 SymPy 的导数做了比较。",
)

source_claim(
    "gn_svm_kink_convention",
    post=POST,
    section=f"{SVM} › 编码实现",
    title_en="The kink counted as violated",
    title_zh="折点被算作违反",
    claim_en="a margin is violated when [[hypothesis:svm_violated_seed]]",
    claim_zh="[[hypothesis:svm_violated_seed]] 时间隔被违反",
    verdict="right",
    evidence=("svm_kink_left_slope", "svm_kink_right_slope", "svm_kink_seed"),
    why_en="At a kink the one-sided slopes are [[value:svm_kink_left_slope]] and [[value:svm_kink_right_slope]]; "
    "the post's [[value:svm_kink_seed]] is one of the valid subgradients, as is our 0.",
    why_zh="在折点处两侧的斜率分别是 [[value:svm_kink_left_slope]] 和 [[value:svm_kink_right_slope]]；原文取的 "
    "[[value:svm_kink_seed]] 是合法的次梯度之一，我们取的 0 也是。",
)

source_claim(
    "gn_svm_batch",
    post=POST,
    section=f"{SVM} › 求平均损失对打分矩阵的梯度",
    title_en="dS stacks the rows' gradients divided by N",
    title_zh="dS 是各行梯度叠起来再除以 N",
    claim_en="each row of dS is the one-example gradient divided by the batch size",
    claim_zh="dS 的每一行是单样本梯度除以批量大小",
    verdict="right",
    evidence=("svm_batch_gradient", "softmax_ce_batch_gradient"),
    why_en="Proved for a 2 × 3 batch, and the NumPy code agrees on random batches.",
    why_zh="对 2 × 3 的批量做了证明，NumPy 代码在随机批量上与之一致。",
)

source_claim(
    "gn_svm_code_int",
    post=POST,
    section=f"{SVM} › 编码实现",
    title_en="The SVM code cannot divide its gradient",
    title_zh="SVM 代码无法对梯度做除法",
    claim_en="the printed svm_loss returns the loss and dS",
    claim_zh="原文的 svm_loss 返回损失和 dS",
    verdict="wrong",
    evidence=("seed_svm_error", "seed_svm_float_gradient_difference"),
    why_en="dS is built as an integer array, so the division by N stops with [[value:seed_svm_error]] in current "
    "NumPy (older versions floor-divided, silently). With a float array it matches our svm_loss to "
    "[[value:seed_svm_float_gradient_difference]].",
    why_zh="dS 被构造成整数数组，所以在当前的 NumPy 中除以 N 时报错：[[value:seed_svm_error]]"
    "（较早的版本会悄悄地整除）。"
    "改成浮点数组后，它与我们的 svm_loss 相差 [[value:seed_svm_float_gradient_difference]]。",
)

source_claim(
    "gn_softmax_gradient",
    post=POST,
    section=f"{SOFTMAX} › 方法1、方法2",
    title_en="The softmax cross-entropy gradient, two ways",
    title_zh="softmax 交叉熵的梯度，两种推法",
    claim_en="both routes give the probabilities with 1 subtracted at the true class",
    claim_zh="两条路都得到在真实类别处减去 1 的概率",
    verdict="right",
    evidence=("softmax_ce_gradient_lse", "softmax_ce_gradient_py", "indicator_exclusive_sum"),
    why_en="[[relation:softmax_ce_gradient_general]]; the last step adds exclusive cases, "
    "[[relation:indicator_exclusive_sum]], which is right.",
    why_zh="[[relation:softmax_ce_gradient_general]]；最后一步把互斥的情形相加，[[relation:indicator_exclusive_sum]]，"
    "这是对的。",
)

source_claim(
    "gn_softmax_code_x",
    post=POST,
    section=f"{SOFTMAX} › 编码实现",
    title_en="The softmax code uses an undefined X",
    title_zh="softmax 代码用了未定义的 X",
    claim_en="the printed softmax_loss runs on scores S and labels y",
    claim_zh="原文的 softmax_loss 以打分 S 和标签 y 为输入运行",
    verdict="wrong",
    evidence=("seed_softmax_error",),
    why_en="Its first line reads the batch size from X, which is not an argument: [[value:seed_softmax_error]].",
    why_zh="它的第一行从 X 读取批量大小，而 X 并不是参数：[[value:seed_softmax_error]]。",
)

source_claim(
    "gn_softmax_code_no_log",
    post=POST,
    section=f"{SOFTMAX} › 编码实现",
    title_en="The softmax loss is missing its logarithm",
    title_zh="softmax 损失漏了对数",
    claim_en="the code's loss is the cross-entropy of the batch",
    claim_zh="代码算出的损失就是批量的交叉熵",
    verdict="wrong",
    evidence=("seed_softmax_loss_without_log", "ce_example_loss", "seed_softmax_gradient_difference"),
    why_en="It averages minus the true classes' probabilities, not their negative logarithms: "
    "[[value:seed_softmax_loss_without_log]] on the CS231n batch, where the cross-entropy is "
    "[[value:ce_example_loss]]. Its gradient is right, within [[value:seed_softmax_gradient_difference]].",
    why_zh="它对真实类别概率的相反数取平均，而不是对负对数取平均：在 CS231n 批量上得到 "
    "[[value:seed_softmax_loss_without_log]]，而交叉熵是 [[value:ce_example_loss]]。它的梯度是对的，"
    "相差不超过 [[value:seed_softmax_gradient_difference]]。",
)

source_claim(
    "gn_max_subtraction",
    post=POST,
    section=f"{SOFTMAX} › 编码实现",
    title_en="Subtracting the maximum does not make the loss safe",
    title_zh="减去最大值并不能让损失安全",
    claim_en="subtracting the row maximum avoids the numerical problems",
    claim_zh="减去每行的最大值就避免了数值问题",
    verdict="imprecise",
    evidence=("softmax_shift_invariance", "ce_underflow_log_p", "ce_underflow_stable"),
    why_en="It leaves the softmax unchanged and prevents overflow, but a probability can still underflow to 0: "
    "the log of it gives [[value:ce_underflow_log_p]] where the loss is [[value:ce_underflow_stable]]. The "
    "loss has to be computed in log form.",
    why_zh="它不改变 softmax，也防止了溢出，但概率仍可能下溢成 0：对它取对数得到 [[value:ce_underflow_log_p]]，"
    "而损失应为 [[value:ce_underflow_stable]]。损失必须以对数形式计算。",
)
