"""Queue names and routing; the only place a per-host queue name is built."""


def compute_queue(host: str) -> str:
    """The queue the agent of `host` consumes."""
    if not host or any(ch.isspace() for ch in host):
        raise ValueError(f"invalid host name {host!r}")
    return f"compute.{host}"


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery router: `compute.*` tasks go to the queue of the host named in their `host` kwarg."""
    if name.startswith("compute.") and kwargs and "host" in kwargs:
        return {"queue": compute_queue(kwargs["host"])}
    return None
