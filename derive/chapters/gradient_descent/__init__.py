"""Gradient descent: what a gradient is, why a step against it lowers the loss, contour lines, the
learning rate on a quadratic, feature scaling, a non-convex example and why curvature sets the speed.

Every module of this folder registers its content (hypotheses, derivations, facts and values) when
derive.core.discovery loads the chapter; no experiment runs.
"""
