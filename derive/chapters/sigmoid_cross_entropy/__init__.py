"""Sigmoid with cross-entropy or MSE: the derivations, the §1.14 experiment, the page's values and the
answers to its exercises.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
