"""Host filters: one class per module, each a pure function of a HostState and a RequestSpec.

`scheduling.registry` names them; `scheduling.scheduler` runs them in the configured order.
"""
