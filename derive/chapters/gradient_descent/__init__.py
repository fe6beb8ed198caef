"""Gradient descent: what a gradient is, why a step against it lowers the loss, contour lines, the
learning rate on a quadratic, feature scaling, a non-convex example and why curvature sets the speed.

Importing registers the chapter's hypotheses, derivations, facts and values; no experiment runs.
"""

from derive.chapters.gradient_descent import (  # noqa: F401  (importing registers)
    derivations,
    derivations_quadratic,
    derivations_x2sinx,
    errata,
    exercises,
    experiments,
    hypotheses,
    source_code,
    values,
    values_x2sinx,
)
