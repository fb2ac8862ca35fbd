"""A server's host_status (2.16): the health of the nova-compute service of the host it runs on."""
from hosts import health
from hosts.models import Service

UP, DOWN, MAINTENANCE, UNKNOWN, NONE = "UP", "DOWN", "MAINTENANCE", "UNKNOWN", ""


def of_hosts(hosts) -> dict[str, str]:
    """host -> status for these hosts, in one query: forced down DOWN, disabled MAINTENANCE, then UP or UNKNOWN."""
    now = health.clock()
    statuses = {}
    for service in Service.objects.filter(binary="nova-compute", host__in={h for h in hosts if h}):
        if service.forced_down:
            statuses[service.host] = DOWN
        elif service.disabled:
            statuses[service.host] = MAINTENANCE
        else:
            statuses[service.host] = UP if health.is_up(service, now) else UNKNOWN
    return statuses
