"""Figures: one function per figure, each drawing from derive's numbers; figures.build renders them."""
