"""Gradients of classification losses: indicator algebra, the multiclass SVM (hinge) loss, softmax
cross-entropy, MSE on softmax probabilities, their numerics and the source post's code.

notation (display classes) · derivations_indicators · derivations_svm · derivations_softmax ·
derivations_batch · derivations_mse · experiments · source_code · values · errata (the post's claims) ·
exercises (the answers to the page's exercises).

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
