"""Momentum, Adagrad, RMSprop and Adam, derived and raced on the Himmelblau function (seed 000 §1.10–1.11,
seed 003 §4), with the data of the page's learning-rate explorer.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
