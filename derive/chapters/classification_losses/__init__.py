"""Gradients of classification losses: indicator algebra, the multiclass SVM (hinge) loss, softmax
cross-entropy, MSE on softmax probabilities, their numerics and the source post's code.

notation (display classes) · derivations_indicators · derivations_svm · derivations_softmax ·
derivations_batch · derivations_mse · experiments · source_code · values · errata (the post's claims) ·
exercises (the answers to the page's exercises).
Importing registers.
"""

from derive.chapters.classification_losses import (  # noqa: F401  (importing registers)
    derivations_batch,
    derivations_indicators,
    derivations_mse,
    derivations_softmax,
    derivations_svm,
    errata,
    exercises,
    values,
)
