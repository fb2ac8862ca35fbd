"""Simulated hypervisors at scale: N hosts on libvirt's `test:///` driver, served by one process.

Each host has its own node file (CPUs, memory, disk), queue, service record and compute node, so
the control plane cannot tell it from a real hypervisor; the process stays database-free like
`python -m hostagent`. Importing this package loads no libvirt: the Django side reads host names.
"""
