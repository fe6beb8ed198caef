"""The claims about Newton's method this chapter reviews, each with its verdict and evidence.

All come from the post "Gradient Descent", §1.7 to §1.9 (roots, extrema, the Hessian, square and cube
roots). The page's boxes and the errata page render from these entries.
"""

from __future__ import annotations

from derive.core.errata import source_claim

GD = "gradient_descent"
SEED_VALUES = tuple(f"newton_seed_{root}_{K}" for root in ("sqrt", "cbrt") for K in (2, 3, 4))

# ---------------------------------------------------------------- the printed roots, checked in place
source_claim(
    "nt_printed_roots",
    post=GD,
    section="§1.9",
    title_en="The printed roots are reproduced to the last digit",
    title_zh="原文打印的根被逐位复现",
    claim_en="the square-root and cube-root loops print these six numbers for 2, 3 and 4",
    claim_zh="平方根与立方根的循环对 2、3、4 打印出这六个数",
    verdict="right",
    evidence=SEED_VALUES,
    why_en="Run with the same arithmetic in the same order, the loops return the same doubles, for instance "
    "[[value:newton_seed_sqrt_2]] and [[value:newton_seed_cbrt_4]]; the table below lists all six. Whether they "
    "are the roots is another matter (see the end of the page).",
    why_zh="用相同的运算、相同的顺序运行，循环返回相同的双精度数，例如 [[value:newton_seed_sqrt_2]] 和 "
    "[[value:newton_seed_cbrt_4]]；下表列出了全部六个。它们是不是真正的根，则是另一回事（见本页末尾）。",
)

# ---------------------------------------------------------------- what the source gets wrong
source_claim(
    "nt_convex_only",
    post=GD,
    section="§1.8.2",
    title_en="Newton's method is not limited to convex functions",
    title_zh="牛顿法并不只适用于凸函数",
    claim_en="Newton's method applies only to convex functions, so not to most machine-learning problems",
    claim_zh="牛顿法只适用于凸函数，因而不适用于大多数机器学习问题",
    verdict="wrong",
    evidence=(
        "newton_double_well_end_from_2",
        "newton_double_well_curvature_from_2",
        "newton_double_well_end_from_0_3",
        "newton_double_well_curvature_from_0_3",
    ),
    why_en="Convexity is what makes every stationary point a minimum; Newton's method does not need it to work. "
    "From [[eq:newton_double_well_start_2]] on the double well, which is not convex, it converges to the minimum "
    "at [[value:newton_double_well_end_from_2]], where [[eq:newton_double_well_curvature_from_2]]. What is true "
    "is that plain Newton cannot tell a minimum from a maximum (from [[eq:newton_double_well_start_0_3]] it ends "
    "at [[value:newton_double_well_end_from_0_3]], where [[eq:newton_double_well_curvature_from_0_3]]) or a "
    "saddle point, which is why practical variants add safeguards.",
    why_zh="凸性保证的是每个驻点都是极小值点；牛顿法要奏效并不需要它。在双势阱函数（它不是凸函数）上，从 "
    "[[eq:newton_double_well_start_2]] 出发，牛顿法收敛到 [[value:newton_double_well_end_from_2]] 处的极小值，那里 "
    "[[eq:newton_double_well_curvature_from_2]]。真正的问题是，朴素的牛顿法分不清极小值与极大值（从 "
    "[[eq:newton_double_well_start_0_3]] 出发，它停在 [[value:newton_double_well_end_from_0_3]]，那里 "
    "[[eq:newton_double_well_curvature_from_0_3]]），也分不清鞍点，所以实用的变体都加上了保护措施。",
)

source_claim(
    "nt_saddle_called_extremum",
    post=GD,
    section="§1.8.2",
    title_en="A saddle point is not an extremum",
    title_zh="鞍点不是极值点",
    claim_en="what Newton's method computes are extrema, which may be minima, maxima or saddle points",
    claim_zh="牛顿法求出的是极值，它可能是极小值、极大值或鞍点",
    verdict="imprecise",
    evidence=("newton_step_cubic", "newton_cubic_newton_end"),
    why_en="Newton's method finds stationary points. On $5x^3 + y^3$ it walks to [[value:newton_cubic_newton_end]], "
    "next to the origin, where the gradient vanishes although the function has no extremum at all. The post's "
    "own §1.8.3 defines a saddle point correctly, as a stationary point that is neither a minimum nor a maximum.",
    why_zh="牛顿法找到的是驻点。在 $5x^3 + y^3$ 上，它走到紧挨原点的 [[value:newton_cubic_newton_end]]；"
    "原点处梯度为零，而这个函数根本没有极值。原文自己在 §1.8.3 中对鞍点的定义是对的：既非极小也非极大的驻点。",
)

source_claim(
    "nt_root_functions",
    post=GD,
    section="§1.9",
    title_en="The source's root functions are neither exact nor safe",
    title_zh="原文的求根函数既不精确也不安全",
    claim_en="the two loops, which stop once the residual is within $10^{-9}$, compute the square root and the "
    "cube root of $K$",
    claim_zh="这两个循环在残差不超过 $10^{-9}$ 时停止，它们算出的是 $K$ 的平方根与立方根",
    verdict="wrong",
    evidence=(
        "newton_seed_sqrt_4",
        "newton_naive_sqrt_4196720_steps",
        "newton_naive_cbrt_2108258_steps",
        "newton_naive_sqrt_1e-12_value",
        "newton_naive_cbrt_minus2_value",
    ),
    why_en="The printed results are reproduced exactly, but they are not the roots they appear to be: "
    "$\\sqrt{4}$ comes out as [[value:newton_seed_sqrt_4]], not 2. Worse, the loops never end for "
    "[[eq:newton_naive_sqrt_4196720_K_tex]] (square root) or [[value:newton_naive_cbrt_2108258_K]] (cube root); "
    "for the square root of [[value:newton_naive_sqrt_1e-12_K]] they return [[value:newton_naive_sqrt_1e-12_value]], "
    "and for the cube root of [[value:newton_naive_cbrt_minus2_K]], a number that has one, they raise "
    "[[value:newton_naive_cbrt_minus2_value]].",
    why_zh="原文打印的结果被精确复现，但它们并不是看上去的那个根：$\\sqrt{4}$ 的结果是 [[value:newton_seed_sqrt_4]]，"
    "而不是 2。更糟的是，对 [[eq:newton_naive_sqrt_4196720_K_tex]]（平方根）和 [[value:newton_naive_cbrt_2108258_K]]"
    "（立方根），循环永不结束；求 [[value:newton_naive_sqrt_1e-12_K]] 的平方根时返回 "
    "[[value:newton_naive_sqrt_1e-12_value]]；求 [[value:newton_naive_cbrt_minus2_K]] 这个明明有立方根的数的立方根时，"
    "则抛出 [[value:newton_naive_cbrt_minus2_value]]。",
)

source_claim(
    "nt_hessian_comment_slips",
    post=GD,
    section="§1.8.1, §1.8.3",
    title_en="Slips around the Hessian code",
    title_zh="海森矩阵代码前后的笔误",
    claim_en="the comment in the code for $10x^4 + y^4$ ends the step with $[x/3, y/]$; the sentence before it "
    "announces the example $5x^3 + y^3$",
    claim_zh="$10x^4 + y^4$ 的代码注释把这一步的结果写成 $[x/3, y/]$；代码之前的文字说要用 $5x^3 + y^3$ 来演示",
    verdict="wrong",
    evidence=("newton_step_quartic", "newton_step_cubic"),
    why_en="[[relation:newton_step_quartic]] gives $y/3$ for the second coordinate, and the code itself is right. "
    "The inverse Hessian in the same comment, and in the one for $5x^3 + y^3$ (§1.8.3), has a semicolon where a "
    "comma belongs. And the code under the announcement runs $10x^4 + y^4$; the cubic only comes in §1.8.3.",
    why_zh="[[relation:newton_step_quartic]] 给出的第二个坐标是 $y/3$，代码本身是对的。同一条注释里的逆海森矩阵，以及 "
    "$5x^3 + y^3$ 那条注释（§1.8.3）里的逆海森矩阵，都把一个逗号写成了分号。此外，那段文字之后的代码运行的是 "
    "$10x^4 + y^4$；三次函数到 §1.8.3 才出现。",
)

# ---------------------------------------------------------------- what it gets right
source_claim(
    "nt_root_step",
    post=GD,
    section="§1.7",
    title_en="The root step comes from the tangent",
    title_zh="求根的迭代来自切线",
    claim_en="expanding $f$ to first order at $x_k$ and solving for the zero gives the next iterate "
    "$x_k - f(x_k)/f'(x_k)$",
    claim_zh="在 $x_k$ 处把 $f$ 展开到一阶并求零点，得到下一个迭代值 $x_k - f(x_k)/f'(x_k)$",
    verdict="right",
    evidence=("newton_root_step",),
    why_en="[[relation:newton_root_step]], as derived above.",
    why_zh="即上文推导的 [[relation:newton_root_step]]。",
)

source_claim(
    "nt_extremum_step",
    post=GD,
    section="§1.8.1",
    title_en="The step for an extremum, and the Hessian in several variables",
    title_zh="求极值的迭代，以及多元情形下的海森矩阵",
    claim_en="for an extremum the step divides $f'$ by $f''$, and in several variables $1/f''$ becomes the inverse "
    "of the Hessian",
    claim_zh="求极值时迭代用 $f'$ 除以 $f''$；多元情形下 $1/f''$ 换成海森矩阵的逆",
    verdict="right",
    evidence=("newton_extremum_step", "newton_hessian_step"),
    why_en="[[relation:newton_extremum_step]] and [[relation:newton_hessian_step]].",
    why_zh="[[relation:newton_extremum_step]]，以及 [[relation:newton_hessian_step]]。",
)

source_claim(
    "nt_quadratic_one_step",
    post=GD,
    section="§1.8.1",
    title_en="On a quadratic, one step is enough",
    title_zh="对二次函数，一步就够了",
    claim_en="on a quadratic function the second-order expansion is exact, so Newton's method finds the "
    "stationary point in one iteration",
    claim_zh="对二次函数，二阶泰勒展开是精确的，所以牛顿法一次迭代就找到驻点",
    verdict="right",
    evidence=("newton_quadratic_one_step",),
    why_en="On $10x^2 + y^2$, one step from $(20, 30)$ goes to [[value:newton_quadratic_one_step]].",
    why_zh="在 $10x^2 + y^2$ 上，从 $(20, 30)$ 出发的一步到达 [[value:newton_quadratic_one_step]]。",
)

source_claim(
    "nt_step_code",
    post=GD,
    section="§1.8.1, §1.8.3",
    title_en="The Newton steps in the code are right",
    title_zh="代码中的牛顿迭代是对的",
    claim_en="on $10x^4 + y^4$ the code takes away a third of each coordinate, on $5x^3 + y^3$ a half",
    claim_zh="在 $10x^4 + y^4$ 上，代码每步减去各坐标的三分之一；在 $5x^3 + y^3$ 上减去一半",
    verdict="right",
    evidence=("newton_step_quartic", "newton_step_cubic", "newton_quartic_ratio", "newton_cubic_ratio"),
    why_en="Each step multiplies both coordinates by [[value:newton_quartic_ratio]] on the quartic and by "
    "[[value:newton_cubic_ratio]] on the cubic, as SymPy's Hessian steps give.",
    why_zh="由 SymPy 求出的海森矩阵迭代，每一步在四次函数上把两个坐标乘以 [[value:newton_quartic_ratio]]，在三次函数上"
    "乘以 [[value:newton_cubic_ratio]]。",
)

source_claim(
    "nt_expensive",
    post=GD,
    section="§1.8.2",
    title_en="Newton's method is expensive",
    title_zh="牛顿法代价高昂",
    claim_en="Newton's method costs much computation: the Hessian and its inverse",
    claim_zh="牛顿法计算量大：要求海森矩阵及其逆矩阵",
    verdict="right",
    evidence=("newton_hessian_terabytes",),
    why_en="For a million parameters the Hessian alone takes [[value:newton_hessian_terabytes]] terabytes in "
    "double precision, and each step solves a linear system of that size.",
    why_zh="对一百万个参数，仅用双精度存储海森矩阵就需要 [[value:newton_hessian_terabytes]] TB，每一步还要解一个"
    "同样规模的线性方程组。",
)

source_claim(
    "nt_stuck_at_saddle",
    post=GD,
    section="§1.8.3",
    title_en="Newton stays at the saddle point; gradient descent passes it",
    title_zh="牛顿法停在鞍点，梯度下降越了过去",
    claim_en="Newton's method settles at the stationary point of the cubic, which is no minimum, while gradient "
    "descent with a large enough learning rate jumps past it",
    claim_zh="牛顿法停在三次函数的驻点上，而它不是极小值；学习率足够大的梯度下降则会越过它",
    verdict="right",
    evidence=("newton_cubic_newton_end", "newton_cubic_gd_end", "newton_cubic_f_gd_end"),
    why_en="From $(40, 50)$ Newton ends at [[value:newton_cubic_newton_end]]; gradient descent ends at "
    "[[value:newton_cubic_gd_end]], where [[eq:newton_cubic_f_gd_end]], and keeps going downhill.",
    why_zh="从 $(40, 50)$ 出发，牛顿法停在 [[value:newton_cubic_newton_end]]；梯度下降则到达 "
    "[[value:newton_cubic_gd_end]]，那里 [[eq:newton_cubic_f_gd_end]]，并继续往下坡走。",
)

source_claim(
    "nt_heron_step",
    post=GD,
    section="§1.9",
    title_en="The square-root step is Heron's",
    title_zh="平方根的迭代就是海伦开方法",
    claim_en="for the square root of $K$, Newton's step on $x^2 - K$ averages $x_k$ and $K/x_k$",
    claim_zh="求 $K$ 的平方根时，对 $x^2 - K$ 做牛顿迭代，就是取 $x_k$ 与 $K/x_k$ 的平均",
    verdict="right",
    evidence=("newton_sqrt_step",),
    why_en="[[relation:newton_sqrt_step]], as derived above.",
    why_zh="即上文推导的 [[relation:newton_sqrt_step]]。",
)
