"""Request schemas of the Placement API, per microversion, and the checks that apply them."""
