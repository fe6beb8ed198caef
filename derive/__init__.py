"""derive: the derivations, numerics and experiments behind the gradient handbook.

Every formula on the site is a SymPy expression registered in derive.chapters; every number is
computed there. The NumPy code the pages teach is importable from here (see the README for one line
on each name):

    from derive import sigmoid, bce_with_logits, softmax_cross_entropy, svm_loss, newton_sqrt, newton_cbrt
"""

# name -> the module that defines it; imported on first use, so `python -m derive` starts fast
_PUBLIC = {
    "Dual": "derive.numerics.dual",
    "Value": "derive.numerics.autograd",
    "adagrad_step": "derive.numerics.optimisers",
    "adam_step": "derive.numerics.optimisers",
    "bce_with_logits": "derive.numerics.losses",
    "central_difference": "derive.numerics.gradcheck",
    "clip_grad_norm": "derive.numerics.clipping",
    "clip_grad_value": "derive.numerics.clipping",
    "deep_chain": "derive.numerics.deep_chain",
    "descend": "derive.numerics.descent",
    "forward_gradient": "derive.numerics.dual",
    "gradient_descent_step": "derive.numerics.descent",
    "himmelblau": "derive.numerics.himmelblau",
    "himmelblau_gradient": "derive.numerics.himmelblau",
    "himmelblau_stationary_points": "derive.numerics.himmelblau",
    "max_relative_error": "derive.numerics.gradcheck",
    "mlp": "derive.numerics.mlp",
    "momentum_step": "derive.numerics.optimisers",
    "newton_cbrt": "derive.numerics.roots",
    "newton_sqrt": "derive.numerics.roots",
    "relative_error": "derive.numerics.gradcheck",
    "relu": "derive.numerics.activations",
    "relu_derivative_np": "derive.numerics.activations",
    "reverse_gradient": "derive.numerics.dual",
    "rmsprop_step": "derive.numerics.optimisers",
    "sgd_step": "derive.numerics.optimisers",
    "sigmoid": "derive.numerics.activations",
    "sigmoid_derivative_np": "derive.numerics.activations",
    "softmax": "derive.numerics.losses",
    "softmax_cross_entropy": "derive.numerics.losses",
    "svm_loss": "derive.numerics.losses",
    "tanh": "derive.numerics.activations",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    import importlib

    if name not in _PUBLIC:
        raise AttributeError(f"module 'derive' has no attribute {name!r}")
    module = importlib.import_module(_PUBLIC[name])
    value = module if module.__name__.endswith("." + name) and not hasattr(module, name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
