"""Placement's business logic: views and tasks call these; they raise placement.exceptions."""
