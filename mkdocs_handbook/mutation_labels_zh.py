"""The Chinese wording of the claims page's "wrong versions refuted" column.

Each registered wrong version (a Mutation) carries an English label, `what`. The labels built by the
templates of derive/core/mutations.py (flip_sign, scale_step, shift_step, substitute's default) are
translated by pattern, keeping the step number and the factor; every other label is looked up in
LABELS_ZH. The outcome of a refutation is a point ("{x=0.5}", language-neutral) or, when the checker
names no point, one of its few error templates, translated by OUTCOMES_ZH.

Step numbers follow the page: a derivation's status line counts the links of the chain, so its
"第 k 步" is steps[k] in code, the row reached by the k-th relation (steps[0], the starting expression,
is not a step). A negative index counts from the end, as in the code: -1 is the last step.

A label or outcome with no Chinese raises UntranslatedLabel, one line naming the derivation, so a new
mutation cannot put English on the Chinese page.
"""

from __future__ import annotations

import re


class UntranslatedLabel(LookupError):
    """A wrong version's label (or its outcome) has no Chinese wording."""

    def __str__(self) -> str:  # LookupError would quote the message
        return self.args[0]


def step_zh(index: int) -> str:
    """A step as the page counts it (see the module docstring): 第 2 步, 最后一步, 倒数第 2 步."""
    if index == -1:
        return "最后一步"
    if index < -1:
        return f"倒数第 {-index} 步"
    if index == 0:
        return "起始式"
    return f"第 {index} 步"


# The templates of derive/core/mutations.py, in the order they are tried (whole label, step as written).
TEMPLATES_ZH: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"sign of step (?P<step>-?\d+) flipped"), "{step}变号"),
    (re.compile(r"step (?P<step>-?\d+) multiplied by (?P<factor>.+)"), "{step}多乘了 {factor}"),
    (re.compile(r"(?P<offset>.+) added to step (?P<step>-?\d+)"), "{step}多加了 {offset}"),
    (re.compile(r"(?P<old>.+) replaced by (?P<new>.+) in step (?P<step>-?\d+)"), "{step}中的 {old} 换成了 {new}"),
)

# Labels written by hand in the chapters' derivation files, English -> Chinese. Maths is kept as written.
LABELS_ZH: dict[str, str] = {
    "(1 ± β)² instead of (1 ± √β)²": "把 (1 ± √β)² 写成了 (1 ± β)²",
    "(a + b)/(a + b)": "分子的 a − b 写成了 a + b，得到 (a + b)/(a + b)",
    "(n − 1)/(n − 1): a step that does not move": "写成 (n − 1)/(n − 1)，这一步原地不动",
    "(sin x)′ = −cos x": "把 (sin x)′ 误当成 −cos x",
    "+1 at the true class": "真实类别处的 −1 写成了 +1",
    "+1 instead of −1": "把 −1 写成了 +1",
    "+s_y": "把 −s_y 写成了 +s_y",
    "1 + 1{A} instead of 1 − 1{A}": "把 1 − 1{A} 写成了 1 + 1{A}",
    "1 − Kx instead of 2 − Kx": "把 2 − Kx 写成了 1 − Kx",
    "1 − p_j replaced by p_j": "把 1 − p_j 换成了 p_j",
    "1 − p₁ replaced by 1 + p₁": "把 1 − p₁ 换成了 1 + p₁",
    "1 − σ instead of 1 − 2σ": "把 1 − 2σ 写成了 1 − σ",
    "1 − σ replaced by 1 + σ": "把 1 − σ 换成了 1 + σ",
    "1/(a − b)": "分母的 a + b 写成了 a − b，得到 1/(a − b)",
    "1/x² instead of 1/x": "把 1/x 写成了 1/x²",
    "1{i ≠ j} in place of 1{i = j}": "用 1{i ≠ j} 代替了 1{i = j}",
    "1{j = y} in place of 1{j ≠ y}": "用 1{j = y} 代替了 1{j ≠ y}",
    "1{j ≠ y} in place of 1{j = y}": "用 1{j ≠ y} 代替了 1{j = y}",
    "1{m ≠ j} in place of 1{m = j}": "用 1{m ≠ j} 代替了 1{m = j}",
    "2/n instead of 1/n": "把 1/n 写成了 2/n",
    "E[x]² instead of E[x²]": "把 E[x²] 写成了 E[x]²",
    "He's 2/n kept for the leaky ReLU": "对 LeakyReLU 仍沿用 He 初始化的 2/n",
    "K subtracted instead of added": "该加 K 的地方减去了 K",
    "K/x instead of K/x²": "把 K/x² 写成了 K/x",
    "PyTorch's step taken with the old velocity z_k": "PyTorch 写法的一步误用了旧速度 z_k",
    "ReLU keeping the whole mean square": "误以为 ReLU 保留了全部均方",
    "a bound of α/2, which the first step exceeds": "上界取为 α/2，而第一步就超过了它",
    "a quarter instead of a half": "把一半写成了四分之一",
    "a square dropped from the bound": "上界漏掉了一个平方",
    "a wrong cross term": "交叉项写错",
    "a wrong remainder": "余项写错",
    "a wrong value, 20": "算错的值 20",
    "averaged over 3 instead of 2": "求平均时除以 3 而不是 2",
    "both cases claim a < b": "两种情形都断言 a < b",
    "both cases j = y": "两种情形都取 j = y",
    "cosh replaced by exp": "把 cosh 换成了 exp",
    "det = β²": "行列式误取为 β²",
    "divided by the rows only": "只除以了行数",
    "divided by the squared norm": "误除以范数的平方",
    "e^{c} in place of e^{-c}": "用 e^{c} 代替了 e^{-c}",
    "each factor gets itself, not the other": "每个因子收到的是自己，而不是另一个因子",
    "error cubed instead of squared": "误差被立方而不是平方",
    "exponent not lowered": "指数没有减一",
    "exponent of the cube's derivative not lowered": "立方项求导后指数没有减一",
    "f_x = 5x (the power rule's 2 dropped)": "f_x 误取为 5x（漏掉了幂法则的 2）",
    "gain 2 instead of 1": "增益取 2 而不是 1",
    "log r instead of log(1 + r)": "把 log(1 + r) 写成了 log r",
    "max replaced by min": "把 max 换成了 min",
    "multiplied by the slope's size instead of divided by it": "乘以斜率的大小，而不是除以它",
    "no correction of v": "没有修正 v",
    "one error's sign flipped": "一个误差变号",
    "one factor too few": "少乘了一个因子",
    "one of the other probabilities dropped": "漏掉了其他类别概率中的一个",
    "one of the two 2x cos x terms lost": "两个 2x cos x 项丢了一个",
    "only the latest gradient kept, as RMSprop would": "像 RMSprop 那样只保留了最新的梯度",
    "only the numerator shifted": "只平移了分子",
    "p(1) = 1 − h": "p(1) 误取为 1 − h",
    "power rule applied to an exponential": "对指数函数套用了幂法则",
    "q_1 replaced by 1 (the indicator forgotten)": "把 q_1 换成了 1（忘了指示函数）",
    "q_2 replaced by 1 (the indicator forgotten)": "把 q_2 换成了 1（忘了指示函数）",
    "square dropped": "漏掉了平方",
    "square dropped from the denominator": "分母漏掉了平方",
    "step mirrored": "阶跃函数左右翻转",
    "t = (f_y, f_x), which is not a tangent": "误取 t 为 (f_y, f_x)，它并不是切向量",
    "tanh derivative with the wrong sign": "tanh 的导数符号错误",
    "tanh's local derivative kept": "误用了 tanh 的局部导数",
    "the 1/2 of the Taylor term dropped": "漏掉了泰勒项的 1/2",
    "the 1/N of the mean dropped": "漏掉了平均中的 1/N",
    "the 1/m dropped": "漏掉了 1/m",
    "the 1/m dropped, as in the source's formula": "像原文的公式那样漏掉了 1/m",
    "the 1/m of the mean dropped": "漏掉了平均中的 1/m",
    "the 2 dropped": "漏掉了系数 2",
    "the Hessian dropped (a gradient step of size 1)": "漏掉了海森矩阵（成了步长为 1 的梯度步）",
    "the bias subtracted": "偏置被减去而不是加上",
    "the bound 26, which fails": "上界取 26，不成立",
    "the bound without β, plain gradient descent's edge 2": "上界不含 β，成了普通梯度下降的边界 2",
    "the condition reversed": "条件写反了",
    "the constant of the first entry wrong": "第一个元素的常数写错",
    "the curvature factor dropped": "漏掉了曲率因子",
    "the difference taken the wrong way round": "作差的次序反了",
    "the distance measured from the origin, not from c": "距离从原点量起，而不是从 c 量起",
    "the exponent not halved": "指数没有减半",
    "the factor 1/2 dropped": "漏掉了因子 1/2",
    "the factor 1{B} dropped": "漏掉了因子 1{B}",
    "the factor 2 dropped": "漏掉了因子 2",
    "the factor 2 of the chain rule dropped": "漏掉了链式法则给出的因子 2",
    "the factor 2 of the square dropped": "漏掉了平方求导得到的因子 2",
    "the factor K dropped": "漏掉了因子 K",
    "the first component's sign flipped": "第一个分量变号",
    "the first condition reversed": "第一个条件写反了",
    "the first target dropped": "漏掉了第一个目标值",
    "the first term of the product rule lost": "丢了乘法法则的第一项",
    "the gradient's length squared": "误用了梯度长度的平方",
    "the gradient's own size left out of the denominator": "分母里漏掉了梯度自身的大小",
    "the inner derivative 2x taken as x": "内层导数 2x 误取为 x",
    "the inner factor 2 of the chain rule forgotten": "忘了链式法则中内层的因子 2",
    "the inner factor x forgotten": "忘了内层的因子 x",
    "the inner minus sign lost": "丢了内层的负号",
    "the input dropped from the logit": "logit 中漏掉了输入",
    "the input instead of the outer weight": "该用外层权重的地方用了输入",
    "the input instead of the weight": "该用权重的地方用了输入",
    "the last entry without its 12y² term": "最后一个元素缺了 12y² 项",
    "the last local derivative forgotten": "忘了最后一个局部导数",
    "the mean over the batch instead of the sum": "对批量求了平均而不是求和",
    "the middle layer's weight dropped": "漏掉了中间层的权重",
    "the minus of −log lost": "丢了 −log 的负号",
    "the minus sign of ∂z/∂x lost": "丢了 ∂z/∂x 的负号",
    "the negative half dropped, as for a plain ReLU": "像普通 ReLU 那样丢掉了负半轴",
    "the neighbouring component picked": "取成了相邻的分量",
    "the oldest gradient weighted β⁴": "最早的梯度误取权重 β⁴",
    "the one-hot gradient kept (the soft targets ignored)": "仍用独热标签的梯度（忽略了软标签）",
    "the outer link's factor dropped": "漏掉了外层环节的因子",
    "the power rule's 2 dropped": "漏掉了幂法则的 2",
    "the product rule's two terms added": "乘法法则给出的两项被相加而不是相减",
    "the second condition reversed": "第二个条件写反了",
    "the second derivative's exponent off by one": "二阶导数的指数差了一",
    "the second input gets nothing": "第二个输入没有收到梯度",
    "the second path dropped (overwritten instead of added)": "丢了第二条路径（梯度被覆盖而不是累加）",
    "the second term of the product rule lost": "丢了乘法法则的第二项",
    "the second-order term linear in η": "二阶项误为 η 的一次式",
    "the sine left undifferentiated": "正弦没有求导",
    "the slope factor dropped": "漏掉了斜率因子",
    "the softmax Jacobian dropped (δ taken as g)": "漏掉了 softmax 的雅可比矩阵（把 δ 当成了 g）",
    "the softmax Jacobian dropped (∂p_k/∂s_k taken as 1)": "漏掉了 softmax 的雅可比矩阵（把 ∂p_k/∂s_k 当成了 1）",
    "the source's rule 1{A} + 1{B}": "原文的规则 1{A} + 1{B}",
    "the source's sum": "原文的求和",
    "the square added instead of subtracted": "平方项被加上而不是减去",
    "the square of the norm dropped": "漏掉了范数的平方",
    "the square root forgotten": "忘了开平方",
    "the square root of t forgotten": "忘了对 t 开平方",
    "the square root of v forgotten": "忘了对 v 开平方",
    "the step taken along +∇C": "沿 +∇C 方向走了一步",
    "the step taken along +∇C (gradient ascent)": "沿 +∇C 方向走了一步（梯度上升）",
    "the step taken uphill: x + H⁻¹∇f": "朝上坡走了一步：x + H⁻¹∇f",
    "the step taken uphill: x + f/f'": "朝上坡走了一步：x + f/f'",
    "the sum taken from i = 0 to t (t + 1 terms)": "求和从 i = 0 取到 t（共 t + 1 项）",
    "the sum to t (one weight too many)": "求和到 t（多了一个权重）",
    "the sum to t used": "误用了到 t 为止的和",
    "the sum to t with the sum to t − 1's value": "到 t 为止的和取了到 t − 1 为止的和的值",
    "the term 1{B} dropped": "漏掉了 1{B} 项",
    "the trace with −β": "迹中的 β 写成了 −β",
    "the velocities with opposite signs": "误以为两个速度符号相反",
    "the velocity pointing up the gradient (the sign error)": "速度指向梯度上升的方向（符号错误）",
    "the velocity row with +h": "速度那一行的 −h 写成了 +h",
    "the weight dropped from the layer's factor": "层因子中漏掉了权重",
    "the weight instead of the input": "该用输入的地方用了权重",
    "the whole mean square kept, as for a linear unit": "像线性单元那样保留了全部均方",
    "the whole sum kept": "整个和都保留了下来",
    "the wrong component picked": "取错了分量",
    "the wrong mean of the diagonal": "对角元的平均值算错",
    "the wrong sign in the exponent": "指数的符号错误",
    "the ½ of the Taylor term dropped": "漏掉了泰勒项的 ½",
    "the σ′ factor dropped (the usual mistake)": "漏掉了 σ′ 因子（常见的错误）",
    "the −1 at the true class dropped": "漏掉了真实类别处的 −1",
    "twice the gradient": "梯度成了两倍",
    "wrong constant when completing the square": "配方时常数写错",
    "wrong exponent in the inverse Hessian": "逆海森矩阵的指数写错",
    "wrong sign in the exponent": "指数的符号错误",
    "wrong sign in the second softplus": "第二个 softplus 的符号错误",
    "x e^x instead of e^x": "把 e^x 写成了 x e^x",
    "x instead of 2x": "把 2x 写成了 x",
    "x₁ in place of x₂": "用 x₁ 代替了 x₂",
    "y′ with the wrong sign": "y′ 的符号错误",
    "α instead of α² on the negative half": "负半轴上把 α² 写成了 α",
    "ε subtracted instead of added": "ε 被减去而不是加上",
    "σ(2x) instead of σ(−2x)": "把 σ(−2x) 写成了 σ(2x)",
    "σ(x) instead of 1 − σ(x)": "把 1 − σ(x) 写成了 σ(x)",
    "σ(x) instead of σ(2x)": "把 σ(2x) 写成了 σ(x)",
    "σ(x) instead of σ(−x)": "把 σ(−x) 写成了 σ(x)",
    "σ(z₀) instead of σ′(z₀)": "把 σ′(z₀) 写成了 σ(z₀)",
    "σ′ written as σ": "把 σ′ 写成了 σ",
    "∂(s_m − s_y + 1)/∂s_y taken as +1": "把 ∂(s_m − s_y + 1)/∂s_y 当成了 +1",
    "√n instead of n": "把 n 写成了 √n",
}

# When the checker names no point, the outcome is one of its error templates (derive/core/checker.py).
OUTCOMES_ZH: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"NOT REFUTED"), "未被否定"),
    (re.compile(r"step (?P<step>\d+) \(.*\): SymPy cannot prove it.*", re.S), "{step}得不到符号证明"),
    (re.compile(r"step (?P<step>\d+) \(.*\): the two sides have different shapes", re.S), "{step}两边的形状不同"),
    (re.compile(r"final step differs from SymPy's diff"), "最后一步与 SymPy 的 diff 结果不一致"),
    (re.compile(r"the checker could not check it: (?P<error>\w+).*", re.S), "检查器无法检查（{error}）"),
)
POINT = re.compile(r"\{(?:[^{}]|\{[^{}]*\})*\}")  # a sample point, as the checker prints it: {x=0.5, W_{0,1}=2}


def _by_template(text: str, templates) -> str | None:
    for pattern, zh in templates:
        m = pattern.fullmatch(text)
        if m:
            parts = m.groupdict()
            if "step" in parts:
                parts["step"] = step_zh(int(parts["step"]))
            return zh.format(**parts)
    return None


def label_zh(derivation: str, what: str) -> str:
    """The Chinese label of one of `derivation`'s wrong versions; UntranslatedLabel if there is none."""
    zh = LABELS_ZH.get(what) or _by_template(what, TEMPLATES_ZH)
    if zh is None:
        raise UntranslatedLabel(
            f"derivation {derivation}: the wrong version {what!r} has no Chinese label "
            "(add it to LABELS_ZH in mkdocs_handbook/mutation_labels_zh.py)"
        )
    return zh


def outcome_zh(derivation: str, outcome: str) -> str:
    """Where the wrong version is refuted, in Chinese: a point as it is, a checker error translated."""
    zh = outcome if POINT.fullmatch(outcome) else _by_template(outcome, OUTCOMES_ZH)
    if zh is None:
        raise UntranslatedLabel(
            f"derivation {derivation}: the refutation {outcome[:80]!r} has no Chinese wording "
            "(add its checker message to OUTCOMES_ZH in mkdocs_handbook/mutation_labels_zh.py)"
        )
    return zh
