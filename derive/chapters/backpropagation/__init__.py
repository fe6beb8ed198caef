"""Back-propagation by hand: the chain rule on a graph, the layer rules proved, the MLP lab and its checks,
and the answers to the page's exercises.

Every module of this folder registers its content when derive.core.discovery loads the chapter.
"""
