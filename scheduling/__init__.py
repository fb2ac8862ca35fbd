"""The scheduler: placement queries, one filter or weigher per module, and the claim (the boot-path issue)."""
