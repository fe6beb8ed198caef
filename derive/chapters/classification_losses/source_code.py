"""The source post's NumPy code (《梯度求解学习小结1》, its "编码实现" sections), replayed as a lesson:
each function as printed (indentation restored, comments translated), then a copy with exactly one line
changed, to see what the rest computes. Never used as a tool.
"""

from __future__ import annotations

import numpy as np

# The scores of the three-example, three-class example in the CS231n notes, with labels 0, 1, 2.
EXAMPLE_S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
EXAMPLE_Y = np.array([0, 1, 2])


# The post's code keeps its own quotes.
# fmt: off
def seed_svm_loss(S, y):
    """The source post's multiclass SVM code, as printed
    (indentation restored, comments translated).

    A lesson, not a tool: dS is an int array, so dS /= N
    cannot store the quotient and NumPy raises UFuncTypeError.
    (Old NumPy floor-divided instead: silently wrong.)
    """
    N = S.shape[0]
    i = np.arange(N)
    # the SVM loss
    margins = np.maximum(S - S[i, y][:, np.newaxis] + 1, 0)
    margins[i, y] = 0
    loss = np.sum(margins) / N
    # dS
    dS = (S - S[i, y][:, np.newaxis] + 1 >= 0).astype('int')
    dS[i, y] = 0
    dS[i, y] = -dS.sum(axis=1)
    dS /= N
    return loss, dS


# fmt: on


def seed_svm_loss_float(S, y):
    """seed_svm_loss with one change, astype('int') → astype(float),
    so that dS /= N works."""
    N = S.shape[0]
    i = np.arange(N)
    # the SVM loss
    margins = np.maximum(S - S[i, y][:, np.newaxis] + 1, 0)
    margins[i, y] = 0
    loss = np.sum(margins) / N
    # dS
    dS = (S - S[i, y][:, np.newaxis] + 1 >= 0).astype(float)
    dS[i, y] = 0
    dS[i, y] = -dS.sum(axis=1)
    dS /= N
    return loss, dS


def seed_softmax_loss(S, y):
    """The source post's softmax code, as printed
    (indentation restored, comments translated).

    Two bugs: X is not defined (NameError), and the loss has no
    log: it returns minus the mean probability of the true class
    instead of the mean of −log of that probability.
    """
    N = X.shape[0]  # noqa: F821  (X is not an argument)
    i = np.arange(N)
    # avoid numerical problems
    Smax = S.max(axis=1).reshape((N, 1))
    Sexp = np.exp(S - Smax)
    # the loss
    p = Sexp / Sexp.sum(axis=1, keepdims=True)
    loss = -np.sum(p[i, y]) / N
    # dS
    p[i, y] -= 1.0
    dS = p / N
    return loss, dS


def seed_softmax_loss_with_n(S, y):
    """seed_softmax_loss with one change, X.shape[0] → S.shape[0],
    to see what the rest computes."""
    N = S.shape[0]
    i = np.arange(N)
    # avoid numerical problems
    Smax = S.max(axis=1).reshape((N, 1))
    Sexp = np.exp(S - Smax)
    # the loss
    p = Sexp / Sexp.sum(axis=1, keepdims=True)
    loss = -np.sum(p[i, y]) / N
    # dS
    p[i, y] -= 1.0
    dS = p / N
    return loss, dS


def run_reporting_errors(fn, *args):
    """fn(*args), or the exception it raises as one line "Name: message" (public class name)."""
    try:
        return fn(*args)
    except Exception as exc:  # the lesson is which exception the printed code raises
        name = next(c.__name__ for c in type(exc).__mro__ if not c.__name__.startswith("_"))
        return f"{name}: {exc}"
