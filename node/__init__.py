"""The all-in-one node: bootstrap, the process supervisor's configuration and the health wait."""
