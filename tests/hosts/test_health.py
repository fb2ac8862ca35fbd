"""A service is up while its heartbeat is younger than service_down_time and it is not forced down."""
from datetime import timedelta

from django.utils import timezone

from hosts import health
from hosts.models import Service


def service(seen_ago, **fields):
    last_seen = None if seen_ago is None else timezone.now() - timedelta(seconds=seen_ago)
    return Service(host="h", binary="nova-compute", last_seen_up=last_seen, **fields)


def test_a_service_with_a_recent_heartbeat_is_up(settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 60
    assert health.state(service(seen_ago=5)) == "up"


def test_a_service_goes_down_once_its_heartbeat_is_older_than_service_down_time(settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 60
    svc = service(seen_ago=0)
    assert health.is_up(svc, now=svc.last_seen_up + timedelta(seconds=60))
    assert not health.is_up(svc, now=svc.last_seen_up + timedelta(seconds=61))


def test_service_down_time_is_configurable(settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 5
    assert health.state(service(seen_ago=10)) == "down"


def test_a_forced_down_service_is_down_even_with_a_fresh_heartbeat():
    assert health.state(service(seen_ago=0, forced_down=True)) == "down"


def test_a_service_that_never_heartbeated_is_down():
    assert health.state(service(seen_ago=None)) == "down"


def test_the_injected_clock_decides_when_no_time_is_given(clock, settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 60
    svc = Service(host="h", binary="nova-compute", last_seen_up=clock.now)
    clock.advance(59)
    assert health.is_up(svc)
    clock.advance(2)
    assert not health.is_up(svc)
