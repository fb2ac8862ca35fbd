"""Plain factory functions for test data."""
from datetime import timedelta

from django.utils import timezone

from hosts.choices import TOPICS
from hosts.models import Service


def make_service(host="compute1", binary="nova-compute", seen_ago=0, **fields) -> Service:
    """A registered service whose last heartbeat was `seen_ago` seconds ago (None: never)."""
    last_seen = None if seen_ago is None else timezone.now() - timedelta(seconds=seen_ago)
    return Service.objects.create(
        host=host, binary=binary, topic=TOPICS.get(binary, ""),
        last_seen_up=last_seen, updated_at=last_seen, report_count=1, **fields,
    )
