"""Flavors: the sizes servers are built with (Nova's flavors, extra specs and flavor access)."""
