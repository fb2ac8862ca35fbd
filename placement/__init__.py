"""The Placement service (port 8778): resource providers, inventories, allocations and their queries."""
