"""The machinery: registry, checker, notation (the LaTeX printer), mutations, chapter discovery, caches."""
