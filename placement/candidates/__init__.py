"""Allocation candidates: parse the request, select trees in SQL, combine and summarise."""
