"""One package per chapter of the handbook: derivations, experiments, the sources' code replayed, values.

The package name is the page's name with "_" for "-": derive/chapters/gradient_descent is
docs/gradient-descent.*.md, figures/gradient_descent.py and tests/chapters/test_gradient_descent*.py.
"""
