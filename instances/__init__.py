"""Instances, their state machine and the build chain the conductor runs (the boot-path issue)."""
