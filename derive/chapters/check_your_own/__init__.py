"""The page "Check your own derivation": example runs of `python -m derive claim`, produced at build time."""

from derive.chapters.check_your_own import examples  # noqa: F401  (importing registers)
