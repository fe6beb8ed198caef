# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 反向传播实验
#
# 这个笔记本运行《手写反向传播》一章的实验：原文的小型 ReLU 网络（各层大小见 `mlp.LAYER_SIZES`），用平均绝对误差回归
# $\sin x$，全部用 NumPy 写成。它调用的每个函数都来自本手册的 `derive`
# 包，与正文展示和测试的是同一份代码，这里没有另写一遍。想自己运行，请先安装本项目（在仓库的克隆中执行 `pip install -e
# .`），再用 Jupyter 打开本文件。

# %%
import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.backpropagation import experiments, source_code
from derive.chapters.backpropagation.derivations_linear import lambdified_gradients
from derive.numerics import mlp

# %% [markdown]
# ## 网络与缓存
#
# 每个样本是一列。前向传播返回预测值和缓存：缓存里保存每一层的输入和每个激活前的值 $h$，反向传播要用到它们。

# %%
params = mlp.init_params(0)
x = np.array([[1.0, 2.0]])
pred, cache = mlp.forward(params, x)
print("参数个数：", mlp.params_to_vector(params).size)
print("各层输入的形状：", [a.shape for a in cache["inputs"]])
print("激活前的值的形状：", [h.shape for h in cache["pre"]])

# %% [markdown]
# ## 每一层的反向规则与它的证明
#
# 正文用元素为符号的 SymPy 矩阵证明了线性层的 $\partial \ell / \partial W$、$\partial \ell / \partial b$ 和
# $\partial \ell / \partial x$。这里把证明得到的公式转成 NumPy 函数，在批量形状的随机输入上与手写的
# `linear_backward` 对照。

# %%
rng = np.random.default_rng(1)
dW_proved, db_proved, dx_proved = lambdified_gradients("batch")
W, xb, G = rng.standard_normal((2, 2)), rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
dW, db, dx = mlp.linear_backward(W, xb, G)
for name, ours, proved in (
    ("dW", dW, dW_proved(W, xb, G)),
    ("db", db, db_proved(W, xb, G)),
    ("dx", dx, dx_proved(W, xb, G)),
):
    print(name, "与证明结果的最大差：", np.abs(ours - np.asarray(proved, dtype=float)).max())

# %% [markdown]
# ## 对全部参数做梯度检查
#
# 中心差分每次只扰动一个参数。样本会重新抽取，直到没有任何一次扰动跨过 ReLU 的折点或 MAE
# 的平局点；跨过折点时，差商会把两侧的斜率平均掉。

# %%
report = experiments.gradient_check_report()
print(f"最大相对误差（CS231n 的定义）：{report.max_relative_error:.1e}")
print(f"最大绝对差：{report.max_abs_difference:.1e}")
print("是否通过：", report.passed)

# %% [markdown]
# 原文自己的检查，按它的随机种子重新抽样：它当时的具体抽样无法复原，但差值的量级可以复现。

# %%
source_code.source_check_numbers()

# %% [markdown]
# ## 一次检查通过不等于证明
#
# 两个错误的反向传播：每个都在某一点通过检查，换一点就失败。

# %%
for case, places in source_code.one_point_check_is_not_proof().items():
    for where, outcome in places.items():
        verdict = "通过" if outcome["passed"] else "失败"
        print(f"{case:18s} {where:17s} {verdict}  相对误差 {outcome['max_relative_error']:.1e}")

# %% [markdown]
# ## 训练
#
# 与原文一样用最朴素的 SGD，设置也相同：步数 `mlp.SOURCE_STEPS`，每步在 $[-5, 5]$ 上均匀抽取 `mlp.SOURCE_BATCH`
# 个新点，学习率 `mlp.SOURCE_LEARNING_RATE`。训练时下面的进度条会随之前进。

# %%
losses, trained = mlp.train_sgd(experiments.TRAIN_SEED, progress=experiments.progress_bar(mlp.SOURCE_STEPS))

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2), dpi=72)
ax1.semilogy(np.convolve(losses, np.ones(100) / 100, mode="valid"))
ax1.set_xlabel("step")
ax1.set_ylabel("MAE, mean of 100 steps")
grid = np.linspace(-5, 5, 400)
ax2.plot(grid, np.sin(grid), label="sin x")
ax2.plot(grid, mlp.forward(trained, grid[None, :])[0].ravel(), label="network")
ax2.set_xlabel("x")
ax2.legend()
fig.tight_layout()
