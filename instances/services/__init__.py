"""What the servers API (and later the dashboard) calls; one module per concern.

- `records`: look up an instance as a caller may see it, rename it, lock checks, delete it.
- `boot`: resolve and check what a boot request names (flavor, image, zone, key pair).
- `create`: create the instance rows of a boot request and hand them to the build chain.
- `listing`: server lists with Nova's filters, sorting and marker pagination in constant queries.
- `metadata`, `tags`: the sub-resources.
- `host_status`: a host's health as server bodies show it (2.16).
"""
