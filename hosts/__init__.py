"""Hosts and the service registry: which processes run where, and whether they are alive."""
