"""Back-propagation by hand: the chain rule on a graph, the layer rules proved, the MLP lab and its checks,
and the answers to the page's exercises."""

from derive.chapters.backpropagation import (  # noqa: F401  (importing registers)
    derivations,
    derivations_linear,
    derivations_logistic,
    errata,
    exercises,
    values,
)
