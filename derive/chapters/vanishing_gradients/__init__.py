"""Vanishing and exploding gradients: the deep chain measured, initialisation scales and clipping derived.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
