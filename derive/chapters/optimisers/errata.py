"""The claims about momentum, adaptive rates and Himmelblau's function this chapter reviews, each with its
verdict and evidence: the post "Gradient Descent" §1.10–1.11, and the post comparing automatic
differentiation and optimisers in TensorFlow and PyTorch, §4. The page's boxes and the errata page render
from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

GD = "gradient_descent"
AD = "autodiff_frameworks"

# ---------------------------------------------------------------- "Gradient Descent" §1.10–1.11
source_claim(
    "opt_momentum_speeds_up",
    post=GD,
    section="§1.10",
    title_en="Momentum speeds descent up along the flat direction",
    title_zh="动量在平缓方向上加快了下降",
    claim_en="when momentum agrees with the gradient, it speeds descent up",
    claim_zh="动量与梯度同向时能加快下降",
    verdict="right",
    evidence=(
        "opt_momentum_recurrence",
        "opt_slow_gd_factor_y",
        "opt_slow_radius_x",
        "opt_slow_gd_distance",
        "opt_slow_momentum_distance",
    ),
    why_en="In the post's first run plain descent shrinks $y$ by only [[value:opt_slow_gd_factor_y]] per step, "
    "while momentum's recurrence contracts both directions with modulus [[value:opt_slow_radius_x]]: after the run "
    "plain descent is [[value:opt_slow_gd_distance]] from the minimum, momentum [[value:opt_slow_momentum_distance]].",
    why_zh="在原文的第一组实验中，普通梯度下降每步只把 $y$ 缩小到原来的 [[value:opt_slow_gd_factor_y]]，而动量法的递推"
    "在两个方向上都以模 [[value:opt_slow_radius_x]] 收缩：实验结束时，普通梯度下降离最小值 "
    "[[value:opt_slow_gd_distance]]，动量法只有 [[value:opt_slow_momentum_distance]]。",
)

source_claim(
    "opt_momentum_damps",
    post=GD,
    section="§1.10",
    title_en="Momentum damps the oscillation",
    title_zh="动量抑制了震荡",
    claim_en="when momentum opposes the gradient, it damps the oscillation",
    claim_zh="动量与梯度反向时能抑制震荡",
    verdict="right",
    evidence=("opt_momentum_characteristic", "opt_edge_gd_factor_x", "opt_edge_edge", "opt_sqrt_half"),
    why_en="In the post's second run plain descent sits on its stability edge (factor [[value:opt_edge_gd_factor_x]] "
    "along $x$, so $x$ flips sign forever); for momentum the same rate is well inside the region, whose edge is "
    "[[value:opt_edge_edge]] for this $\\beta$, and both directions contract by [[value:opt_sqrt_half]] per step.",
    why_zh="在原文的第二组实验中，普通梯度下降处在稳定边界上（$x$ 方向的因子为 [[value:opt_edge_gd_factor_x]]，$x$ "
    "永远来回变号）；对动量法而言，同样的学习率远在收敛区域之内（这个 $\\beta$ 对应的边界是 [[value:opt_edge_edge]]），"
    "两个方向每步都收缩到 [[value:opt_sqrt_half]]。",
)

source_claim(
    "opt_adagrad_without_eps",
    post=GD,
    section="§1.11",
    title_en="Adagrad needs its $\\epsilon$",
    title_zh="Adagrad 离不开 $\\epsilon$",
    claim_en="Adagrad divides the gradient by the root of the sum of the squared past gradients, with nothing added",
    claim_zh="Adagrad 用梯度除以历史梯度平方和的平方根，分母不加任何东西",
    verdict="wrong",
    evidence=("opt_adagrad_no_eps", "opt_adagrad_with_eps"),
    why_en="On a coordinate whose gradient has always been 0 the formula computes $0/0$: one step of it gives "
    "[[value:opt_adagrad_no_eps]]. With PyTorch's [[hypothesis:opt_eps_positive]] in the denominator the "
    "coordinate stays at [[value:opt_adagrad_with_eps]], where it started.",
    why_zh="对梯度一直为 0 的坐标，这个公式算的是 $0/0$：按它走一步得到 [[value:opt_adagrad_no_eps]]。"
    "分母中加上 PyTorch 的 [[hypothesis:opt_eps_positive]] 后，"
    "这个坐标停在 [[value:opt_adagrad_with_eps]]，即它的起点。",
)

source_claim(
    "opt_rmsprop_demo",
    post=GD,
    section="§1.11",
    title_en="The demo explains Adagrad but runs RMSprop",
    title_zh="演示讲的是 Adagrad，运行的却是 RMSprop",
    claim_en="the demo shows Adagrad giving the flat direction a larger learning rate",
    claim_zh="演示展示了 Adagrad 给平缓方向更大的学习率",
    verdict="imprecise",
    evidence=("opt_rmsprop_first_step", "opt_rmsprop_lr", "opt_rmsprop_first_move"),
    why_en="Its code runs `torch.optim.RMSprop` with [[eq:opt_rmsprop_lr]], whose first move is "
    "[[value:opt_rmsprop_first_move]] in each coordinate, the same in both: what the picture shows is equal steps "
    "whatever the curvature, not a larger rate for the flat direction.",
    why_zh="它的代码运行的是 `torch.optim.RMSprop`，并取 [[eq:opt_rmsprop_lr]]，第一步在每个坐标上都移动 "
    "[[value:opt_rmsprop_first_move]]，大小相同：图中展示的是不论曲率如何步长都相等，而不是给平缓方向更大的学习率。",
)

# ---------------------------------------------------------------- the TensorFlow/PyTorch post, §4
source_claim(
    "opt_fourth_minimum",
    post=AD,
    section="§4",
    title_en="The fourth minimum is printed wrong",
    title_zh="第四个极小值点写错了",
    claim_en="Himmelblau's function has four zeros, the fourth at $(3.583328, -1.848126)$",
    claim_zh="Himmelblau 函数有四个零点，第四个在 $(3.583328, -1.848126)$",
    verdict="wrong",
    evidence=("opt_hb_minimum_3_xy", "opt_hb_printed_error", "opt_hb_printed_f"),
    why_en="The true minimum is [[value:opt_hb_minimum_3_xy]]; the printed point is off by "
    "[[value:opt_hb_printed_error]], and $f$ there is [[value:opt_hb_printed_f]], not 0.",
    why_zh="真正的极小值点是 [[value:opt_hb_minimum_3_xy]]；给出的点偏离了 [[value:opt_hb_printed_error]]，"
    "$f$ 在那里等于 [[value:opt_hb_printed_f]]，而不是 0。",
)

source_claim(
    "opt_fixed_rate_never",
    post=AD,
    section="§4.1",
    title_en="A fixed learning rate does reach the minimum",
    title_zh="固定学习率也能到达极小值",
    claim_en="with the learning rate fixed at 0.001, hand-written gradient descent never reaches the true zero",
    claim_zh="学习率固定为 0.001，手写的梯度下降永远到不了真正的零点",
    verdict="wrong",
    evidence=("opt_hb_float64_steps", "opt_hb_stall_step", "opt_hb_stall_step_size", "opt_hb_stall_half_gap"),
    why_en="In float64 the post's own loop reaches $(3, 2)$ to $10^{-12}$ in [[value:opt_hb_float64_steps]] steps. "
    "The float32 stall after [[value:opt_hb_stall_step]] steps is a rounding floor, not the learning rate's fault: "
    "the step, [[value:opt_hb_stall_step_size]] per coordinate, falls below half the float32 spacing near the "
    "iterate, [[value:opt_hb_stall_half_gap]].",
    why_zh="在 float64 下，原文自己的循环只需 [[value:opt_hb_float64_steps]] 步就以 $10^{-12}$ 的精度到达 $(3, 2)$。"
    "float32 下在 [[value:opt_hb_stall_step]] 步之后的停滞是舍入的下限，并非学习率之过：每个坐标的步长 "
    "[[value:opt_hb_stall_step_size]] 小于迭代点附近 float32 间距的一半 [[value:opt_hb_stall_half_gap]]。",
)

source_claim(
    "opt_sgd_name",
    post=AD,
    section="§4.2",
    title_en="Nothing in the loop is stochastic",
    title_zh="这个循环里没有任何随机性",
    claim_en="the optimiser loop runs SGD, stochastic gradient descent",
    claim_zh="优化器循环运行的是 SGD，即随机梯度下降",
    verdict="imprecise",
    evidence=("opt_sgd_vs_gd",),
    why_en="The loop takes the full gradient of one deterministic function; `torch.optim.SGD` without momentum is "
    "plain gradient descent: on the post's run the largest difference between the two is [[value:opt_sgd_vs_gd]].",
    why_zh="这个循环对一个确定的函数求完整梯度；不带动量的 `torch.optim.SGD` 就是普通梯度下降：在原文的实验上，两者的"
    "最大差别是 [[value:opt_sgd_vs_gd]]。",
)

source_claim(
    "opt_adam_true_zero",
    post=AD,
    section="§4.2",
    title_en="Adam does not find the minimum from every start",
    title_zh="Adam 并非从任何起点都能找到极小值",
    claim_en="switch the optimiser to Adam and the true zero is found",
    claim_zh="把优化器换成 Adam，就能找到真正的零点",
    verdict="imprecise",
    evidence=("opt_hb_adam_distance_0", "opt_hb_adam_distance_1", "opt_hb_stall_distance"),
    why_en="From the post's start Adam lands on $(3, 2)$ ([[value:opt_hb_adam_distance_0]] away), but from "
    "$(-4, 4)$ it ends [[value:opt_hb_adam_distance_1]] from the minimum, farther than the float32 stall of "
    "gradient descent ([[value:opt_hb_stall_distance]]).",
    why_zh="从原文的起点出发，Adam 确实落在 $(3, 2)$ 上（距离 [[value:opt_hb_adam_distance_0]]）；但从 $(-4, 4)$ 出发，"
    "它最后离极小值点 [[value:opt_hb_adam_distance_1]]，比梯度下降在 float32 下的停滞距离"
    "（[[value:opt_hb_stall_distance]]）还远。",
)
