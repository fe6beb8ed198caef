"""The claims about gradient descent this chapter reviews, each with its verdict and evidence.

They come from the post "Gradient Descent" (§1.1 to §1.6) and from the PyTorch tutorial notes, section
梯度概念 and 用梯度找极小值解. The page's boxes and the errata page render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

GD = "gradient_descent"
PT = "pytorch_notes"
PT_MINIMUM = "用梯度找极小值解"
SCALING_END_POINTS = tuple(
    f"gd_scaling_{shape}_{axis}_{rate}"
    for rate in ("0_02", "0_04", "0_051")
    for shape in ("circle", "ellipse")
    for axis in ("x", "y")
) + ("gd_scaling_circle_x_0_02_float64", "gd_scaling_ellipse_x_0_051_float64")

# ---------------------------------------------------------------- what the sources get wrong
source_claim(
    "gde_x2sinx_slope",
    post=PT,
    section=PT_MINIMUM,
    title_en="The slope of x² sin x at [[value:gd_x2sinx_start]] is not [[value:gd_x2sinx_seed_slope]]",
    title_zh="x² sin x 在 [[value:gd_x2sinx_start]] 处的斜率不是 [[value:gd_x2sinx_seed_slope]]",
    claim_en="the gradient of $x^2 \\sin x$ at [[value:gd_x2sinx_start]] is [[value:gd_x2sinx_seed_slope]]",
    claim_zh="$x^2 \\sin x$ 在 [[value:gd_x2sinx_start]] 处的梯度是 [[value:gd_x2sinx_seed_slope]]",
    verdict="wrong",
    evidence=("gd_x2sinx_slope_at_start", "gd_x2sinx_seed_slope"),
    why_en="The slope is [[value:gd_x2sinx_slope_at_start]] (derived above), not [[value:gd_x2sinx_seed_slope]].",
    why_zh="实际斜率是 [[value:gd_x2sinx_slope_at_start]]（见上文推导），而不是 [[value:gd_x2sinx_seed_slope]]。",
)

source_claim(
    "gde_x2sinx_full_step",
    post=PT,
    section=PT_MINIMUM,
    title_en="A full step does not overshoot",
    title_zh="不乘学习率的一整步并不会冲过头",
    claim_en="stepping by the gradient without a learning rate would overshoot to "
    "[[value:gd_x2sinx_seed_full_step]], past the minimum",
    claim_zh="不乘学习率直接按梯度走一步会冲到 [[value:gd_x2sinx_seed_full_step]]，越过极小值点",
    verdict="wrong",
    evidence=("gd_x2sinx_seed_full_step", "gd_x2sinx_full_step"),
    why_en="With the correct slope the full step lands at [[value:gd_x2sinx_full_step]], short of the minimum at "
    "[[value:gd_x2sinx_local_min]], so this example does not overshoot.",
    why_zh="用正确的斜率，不乘学习率的一整步落在 [[value:gd_x2sinx_full_step]]，还没到位于 "
    "[[value:gd_x2sinx_local_min]] 的极小值点，所以这个例子并不会冲过头。",
)

source_claim(
    "gde_x2sinx_update",
    post=PT,
    section=PT_MINIMUM,
    title_en="[[value:gd_x2sinx_start]] − [[value:gd_x2sinx_rate]] · ([[value:gd_x2sinx_seed_slope]]) is not "
    "[[value:gd_x2sinx_seed_claimed_update]]",
    title_zh="[[value:gd_x2sinx_start]] − [[value:gd_x2sinx_rate]] · ([[value:gd_x2sinx_seed_slope]]) 不等于 "
    "[[value:gd_x2sinx_seed_claimed_update]]",
    claim_en="one step with learning rate [[value:gd_x2sinx_rate]] goes to [[value:gd_x2sinx_seed_claimed_update]]",
    claim_zh="用学习率 [[value:gd_x2sinx_rate]] 走一步，结果是 [[value:gd_x2sinx_seed_claimed_update]]",
    verdict="wrong",
    evidence=("gd_x2sinx_seed_claimed_update", "gd_x2sinx_seed_update", "gd_x2sinx_first_step"),
    why_en="Even with the post's own gradient the arithmetic gives [[value:gd_x2sinx_seed_update]]; with the "
    "correct slope the step goes to [[value:gd_x2sinx_first_step]].",
    why_zh="即便用它自己的梯度，算出来也是 [[value:gd_x2sinx_seed_update]]；用正确的斜率，这一步走到 "
    "[[value:gd_x2sinx_first_step]]。",
)

source_claim(
    "gde_scaling_speed",
    post=GD,
    section="§1.4",
    title_en="Feature scaling does change the speed",
    title_zh="特征缩放确实会改变速度",
    claim_en="from the experiment above, descent is equally fast with or without scaling (while $x$ falls faster "
    "without it)",
    claim_zh="从上面的实验看，缩放与否，下降速度都一样（同时又说不缩放时 $x$ 下降得更快）",
    verdict="wrong",
    evidence=(
        "gd_factor_circle_x_0_02",
        "gd_factor_ellipse_x_0_02",
        "gd_scaling_distance_circle_0_02",
        "gd_scaling_distance_ellipse_0_02",
    ),
    why_en="At [[eq:gd_rate_0_02]] each step multiplies $x$ by [[value:gd_factor_circle_x_0_02]] on the circle "
    "and by [[value:gd_factor_ellipse_x_0_02]] on the ellipse, and after [[value:gd_scaling_steps]] steps the "
    "distances to the minimum are [[value:gd_scaling_distance_circle_0_02]] and "
    "[[value:gd_scaling_distance_ellipse_0_02]]. The speed depends on the curvature in each direction; the point "
    "of scaling is that one learning rate then suits all of them.",
    why_zh="取 [[eq:gd_rate_0_02]] 时，在圆上每一步把 $x$ 乘以 [[value:gd_factor_circle_x_0_02]]，在椭圆上则乘以 "
    "[[value:gd_factor_ellipse_x_0_02]]；走 [[value:gd_scaling_steps]] 步之后，到最小值点的距离分别是 "
    "[[value:gd_scaling_distance_circle_0_02]] 和 [[value:gd_scaling_distance_ellipse_0_02]]。速度取决于各个方向上"
    "的曲率；缩放的意义在于，缩放之后一个学习率就能适合所有方向。",
)

source_claim(
    "gde_rate_where_gradient_large",
    post=GD,
    section="§1.4",
    title_en="Curvature, not the size of the gradient, limits the learning rate",
    title_zh="限制学习率的是曲率，而不是梯度的大小",
    claim_en="the learning rate should be reduced where the gradient is large",
    claim_zh="梯度大的地方应当减小学习率",
    verdict="wrong",
    evidence=("gd_converging_rates",),
    why_en="On $ax^2$ the gradient $2ax$ grows with the distance from the minimum, yet the rates that converge, "
    "the interval [[value:gd_converging_rates]], do not depend on the position at all: they are fixed by the "
    "curvature $a$. A large gradient far from a gentle minimum is no reason to slow down.",
    why_zh="在 $ax^2$ 上，梯度 $2ax$ 随着到最小值点的距离增大，可收敛的学习率区间 "
    "[[value:gd_converging_rates]] 与位置毫无关系，它只由曲率 $a$ 决定。"
    "离一个平缓的极小值点很远时梯度很大，这并不是放慢脚步的理由。",
)

source_claim(
    "gde_descent_direction_sign",
    post=GD,
    section="§1.2",
    title_en="The gradient points uphill",
    title_zh="梯度指向上坡",
    claim_en="in the proof about contour lines, $(f_x, f_y)$ is the direction of gradient descent",
    claim_zh="在关于等高线的证明中，$(f_x, f_y)$ 是梯度下降的方向",
    verdict="wrong",
    evidence=("gd_steepest_step", "gd_first_order_change"),
    why_en="The gradient is the direction of steepest ascent: [[relation:gd_first_order_change]], so a step along "
    "$\\nabla f$ raises the loss to first order, and descent moves along $-\\nabla f$ "
    "([[relation:gd_steepest_step]]). The proof itself is unaffected, since a vector and its negative are "
    "perpendicular to the same lines.",
    why_zh="梯度是上升最快的方向：[[relation:gd_first_order_change]]，所以沿 "
    "$\\nabla f$ 走一步，在一阶意义下损失会增大；"
    "下降要沿着 $-\\nabla f$ 走（[[relation:gd_steepest_step]]）。不过证明本身不受影响，因为一个向量和它的相反向量"
    "垂直于同样的直线。",
)

source_claim(
    "gde_shrinking_gradient",
    post=GD,
    section="§1.1",
    title_en="A shrinking gradient does not guarantee reaching the minimum",
    title_zh="梯度变小并不保证到达最小值",
    claim_en="as the loss falls the gradient shrinks, so the steps shrink and the loss converges to its minimum",
    claim_zh="损失下降时梯度变小，于是步长变小，损失收敛到最小值",
    verdict="wrong",
    evidence=("gd_factor_ellipse_x_0_051", "gd_x2sinx_local_min"),
    why_en="The argument assumes what it should prove. With a rate above the limit the loss grows instead: at "
    "[[eq:gd_rate_0_051]] on $20x^2 + y^2$ each step multiplies $x$ by [[value:gd_factor_ellipse_x_0_051]]. And "
    "where it does converge, gradient descent reaches a point where the gradient vanishes, which on "
    "$x^2 \\sin x$ is the local minimum at [[value:gd_x2sinx_local_min]], while the function takes lower values "
    "elsewhere.",
    why_zh="这个论证把要证明的结论当成了前提。学习率超过上限时，损失反而会增大：在 $20x^2 + y^2$ 上取 "
    "[[eq:gd_rate_0_051]]，每一步都把 $x$ 乘以 [[value:gd_factor_ellipse_x_0_051]]。即使收敛，梯度下降到达的也只是"
    "梯度为零的点，在 $x^2 \\sin x$ 上那是位于 [[value:gd_x2sinx_local_min]] 的局部极小值点，而函数在别处还能取到"
    "更小的值。",
)

source_claim(
    "gde_speed_and_gradient_size",
    post=GD,
    section="§1.3",
    title_en="The speed is set by the curvatures, not by the size of the gradient",
    title_zh="决定速度的是曲率，而不是梯度的大小",
    claim_en="the speed of descent is proportional to the size of the gradient",
    claim_zh="下降的速度与梯度的大小成正比",
    verdict="imprecise",
    evidence=("gd_best_fixed_rate", "gd_best_factor_20", "gd_best_steps_20"),
    why_en="For one step at a fixed rate the move is indeed proportional to the gradient, but how fast the "
    "distance to the minimum shrinks is set by the ratio of the curvatures: even at the best fixed rate "
    "([[relation:gd_best_fixed_rate]]) each step on $20x^2 + y^2$ keeps a fraction [[value:gd_best_factor_20]] of "
    "the distance, and a millionth takes [[value:gd_best_steps_20]] steps.",
    why_zh="在固定学习率下，一步移动的距离确实与梯度成正比；但到最小值点的距离缩小得多快，取决于曲率之比：即使取最佳的固定"
    "学习率（[[relation:gd_best_fixed_rate]]），在 $20x^2 + y^2$ 上每一步仍保留 [[value:gd_best_factor_20]] 的距离，"
    "缩小到百万分之一需要 [[value:gd_best_steps_20]] 步。",
)

source_claim(
    "gde_curvature_slows",
    post=GD,
    section="§1.6",
    title_en="A large second derivative limits the rate; the ratio of curvatures slows descent",
    title_zh="二阶导数大限制的是学习率，拖慢下降的是曲率之比",
    claim_en="a large second derivative $f''$ makes gradient descent slow",
    claim_zh="二阶导数 $f''$ 大会使梯度下降变慢",
    verdict="imprecise",
    evidence=("gd_second_order_1d",),
    why_en="In one dimension a large $f''$ only caps the learning rate ([[relation:gd_second_order_1d]]); with the "
    "rate chosen for it, a steep quadratic is minimised as fast as a flat one. Descent is slow when one rate has "
    "to serve directions of very different curvature.",
    why_zh="在一维情形下，$f''$ 大只是给学习率设了上限（[[relation:gd_second_order_1d]]）；按它选好学习率，"
    "陡峭的二次函数与"
    "平缓的一样快地被极小化。真正慢的情形是一个学习率要同时照顾曲率相差很大的几个方向。",
)

# ---------------------------------------------------------------- what they get right
source_claim(
    "gde_first_order_decrease",
    post=GD,
    section="§1.1",
    title_en="A small step against the gradient lowers the loss",
    title_zh="逆着梯度走一小步会降低损失",
    claim_en="to first order the change of the loss is the gradient times the step, so stepping by minus the "
    "learning rate times the gradient makes the change negative",
    claim_zh="在一阶近似下，损失的变化量等于梯度与步长的内积，所以取步长为负的学习率乘以梯度，变化量就是负的",
    verdict="right",
    evidence=("gd_first_order_change",),
    why_en="[[relation:gd_first_order_change]], as derived above.",
    why_zh="即上文推导的 [[relation:gd_first_order_change]]。",
)

source_claim(
    "gde_large_rate",
    post=GD,
    section="§1.1",
    title_en="A large learning rate need not lower the loss",
    title_zh="学习率过大未必能降低损失",
    claim_en="the first-order argument holds only for small steps; with a large learning rate the loss may rise",
    claim_zh="一阶论证只对小步长成立；学习率很大时，损失可能上升",
    verdict="right",
    evidence=("gd_second_order_change", "gd_eta_c_example"),
    why_en="The curvature term grows like $\\eta^2$ ([[relation:gd_second_order_change]]); for $20x^2 + y^2$ at "
    "[[value:gd_scaling_start]] the step raises the loss beyond [[eq:gd_eta_c_example]].",
    why_zh="曲率项按 $\\eta^2$ 增长（[[relation:gd_second_order_change]]）；对 $20x^2 + y^2$，在 "
    "[[value:gd_scaling_start]] 处，学习率超过 [[eq:gd_eta_c_example]] 时这一步会使损失上升。",
)

source_claim(
    "gde_dense_contours",
    post=GD,
    section="§1.2",
    title_en="Denser contour lines mean a steeper surface",
    title_zh="等高线越密，曲面越陡",
    claim_en="where the contour lines lie closer together the surface is steeper",
    claim_zh="等高线越密集的地方，曲面越陡",
    verdict="right",
    evidence=("gd_saddle_gradient",),
    why_en="Between two neighbouring levels the height changes by the same amount, so the closer the lines, the "
    "larger the gradient's length; on $y^2 - x^2$ it grows with the distance from the saddle point, as "
    "[[relation:gd_saddle_gradient]] shows.",
    why_zh="相邻两条等高线之间高度的变化相同，所以线越密，梯度的长度越大；在 $y^2 - x^2$ 上，梯度随着到鞍点的距离增大，"
    "正如 [[relation:gd_saddle_gradient]] 所示。",
)

source_claim(
    "gde_tangent_perpendicular",
    post=GD,
    section="§1.2",
    title_en="The gradient is perpendicular to the contour lines",
    title_zh="梯度垂直于等高线",
    claim_en="the tangent of a contour line points along $(-f_y, f_x)$, which is perpendicular to the gradient",
    claim_zh="等高线的切线方向是 $(-f_y, f_x)$，它与梯度垂直",
    verdict="right",
    evidence=("gd_level_curve_tangent", "gd_gradient_perpendicular"),
    why_en="Both steps are derived above: [[relation:gd_level_curve_tangent]] and "
    "[[relation:gd_gradient_perpendicular]].",
    why_zh="两步都已在上文推导：[[relation:gd_level_curve_tangent]]，以及 [[relation:gd_gradient_perpendicular]]。",
)

source_claim(
    "gde_edge_rate_bounces",
    post=GD,
    section="§1.3",
    title_en="At the edge rate the path bounces",
    title_zh="学习率取在边界上时，路径来回弹跳",
    claim_en="with learning rate [[value:gd_edge_rate]] on $10x^2 + y^2$ the path bounces between the walls of "
    "the valley",
    claim_zh="在 $10x^2 + y^2$ 上取学习率 [[value:gd_edge_rate]]，路径在山谷两壁之间来回弹跳",
    verdict="right",
    evidence=("gd_limit_10", "gd_factor_10_at_0_1"),
    why_en="That rate is the limit [[value:gd_limit_10]], where each step multiplies $x$ by "
    "[[value:gd_factor_10_at_0_1]]: $x$ flips sign and never shrinks.",
    why_zh="这个学习率正是上限 [[value:gd_limit_10]]，每一步把 $x$ 乘以 [[value:gd_factor_10_at_0_1]]：$x$ 不断变号，"
    "却从不缩小。",
)

source_claim(
    "gde_scaling_end_points",
    post=GD,
    section="§1.4",
    title_en="The printed end points are reproduced digit for digit",
    title_zh="原文打印的终点被逐位复现",
    claim_en="after [[value:gd_scaling_steps]] steps at the three learning rates the runs end at the numbers in "
    "the table above",
    claim_zh="以三个学习率各走 [[value:gd_scaling_steps]] 步之后，终点就是上表中的那些数",
    verdict="right",
    evidence=SCALING_END_POINTS,
    why_en="In single precision, like the post's run, every digit agrees, for instance "
    "[[value:gd_scaling_ellipse_x_0_051]]; in double precision two entries change in the last digit, "
    "[[value:gd_scaling_circle_x_0_02_float64]] and [[value:gd_scaling_ellipse_x_0_051_float64]].",
    why_zh="与原文一样用单精度运行，每一位都一致，例如 [[value:gd_scaling_ellipse_x_0_051]]；"
    "用双精度时，有两项的最后一位"
    "会变，成为 [[value:gd_scaling_circle_x_0_02_float64]] 和 [[value:gd_scaling_ellipse_x_0_051_float64]]。",
)

source_claim(
    "gde_zigzag_and_divergence",
    post=GD,
    section="§1.4",
    title_en="Zig-zag at [[value:gd_rate_0_04]], no convergence at [[value:gd_rate_0_051]]",
    title_zh="[[value:gd_rate_0_04]] 时之字形前进，[[value:gd_rate_0_051]] 时不收敛",
    claim_en="on the ellipse $x$ zig-zags at [[value:gd_rate_0_04]] and does not converge at [[value:gd_rate_0_051]]",
    claim_zh="在椭圆上，取 [[value:gd_rate_0_04]] 时 $x$ 之字形前进，取 [[value:gd_rate_0_051]] 时不收敛",
    verdict="right",
    evidence=("gd_factor_ellipse_x_0_04", "gd_factor_ellipse_x_0_051", "gd_limit_20", "gd_zigzag_20"),
    why_en="On $20x^2 + y^2$ the zig-zag starts at [[value:gd_zigzag_20]] and the limit is [[value:gd_limit_20]]; "
    "the factors for $x$ are [[value:gd_factor_ellipse_x_0_04]] and [[value:gd_factor_ellipse_x_0_051]].",
    why_zh="在 $20x^2 + y^2$ 上，之字形从 [[value:gd_zigzag_20]] 开始，上限是 [[value:gd_limit_20]]；$x$ 的因子分别是 "
    "[[value:gd_factor_ellipse_x_0_04]] 和 [[value:gd_factor_ellipse_x_0_051]]。",
)

source_claim(
    "gde_scaling_allows_larger_rate",
    post=GD,
    section="§1.4",
    title_en="After scaling a larger learning rate can be used",
    title_zh="缩放之后可以用更大的学习率",
    claim_en="once the features are scaled, a larger learning rate can be used",
    claim_zh="特征缩放之后，可以使用更大的学习率",
    verdict="right",
    evidence=("gd_limit_1", "gd_limit_20"),
    why_en="The largest stable rate is [[value:gd_limit_1]] on $x^2 + y^2$ against [[value:gd_limit_20]] on "
    "$20x^2 + y^2$.",
    why_zh="最大的稳定学习率在 $x^2 + y^2$ 上是 [[value:gd_limit_1]]，在 $20x^2 + y^2$ 上则是 [[value:gd_limit_20]]。",
)

source_claim(
    "gde_steepest_direction",
    post=GD,
    section="§1.6",
    title_en="The negative gradient is the steepest direction",
    title_zh="负梯度是下降最快的方向",
    claim_en="among steps of a given length, the one along the negative gradient lowers the loss most",
    claim_zh="在长度给定的所有步长中，沿负梯度的那一步使损失下降得最多",
    verdict="right",
    evidence=("gd_cauchy_schwarz", "gd_steepest_step"),
    why_en="Cauchy–Schwarz bounds the first-order change ([[relation:gd_cauchy_schwarz]]) and the step along "
    "$-\\nabla C$ reaches the bound ([[relation:gd_steepest_step]]).",
    why_zh="柯西–施瓦茨不等式给一阶变化量设了界（[[relation:gd_cauchy_schwarz]]），"
    "而沿 $-\\nabla C$ 的一步恰好达到这个界"
    "（[[relation:gd_steepest_step]]）。",
)

source_claim(
    "gde_saddle_gradient",
    post=PT,
    section="梯度概念",
    title_en="The gradient of y² − x²",
    title_zh="y² − x² 的梯度",
    claim_en="the gradient of $y^2 - x^2$ is $(-2x, 2y)$",
    claim_zh="$y^2 - x^2$ 的梯度是 $(-2x, 2y)$",
    verdict="right",
    evidence=("gd_saddle_gradient", "gd_saddle_gradient_at_0_0", "gd_saddle_gradient_at_1_1"),
    why_en="[[relation:gd_saddle_gradient]]; at the origin it is [[value:gd_saddle_gradient_at_0_0]], at "
    "$(1, 1)$ it is [[value:gd_saddle_gradient_at_1_1]].",
    why_zh="[[relation:gd_saddle_gradient]]；在原点它是 [[value:gd_saddle_gradient_at_0_0]]，在 $(1, 1)$ 处是 "
    "[[value:gd_saddle_gradient_at_1_1]]。",
)

source_claim(
    "gde_x2sinx_minimum_near_5",
    post=PT,
    section=PT_MINIMUM,
    title_en="The minimum of x² sin x lies near [[value:gd_x2sinx_seed_minimum]]",
    title_zh="x² sin x 的极小值点在 [[value:gd_x2sinx_seed_minimum]] 附近",
    claim_en="$x^2 \\sin x$ has a local minimum near [[value:gd_x2sinx_seed_minimum]]",
    claim_zh="$x^2 \\sin x$ 在 [[value:gd_x2sinx_seed_minimum]] 附近有一个局部极小值点",
    verdict="right",
    evidence=("gd_x2sinx_local_min",),
    why_en="It lies at [[value:gd_x2sinx_local_min]]: a fair rounding.",
    why_zh="它位于 [[value:gd_x2sinx_local_min]]，作为粗略的估计没错。",
)

source_claim(
    "gde_x2sinx_descent_settles",
    post=PT,
    section=PT_MINIMUM,
    title_en="The descent settles at that minimum",
    title_zh="梯度下降停在这个极小值点",
    claim_en="repeated steps with learning rate [[value:gd_x2sinx_rate]] settle near [[value:gd_x2sinx_seed_minimum]]",
    claim_zh="用学习率 [[value:gd_x2sinx_rate]] 反复迭代，最后停在 [[value:gd_x2sinx_seed_minimum]] 附近",
    verdict="right",
    evidence=("gd_x2sinx_end", "gd_x2sinx_steps_to_tolerance"),
    why_en="From step [[value:gd_x2sinx_steps_to_tolerance]] on the iterate stays within "
    "[[value:gd_x2sinx_tolerance]] of the minimum; after [[value:gd_x2sinx_steps]] steps it is at "
    "[[value:gd_x2sinx_end]].",
    why_zh="从第 [[value:gd_x2sinx_steps_to_tolerance]] 步起，迭代值与极小值点的距离始终在 "
    "[[value:gd_x2sinx_tolerance]]"
    " 以内；走 [[value:gd_x2sinx_steps]] 步之后，它位于 [[value:gd_x2sinx_end]]。",
)
