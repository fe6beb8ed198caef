"""derive: the derivations, numerics and experiments behind the gradient handbook.

Every formula on the site is a SymPy expression registered here; every number is computed here.
"""
