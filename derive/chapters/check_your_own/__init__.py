"""The page "Check your own derivation": example runs of `python -m derive claim`, produced at build time.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
