"""derive: the derivations, numerics and experiments behind the gradient handbook.

Every formula on the site is a SymPy expression registered in derive.chapters; every number is
computed there. The NumPy code the pages teach is importable from here (see the README for one line
on each name):

    from derive import sigmoid, bce_with_logits, softmax_cross_entropy, svm_loss, newton_sqrt, newton_cbrt
"""

from derive.numerics import deep_chain, mlp
from derive.numerics.activations import relu, relu_derivative_np, sigmoid, sigmoid_derivative_np, tanh
from derive.numerics.autograd import Value
from derive.numerics.clipping import clip_grad_norm, clip_grad_value
from derive.numerics.descent import descend, gradient_descent_step
from derive.numerics.dual import Dual, forward_gradient, reverse_gradient
from derive.numerics.gradcheck import central_difference, max_relative_error, relative_error
from derive.numerics.himmelblau import himmelblau, himmelblau_gradient, himmelblau_stationary_points
from derive.numerics.losses import bce_with_logits, softmax, softmax_cross_entropy, svm_loss
from derive.numerics.optimisers import adagrad_step, adam_step, momentum_step, rmsprop_step, sgd_step
from derive.numerics.roots import newton_cbrt, newton_sqrt

__all__ = [
    "Dual",
    "Value",
    "adagrad_step",
    "adam_step",
    "bce_with_logits",
    "central_difference",
    "clip_grad_norm",
    "clip_grad_value",
    "deep_chain",
    "descend",
    "forward_gradient",
    "gradient_descent_step",
    "himmelblau",
    "himmelblau_gradient",
    "himmelblau_stationary_points",
    "max_relative_error",
    "mlp",
    "momentum_step",
    "newton_cbrt",
    "newton_sqrt",
    "relative_error",
    "relu",
    "relu_derivative_np",
    "reverse_gradient",
    "rmsprop_step",
    "sgd_step",
    "sigmoid",
    "sigmoid_derivative_np",
    "softmax",
    "softmax_cross_entropy",
    "svm_loss",
    "tanh",
]
