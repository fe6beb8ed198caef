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
# # Back-propagation lab
#
# This notebook runs the lab of the chapter *Back-propagation by hand*: the source's small ReLU network
# (layer sizes `mlp.LAYER_SIZES`) that regresses $\sin x$ with the mean absolute error, written in NumPy.
# Every function it calls is the one the chapter shows and tests, from the `derive` package of the
# handbook; nothing is re-implemented here. To run it yourself, install the project (`pip install -e .`
# in a clone of the repository) and open this file in Jupyter.

# %%
import matplotlib.pyplot as plt
import numpy as np

from derive.chapters.backpropagation import experiments, source_code
from derive.chapters.backpropagation.derivations_linear import lambdified_gradients
from derive.numerics import mlp

# %% [markdown]
# ## The network and its cache
#
# A sample is a column. The forward pass returns the prediction and a cache: the input of every layer
# and every pre-activation $h$, which the backward pass needs.

# %%
params = mlp.init_params(0)
x = np.array([[1.0, 2.0]])
pred, cache = mlp.forward(params, x)
print("parameters:", mlp.params_to_vector(params).size)
print("layer inputs:", [a.shape for a in cache["inputs"]])
print("pre-activations:", [h.shape for h in cache["pre"]])

# %% [markdown]
# ## Each layer's backward rule against its proof
#
# The chapter proves $\partial \ell / \partial W$, $\partial \ell / \partial b$ and $\partial \ell / \partial x$
# of a linear layer with SymPy matrices of symbolic entries. Here the proved formulas, turned into NumPy
# functions, meet the hand-written `linear_backward` on random inputs of the batch shape.

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
    print(name, "largest difference from the proof:", np.abs(ours - np.asarray(proved, dtype=float)).max())

# %% [markdown]
# ## Gradient check over all parameters
#
# Central differences perturb one parameter at a time. The sample is redrawn until no perturbation
# crosses a ReLU kink or a tie of the MAE, where a difference quotient would average two slopes.

# %%
report = experiments.gradient_check_report()
print(f"largest relative error (CS231n): {report.max_relative_error:.1e}")
print(f"largest absolute difference:     {report.max_abs_difference:.1e}")
print("passed:", report.passed)

# %% [markdown]
# The source post's own check, redrawn from its seed: its exact draw cannot be rebuilt, but the size of
# the difference can.

# %%
source_code.source_check_numbers()

# %% [markdown]
# ## One passing check is not a proof
#
# Two wrong backward passes: each passes the check at one point and fails at another.

# %%
for case, places in source_code.one_point_check_is_not_proof().items():
    for where, outcome in places.items():
        verdict = "passes" if outcome["passed"] else "fails"
        print(f"{case:18s} {where:17s} {verdict:6s} relative error {outcome['max_relative_error']:.1e}")

# %% [markdown]
# ## Training
#
# Plain SGD as in the source, with its settings `mlp.SOURCE_STEPS` steps, `mlp.SOURCE_BATCH` fresh points a
# step drawn uniformly from $[-5, 5]$, and learning rate `mlp.SOURCE_LEARNING_RATE`. The bar below moves
# while it trains.

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
