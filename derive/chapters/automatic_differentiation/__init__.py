"""Automatic differentiation: the engine's local derivatives proved, the source's examples reproduced, and
the answers to the page's exercises.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
