"""os-hypervisors: compute nodes as Nova's API shows them (query, wire format, views)."""
