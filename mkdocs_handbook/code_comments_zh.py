"""The Chinese of every comment and docstring in the code that the Chinese pages show.

render_code (mkdocs_handbook/references.py) replaces each comment and docstring of a [[code:...]] block on
a zh page by its entry here, and refuses to build a page whose code has one that is not here. The key is
the English text with its whitespace normalised (mkdocs_handbook.references.normalise_prose); a run of
comment lines of their own counts as one text, and a section comment's trailing "----" rule is not part
of it. In a docstring's Chinese, an empty line separates paragraphs, a line starting with a space is kept
as written (a formula) and every other line is prose that the renderer re-wraps; identifiers, maths and
numbers stay as in the code. tests/site/test_code_zh.py fails on an entry that no shown code uses.
"""

COMMENTS_ZH: dict[str, str] = {
    (
        "The source's `==` check on chains of n_links links, repeated over random draws. The check compares "
        "dy_n/dw1 (one backward pass) with dy_n/dy_{n-1} times dy_{n-1}/dw1 (two passes)."
    ): (
        "源帖的 `==` 检验：在 n_links 节长的链上进行，并用多组随机抽样重复。\n"
        "\n"
        "检验比较的是 dy_n/dw1（一次反向传播）与 dy_n/dy_{n-1} 乘以 dy_{n-1}/dw1（两次反向传播）。"
    ),
    (
        "Nodes in the loss's graph at each step, and the final w, for three ways of writing the update. "
        '"recorded": w = w - lr * w.grad, an operation on Values, so the update joins the graph (what `x = x '
        '- lr * grad` does in a framework outside no_grad); "new_leaf": w = Value(w.data - lr * w.grad); '
        "\"in_place\": w.data -= lr * w.grad, the number changed behind the graph's back (torch's no_grad or "
        "x.data.sub_, TensorFlow's assign_sub)."
    ): (
        "三种更新写法下，每一步时损失的计算图中的节点数，以及最终的 w。\n"
        "\n"
        '"recorded"：w = w - lr * w.grad，这是对 Value 的运算，所以更新本身也进入计算图（相当于在框架中于 '
        "no_grad 之外写 `x = x - lr * grad`）；\n"
        '"new_leaf"：w = Value(w.data - lr * w.grad)；\n'
        '"in_place"：w.data -= lr * w.grad，绕过计算图直接改动数值（相当于 torch 的 no_grad 或 '
        "x.data.sub_，以及 TensorFlow 的 assign_sub）。"
    ),
    (
        "Mean squared error between softmax(X W + b) and the one-hot targets, averaged over all N·K entries "
        "(what tf.reduce_mean(tf.losses.MSE(...)) and torch's F.mse_loss compute), and its gradients: "
        "returns (loss, dW, db) with dW = Xᵀ δ and db = the column sums of δ."
    ): (
        "softmax(X W + b) 与独热编码的目标之间的均方误差，对全部 N·K 个元素取平均（即 "
        "tf.reduce_mean(tf.losses.MSE(...)) 和 torch 的 F.mse_loss 所算的量），以及它的梯度：返回 (loss, dW, "
        "db)，其中 dW = Xᵀ δ，db 为 δ 的各列之和。"
    ),
    (
        "The source post's softmax code, as printed (indentation restored, comments translated). Two bugs: X "
        "is not defined (NameError), and the loss has no log: it returns minus the mean probability of the "
        "true class instead of the mean of −log of that probability."
    ): (
        "源帖的 softmax 代码，照原样给出（补回了缩进，注释经过转述）。\n"
        "\n"
        "其中有两处错误：X 没有定义（NameError）；损失里缺了 "
        "log：返回的是正确类别概率的均值取负，而不是该概率取 −log 后的均值。"
    ),
    "noqa: F821 (X is not an argument)": "noqa: F821（X 不是函数的参数）",
    "avoid numerical problems": "为了数值稳定",
    "the loss": "损失值",
    "dS": "梯度 dS",
    (
        "The source post's multiclass SVM code, as printed (indentation restored, comments translated). A "
        "lesson, not a tool: dS is an int array, so dS /= N cannot store the quotient and NumPy raises "
        "UFuncTypeError. (Old NumPy floor-divided instead: silently wrong.)"
    ): (
        "源帖的多分类 SVM 代码，照原样给出（补回了缩进，注释经过转述）。\n"
        "\n"
        "只作反面教材，不宜拿来使用：dS 是整数数组，dS /= N 存不下商，NumPy 会抛出 UFuncTypeError。（旧版 "
        "NumPy 则改做整除：结果悄无声息地出错。）"
    ),
    "the SVM loss": "SVM 损失",
    "A root of f′ to 30 digits, by SymPy's nsolve (mpmath's root finder), from guess.": (
        "从 guess 出发，用 SymPy 的 nsolve（即 mpmath 的求根器）求 f′ 的一个根，精确到 30 位。"
    ),
    (
        "Gradient descent on curvature_x·x² + curvature_y·y²: the (steps + 1, 2) array of points visited. "
        "The gradient is the last step of gd_quadratic_gradient, turned into code. dtype=np.float32 repeats "
        "the arithmetic of PyTorch's default tensors, in which the source post ran its experiment."
    ): (
        "在 curvature_x·x² + curvature_y·y² 上做梯度下降：返回所经各点组成的 (steps + 1, 2) 数组。\n"
        "\n"
        "梯度就是 gd_quadratic_gradient 的最后一步，写成了代码。dtype=np.float32 重现 PyTorch "
        "默认张量的算术，源帖的实验正是在这种张量上做的。"
    ),
    "Newton's iterates from start on 'quartic' or 'cubic': a (steps + 1, 2) array.": (
        "在 'quartic' 或 'cubic' 上从 start 出发的牛顿迭代点：一个 (steps + 1, 2) 数组。"
    ),
    "the last line of the derivation, as NumPy code": "推导的最后一行，写成 NumPy 代码",
    "an int, as in the source; the first step makes it a float (ints convert exactly)": (
        "与源帖一样是整数；第一步之后变为浮点数（整数可以精确转换）"
    ),
    "`not >`: a nan residual stops the loop, as in the source": "写成 `not >`：残差为 nan 时循环也会停止，与源帖相同",
    "The source's square root: x = 1; while |x*x - K| > 1e-9: x = (x + K/x)/2.": (
        "源帖的平方根算法：x = 1；只要 |x*x - K| > 1e-9，就令 x = (x + K/x)/2。"
    ),
    "Gradient descent on (w, b); returns the (steps + 1, 2) array of points visited.": (
        "对 (w, b) 做梯度下降；返回所经各点组成的 (steps + 1, 2) 数组。"
    ),
    "h = w + b, and h depends on w and on b with slope 1": "h = w + b，h 对 w 和对 b 的斜率都是 1",
    "1 where x > 0, else 0: at exactly 0 the derivative does not exist; 0 is the usual choice.": (
        "x > 0 处为 1，其余为 0：恰在 0 处导数不存在，通常取 0。"
    ),
    (
        "Logistic sigmoid 1 / (1 + e^(-x)), stable for every float. exp is only ever called on -|x| <= 0, so "
        "it cannot overflow: for x >= 0 use 1 / (1 + e^(-x)), for x < 0 the algebraically equal e^x / (1 + "
        "e^x)."
    ): (
        "sigmoid（逻辑斯谛）函数 1 / (1 + e^(-x))，对每个浮点数都数值稳定。\n"
        "\n"
        "exp 只作用在 -|x| <= 0 上，因此不会溢出：x >= 0 时用 1 / (1 + e^(-x))，x < 0 时用代数上与之相等的 "
        "e^x / (1 + e^x)。"
    ),
    "e^-|x| going subnormal (|x| > 708) or to 0 is the correct result": (
        "e^-|x| 变成次正规数（|x| > 708）或下溢为 0，都是正确的结果"
    ),
    (
        "σ′(x) = σ(x)·σ(−x): the same as σ(x)(1 − σ(x)), but 1 − σ(x) is never formed. For x = 40, σ(x) "
        "rounds to 1.0 and 1 − σ(x) to 0, while σ(−40) keeps the true 4.2e-18."
    ): (
        "σ′(x) = σ(x)·σ(−x)：与 σ(x)(1 − σ(x)) 相同，但从不计算 1 − σ(x)。\n"
        "\n"
        "当 x = 40 时，σ(x) 舍入为 1.0，1 − σ(x) 成了 0，而 σ(−40) 保留了真实值 4.2e-18。"
    ),
    "A scalar in a computation graph: data, grad, parents and the local derivative toward each parent.": (
        "计算图中的一个标量：数据 data、梯度 grad、父节点 parents，以及对每个父节点的局部导数。"
    ),
    "primitives: forward value and local derivative side by side": "基本运算：前向的值与局部导数并排写出",
    "sum rule: d(a+b)/da = 1, d(a+b)/db = 1": "加法法则：d(a+b)/da = 1，d(a+b)/db = 1",
    "product rule: d(ab)/da = b, d(ab)/db = a": "乘法法则：d(ab)/da = b，d(ab)/db = a",
    "power rule: d(a**p)/da = p a**(p-1)": "幂法则：d(a**p)/da = p a**(p-1)",
    "d exp(a)/da = exp(a)": "d exp(a)/da = exp(a)",
    "d log(a)/da = 1/a": "d log(a)/da = 1/a",
    "d tanh(a)/da = 1 - tanh(a)**2": "d tanh(a)/da = 1 - tanh(a)**2",
    "d sigma(a)/da = sigma(a)(1 - sigma(a))": "d sigma(a)/da = sigma(a)(1 - sigma(a))",
    "d relu(a)/da = 1 if a > 0 else 0": "a > 0 时 d relu(a)/da = 1，否则为 0",
    "derived operations: compositions of primitives, so the chain rule does their backward pass": (
        "派生运算：由基本运算组合而成，它们的反向传播交给链式法则"
    ),
    "reverse sweep": "反向遍历",
    "Set every node's grad to d(self)/d(node): topological order, then one loop from self backwards.": (
        "把每个节点的 grad 置为 d(self)/d(node)：先做拓扑排序，再从 self 往回走一遍。"
    ),
    "each call starts afresh, so calling it twice gives the same gradients": (
        "每次调用都从零开始，所以调用两次得到的梯度相同"
    ),
    "a node's grad is complete before it is passed on to its parents": (
        "一个节点的 grad 在传给它的父节点之前已经累加完整"
    ),
    "+=, not =: a node used k times receives k contributions, and the chain rule sums them.": (
        "用 +=，而不是 =：一个节点被用了 k 次，就会收到 k 份贡献，链式法则要求把它们加起来。"
    ),
    "Return the nodes of root's graph, each after all of its parents (iterative, so depth is unlimited).": (
        "返回 root 所在计算图的全部节点，每个节点都排在它的所有父节点之后（用迭代实现，所以深度不受限制）。"
    ),
    (
        "Scale all arrays by one factor so their joint norm is at most max_norm; return (clipped, norm before)."
    ): "用同一个因子缩放所有数组，使它们合起来的范数不超过 max_norm；返回（裁剪后的数组，裁剪前的范数）。",
    "One factor for every array: that is what keeps the direction of the full gradient vector.": (
        "所有数组共用一个因子：正是这一点保持了整个梯度向量的方向。"
    ),
    "Backpropagate dL/d(output): lists dz (w.r.t. each z), da_in (w.r.t. each layer's input), dW.": (
        "把 dL/d(output) 反向传播：返回列表 dz（对每个 z 的梯度）、da_in（对每层输入的梯度）和 dW。"
    ),
    "through the activation": "穿过激活函数",
    "w.r.t. the matrix actually used, weight_scale * W": "对实际使用的矩阵 weight_scale * W 的梯度",
    "(dz @ W.T) * s: what the layer below receives": "(dz @ W.T) * s：下面一层收到的梯度",
    ("Signed mean, RMS and Frobenius norm of dW = a_in.T @ dz, from batch x batch products (dW never built)."): (
        "dW = a_in.T @ dz 的带符号均值、均方根（RMS）和 Frobenius 范数，由 batch x batch 的乘积算出（从不构造 dW）。"
    ),
    (
        "dW is n_in x n_out but has rank <= batch: ||A^T D||_F^2 = sum((A A^T) * (D D^T)) and sum(A^T D) = "
        "(row sums of A) . (row sums of D), so 10x10 matrices replace 1000x1000 ones."
    ): (
        "dW 的形状是 n_in x n_out，但秩 <= batch：||A^T D||_F^2 = sum((A A^T) * (D D^T))；sum(A^T D) 则等于 "
        "A 的行和与 D 的行和的点积，于是用 10x10 的矩阵代替了 1000x1000 的矩阵。"
    ),
    "A number value + derivative*e with e**2 = 0: arithmetic on it applies the chain rule as it goes.": (
        "形如 value + derivative*e 的数，其中 e**2 = 0：在它上面做算术，就随之应用了链式法则。"
    ),
    "primitives: (a + a'e)(b + b'e) = ab + (a'b + ab')e, and f(a + a'e) = f(a) + f'(a)a'e": (
        "基本运算：(a + a'e)(b + b'e) = ab + (a'b + ab')e，以及 f(a + a'e) = f(a) + f'(a)a'e"
    ),
    "derived, composed exactly as in the reverse engine, so both modes evaluate the same operations": (
        "派生运算：组合方式与反向模式的引擎完全相同，因此两种模式计算的是同样的运算"
    ),
    "Return the gradient of f at xs by forward mode: one pass of dual numbers per input.": (
        "用前向模式求 f 在 xs 处的梯度：每个输入各做一遍对偶数的计算。"
    ),
    "direction: unit vector i": "方向：第 i 个单位向量",
    "Return the gradient of f at xs by reverse mode: one recorded evaluation, one backward pass.": (
        "用反向模式求 f 在 xs 处的梯度：记录一次求值，再做一次反向传播。"
    ),
    "Numerical gradient of the scalar function f at x by central differences, one coordinate at a time.": (
        "用中心差分逐个坐标求标量函数 f 在 x 处的数值梯度。"
    ),
    "f sees this private copy, so x itself cannot change": "f 看到的是这份私有副本，因此 x 本身不会被改动",
    "views into work and grad": "work 和 grad 的视图",
    "restored even if f raises, so the next coordinate starts from x": (
        "即使 f 抛出异常也会恢复，下一个坐标因此仍从 x 出发"
    ),
    (
        "Divide by the step actually taken: original ± eps is rounded, and (upper - lower) is that rounded "
        "step, not 2·eps (the Numerical Recipes trick; it matters when |x| >> eps)."
    ): (
        "除以实际走过的步长：original ± eps 会被舍入，(upper - lower) 才是舍入后的步长，而不是 "
        "2·eps（这是《Numerical Recipes》中的技巧；当 |x| >> eps 时影响明显）。"
    ),
    "Elementwise |a − n| / max(|a|, |n|) as in CS231n, defined as 0 where both are 0.": (
        "逐元素计算 CS231n 中的 |a − n| / max(|a|, |n|)，两者都为 0 处定义为 0。"
    ),
    "where both are 0 the difference is 0 too; dividing by 1 there gives the defined value 0": (
        "两者都为 0 处差也为 0；在那里除以 1，得到约定的值 0"
    ),
    (
        "Binary cross-entropy of a = sigmoid(h) against y, and its gradient dloss/dh, per element. loss = "
        "-(y log a + (1 - y) log(1 - a)) is computed without forming a, as loss = y * softplus(-h) + (1 - y) "
        "* softplus(h), softplus(t) = max(t, 0) + log1p(exp(-|t|)) = max(h, 0) * (1 - y) + max(-h, 0) * y + "
        "log1p(exp(-|h|)) which equals max(h, 0) - h*y + log1p(exp(-|h|)) but adds only non-negative terms, "
        "so nothing cancels (for soft labels, h - h*y would lose digits when y is close to 1). exp only sees "
        "-|h| <= 0, so it cannot overflow. grad = a - y, evaluated so that confident examples keep their "
        "tiny gradient: y == 1: -sigmoid(-h) (sigmoid(h) - 1 would round to 0 once h > 37) y == 0: "
        "sigmoid(h) else: sigmoid(h) - y h and y broadcast against each other; h must be finite and y must "
        "lie in [0, 1]. Returns (loss, grad) as float arrays (NumPy scalars for scalar inputs)."
    ): (
        "a = sigmoid(h) 相对 y 的二元交叉熵，以及它的梯度 dloss/dh，逐元素计算。\n"
        "\n"
        "loss = -(y log a + (1 - y) log(1 - a)) 的计算不经过 a，而是写成\n"
        "    loss = y * softplus(-h) + (1 - y) * softplus(h),  softplus(t) = max(t, 0) + log1p(exp(-|t|))\n"
        "         = max(h, 0) * (1 - y) + max(-h, 0) * y + log1p(exp(-|h|))\n"
        "它等于 max(h, 0) - h*y + log1p(exp(-|h|))，但只把非负的项相加，所以不会相消（对软标签，y 接近 1 时 "
        "h - h*y 会丢失有效数字）。exp 只作用在 -|h| <= 0 上，因此不会溢出。\n"
        "\n"
        "grad = a - y，求值的方式让置信度高的样本保住微小的梯度：\n"
        "    y == 1:  -sigmoid(-h)   （h > 37 时 sigmoid(h) - 1 会舍入为 0）\n"
        "    y == 0:  sigmoid(h)\n"
        "    其他：   sigmoid(h) - y\n"
        "\n"
        "h 与 y 相互广播；h 必须有限，y 必须在 [0, 1] 内。\n"
        "返回 (loss, grad)，均为浮点数组（标量输入时为 NumPy 标量）。"
    ),
    (
        "Mean softmax cross-entropy of the (N, C) scores S against integer labels y, and dloss/dS. loss = "
        "(1/N) sum_i -log softmax(S_i)[y_i] (see softmax_cross_entropy_per_row) dS = (softmax(S) - "
        "onehot(y)) / N, with the y-column computed as p_y - 1 = -sum_{j != y} p_j, so that a confident "
        "correct row keeps its tiny gradient instead of 1 - 1 = 0."
    ): (
        "(N, C) 得分 S 相对整数标签 y 的平均 softmax 交叉熵，以及 dloss/dS。\n"
        "\n"
        "    loss = (1/N) sum_i -log softmax(S_i)[y_i]       （见 softmax_cross_entropy_per_row）\n"
        "    dS   = (softmax(S) - onehot(y)) / N\n"
        "其中第 y 列按 p_y - 1 = -sum_{j != y} p_j 计算，这样置信且正确的一行能保住微小的梯度，而不会得到 1 "
        "- 1 = 0。"
    ),
    (
        "-log softmax(S_i)[y_i] for each row i of the (N, C) scores S, as an (N,) array. With m = max_j s_j "
        "at column k, log sum_j exp(s_j) = m + log(1 + r), r = sum_{j != k} exp(s_j - m), so L_i = (m - s_y) "
        "+ log1p(r). Both terms are >= 0, so nothing cancels. The usual m + log(sum_j exp(s_j - m)) - s_y "
        "returns exactly 0 once r < 1.1e-16 (1 + r rounds to 1); log1p(r) keeps it (r ~ 3.9e-22 for s = [50, "
        "0, 0], y = 0). Ties are fine: another column equal to the maximum adds exp(0) = 1 to r."
    ): (
        "对 (N, C) 得分 S 的每一行 i 求 -log softmax(S_i)[y_i]，结果是形状为 (N,) 的数组。\n"
        "\n"
        "设 m = max_j s_j 位于第 k 列，则 log sum_j exp(s_j) = m + log(1 + r)，其中 r = sum_{j != k} exp(s_j "
        "- m)，所以\n"
        "    L_i = (m - s_y) + log1p(r)\n"
        "两项都 >= 0，所以不会相消。常见的写法 m + log(sum_j exp(s_j - m)) - s_y 在 r < 1.1e-16 时（1 + r "
        "舍入为 1）恰好返回 0；log1p(r) 则保住了它（s = [50, 0, 0]、y = 0 时 r ~ "
        "3.9e-22）。最大值并列也没有问题：另一个等于最大值的列只是给 r 加上 exp(0) = 1。"
    ),
    "leave out the argmax's exp(0) = 1: r is summed on its own": "去掉 argmax 处的 exp(0) = 1：r 单独求和",
    "log1p(r) = r for a subnormal r: some libms flag that as an underflow, but it is the exact result": (
        "r 为次正规数时 log1p(r) = r：有些 libm 会把它标记为下溢，但这正是精确的结果"
    ),
    (
        "Multiclass hinge loss of the (N, C) scores S against integer labels y, and dloss/dS. loss = (1/N) "
        "sum_i sum_{j != y_i} max(0, s_ij - s_iy + margin) dS_ij = (1/N) * ( q_ij for j != y_i ( -sum_{m != "
        "y_i} q_im for j == y_i where q_ij = 1 if s_ij - s_iy + margin > 0 else 0. At the kink (exactly 0) a "
        "term counts as inactive: strict >, so the subgradient chosen there is 0."
    ): (
        "(N, C) 得分 S 相对整数标签 y 的多分类 hinge 损失（合页损失），以及 dloss/dS。\n"
        "\n"
        "    loss = (1/N) sum_i sum_{j != y_i} max(0, s_ij - s_iy + margin)\n"
        "    dS_ij = (1/N) * ( q_ij                      若 j != y_i\n"
        "                    ( -sum_{m != y_i} q_im      若 j == y_i\n"
        "其中 s_ij - s_iy + margin > 0 时 q_ij = 1，否则为 0。在折点处（恰为 "
        "0），这一项算作不起作用：用的是严格的 >，所以那里选取的次梯度是 0。"
    ),
    "the correct class is not compared with itself": "正确类别不与自身比较",
    "∂(MAE)/∂θ for every parameter, chaining the layer rules from the loss back to the input.": (
        "对每个参数求 ∂(MAE)/∂θ：从损失往回直到输入，把各层的规则串联起来。"
    ),
    "∂l/∂h of the last layer": "最后一层的 ∂l/∂h",
    "through a_i = relu(h_i)": "穿过 a_i = relu(h_i)",
    "(∂l/∂W, ∂l/∂b, ∂l/∂x) of h = Wᵀx + b, given the upstream gradient dh = ∂l/∂h of shape (n_out, m).": (
        "h = Wᵀx + b 的 (∂l/∂W, ∂l/∂b, ∂l/∂x)，已知上游梯度 dh = ∂l/∂h，其形状为 (n_out, m)。"
    ),
    "∂h_jk/∂W_ij = x_ik, summed over the batch k: Σ_k x_ik dh_jk": (
        "∂h_jk/∂W_ij = x_ik，再对批次下标 k 求和：Σ_k x_ik dh_jk"
    ),
    "b is shared by all m columns, so its gradient is the *sum*": "b 由全部 m 列共用，所以它的梯度是各列之和",
    "∂h_jk/∂x_ik = W_ij": "∂h_jk/∂x_ik = W_ij",
    "∂l/∂pred of the MAE: sign(pred − y) / m, with sign(0) = 0 at a tie (0 lies in the subdifferential).": (
        "MAE 的 ∂l/∂pred：sign(pred − y) / m，两者相等时取 sign(0) = 0（0 属于次微分）。"
    ),
    "∂l/∂h of a = max(0, h): pass da where h > 0; at h = 0 use the derivative 0 (a valid subgradient).": (
        "a = max(0, h) 的 ∂l/∂h：在 h > 0 处把 da 传下去；在 h = 0 处取导数 0（这是一个合法的次梯度）。"
    ),
    (
        "True if moving any one parameter by ±eps changes a sign in activation_pattern (a kink in the stencil)."
    ): "若把任意一个参数移动 ±eps 会改变 activation_pattern 中的某个符号（差分模板内有折点），就返回 True。",
    "torch.optim.Adam: running means m of g and v of g², bias-corrected, p ← p − lr·m̂ / (√v̂ + ε).": (
        "torch.optim.Adam：g 的滑动平均 m 与 g² 的滑动平均 v，经偏差校正后，p ← p − lr·m̂ / (√v̂ + ε)。"
    ),
    (
        "Both averages start at 0, so after t steps their weights sum to 1 − βᵗ, not 1: dividing by it "
        "removes that bias. Without it the first step would be lr·(1−β₁)/√(1−β₂) ≈ 3.16·lr, not lr."
    ): (
        "两个平均都从 0 开始，t 步之后它们的权重之和是 1 − βᵗ 而不是 "
        "1：除以它就消除了这一偏差。不做校正的话，第一步会是 lr·(1−β₁)/√(1−β₂) ≈ 3.16·lr，而不是 lr。"
    ),
    (
        "The textbook (and seed) form of momentum: v ← βv − αg, w ← w + v, with α = lr and β = momentum. It "
        "is PyTorch's form in other units: its velocity is v = −lr·b, so the iterates agree; on a constant "
        "gradient v tends to −α g / (1 − β), an effective learning rate α / (1 − β)."
    ): (
        "教科书（也是源帖）形式的动量法：v ← βv − αg，w ← w + v，其中 α = lr，β = momentum。\n"
        "\n"
        "它就是换了单位的 PyTorch 形式：PyTorch 的速度为 v = −lr·b，因此两者的迭代点一致；在恒定的梯度下，v "
        "趋于 −α g / (1 − β)，相当于有效学习率 α / (1 − β)。"
    ),
    (
        "Newton iterates for the positive n-th root (n = 2 or 3) of a finite K > 0. Error bound: with m in "
        "[0.5, 2**(n-1)) the tangent-line start has relative error at most 0.061 (n = 2) and 0.26 (n = 3), "
        "and each step roughly squares it (e -> e**2/2 for n = 2, e -> e**2 for n = 3). So 4 steps (n = 2) "
        "and 5 steps (n = 3) bring it below 2**-53; one more entry may come from the rounding correction."
    ): (
        "有限的 K > 0 的 n 次正根（n = 2 或 3）的牛顿迭代点。\n"
        "\n"
        "误差界：m 在 [0.5, 2**(n-1)) 内时，切线起点的相对误差至多为 0.061（n = 2）和 0.26（n = "
        "3），而每一步大约把它平方（n = 2 时 e -> e**2/2，n = 3 时 e -> e**2）。所以 4 步（n = 2）和 5 步（n "
        "= 3）就能把它降到 2**-53 以下；舍入修正可能再添一项。"
    ),
    "K = mantissa * 2**exponent, mantissa in [0.5, 1)": "K = mantissa * 2**exponent，mantissa 在 [0.5, 1) 内",
    "K = m * 2**(n q), m in [0.5, 2**(n-1))": "K = m * 2**(n q)，m 在 [0.5, 2**(n-1)) 内",
    "tangent line of m**(1/n) at m = 1: not below the root (up to rounding)": (
        "m**(1/n) 在 m = 1 处的切线：不低于根（不计舍入）"
    ),
    "one iteration is kept for the rounding correction": "留出一次迭代给舍入修正",
    "from above the iterates decrease; when they stop, rounding has taken over": (
        "从上方逼近时迭代点逐步减小；一旦不再减小，舍入误差就占了上风"
    ),
    "exact: roots of doubles are normal numbers": "精确：双精度数的根都是正规数",
    (
        "Real cube root of K by Newton's iteration x <- (2x + K/x**2)/3, correctly rounded. Works for every "
        "float: negative K, +-0, subnormals, the largest double, +-inf and nan."
    ): (
        "用牛顿迭代 x <- (2x + K/x**2)/3 求 K 的实立方根，结果正确舍入。\n"
        "\n"
        "对每个浮点数都适用：负的 K、+-0、次正规数、最大的双精度数、+-inf 和 nan。"
    ),
    (
        "Square root of K by Newton's iteration x <- (x + K/x)/2; equals math.sqrt(K) for every float. "
        "Raises ValueError for K < 0 (and for numbers too large for a float), TypeError for non-numbers."
    ): (
        "用牛顿迭代 x <- (x + K/x)/2 求 K 的平方根；对每个浮点数都与 math.sqrt(K) 相等。\n"
        "\n"
        "K < 0 时（以及数大到无法转为浮点数时）抛出 ValueError，输入不是数时抛出 TypeError。"
    ),
    # --- comments in the derivation blocks' source (render_derivation) ---
    "c − 5x² > 1: the square root is real and non-zero": "c − 5x² > 1：平方根为实数且不为零",
    "a display name only: the steps use its components": "仅作显示用的名称：各步使用它的分量",
    "y′ exists where f_y ≠ 0": "在 f_y ≠ 0 处 y′ 存在",
    "what SymPy's rsolve found": "SymPy 的 rsolve 求得的结果",
    "H positive definite": "H 正定",
    "claims sigma' <= 1/8, false near x = 0": "声称 sigma' <= 1/8，在 x = 0 附近不成立",
    "(slow to reject for four classes; the sign flips below cover it)": (
        "（四个类别时否定得慢；下面的变号已覆盖这种错误）"
    ),
    "|z| < 1.5 keeps every slope above 1/8, so a bound halved anywhere is caught at the sample points": (
        "|z| < 1.5 使每个斜率都大于 1/8，因此界在任何位置被减半，都会在采样点上被发现"
    ),
}
