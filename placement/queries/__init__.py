"""Every raw SQL query of Placement, one module per concern, each with the rule it implements."""
