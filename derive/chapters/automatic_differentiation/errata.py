"""The claims of the post comparing automatic differentiation in TensorFlow and PyTorch that this chapter
reviews (its §2 on the MSE loss and §3 on the chain rule), each with its verdict and evidence. The page's
boxes and the errata page render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

POST = "autodiff_frameworks"

source_claim(
    "ad_mse_name",
    post=POST,
    section="§2",
    title_en="MSE is the mean squared error",
    title_zh="MSE 是均方误差",
    claim_en="MSE stands for “Mean Square Root”",
    claim_zh="MSE 是 “Mean Square Root” 的缩写",
    verdict="wrong",
    evidence=("ad_mse_loss", "ad_rmse"),
    why_en="It is the mean squared error: the mean of the squares, with no root taken. On the batch of the "
    "post's example (see the automatic differentiation chapter) the mean of the squares is [[value:ad_mse_loss]]; "
    "a root would give the root mean square error, [[value:ad_rmse]], a different number with a different "
    "gradient.",
    why_zh="它其实是均方误差（mean squared error）：平方的平均，并不开方。在原文例子的批量上（见自动微分一章），"
    "平方的平均是 [[value:ad_mse_loss]]；若再开方，得到的是均方根误差 [[value:ad_rmse]]，这是另一个数，梯度也不同。",
)

source_claim(
    "ad_chain_rule_statement",
    post=POST,
    section="§3",
    title_en="The source's statement of the chain rule is garbled",
    title_zh="原文对链式法则的表述是错乱的",
    claim_en="the code checks whether “dw2/dy1” equals “dw2/dy2 · dy2/y1”",
    claim_zh="代码验证的是“dw2/dy1”是否等于“dw2/dy2 · dy2/y1”",
    verdict="wrong",
    evidence=("ad_chain_two_links",),
    why_en="Numerator and denominator are swapped, one factor has lost its d, and the pieces do not chain. "
    "The code checks the right statement, the one proved on this chapter's page: the derivative of $y_2$ with "
    "respect to $w_1$ is the derivative of $y_2$ with respect to $y_1$ times the derivative of $y_1$ with "
    "respect to $w_1$.",
    why_zh="分子与分母颠倒了，有一个因子丢了 d，各段也接不成链。它的代码检验的却是正确的关系，即本章页面上"
    "证明的那一个：$y_2$ 对 $w_1$ 的导数，等于 $y_2$ 对 $y_1$ 的导数乘以 $y_1$ 对 $w_1$ 的导数。",
)
