"""Activation functions: the proved derivatives (derivations), the experiments and the page's values.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
