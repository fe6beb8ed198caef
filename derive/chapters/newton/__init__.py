"""Newton's method: derivations (one variable, several variables), the source's loops, experiments, values.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
