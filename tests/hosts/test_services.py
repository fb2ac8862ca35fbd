"""The registry's operations: registration by heartbeat, switches, and their guards."""
import pytest
from rest_framework.exceptions import NotFound, ValidationError

from hosts import services
from hosts.models import Service
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_the_first_heartbeat_registers_the_service_with_its_topic(clock):
    assert services.record_heartbeat("compute1", "nova-compute") is True
    service = Service.objects.get(host="compute1")
    assert (service.host, service.binary, service.topic) == ("compute1", "nova-compute", "compute")
    assert service.report_count == 1
    assert service.last_seen_up == clock.now
    assert not service.disabled


def test_later_heartbeats_refresh_last_seen_and_count_reports(clock):
    services.record_heartbeat("compute1", "nova-compute")
    clock.advance(10)
    assert services.record_heartbeat("compute1", "nova-compute") is False
    service = Service.objects.get(host="compute1")
    assert service.report_count == 2
    assert service.last_seen_up == clock.now
    assert Service.objects.count() == 1


def test_api_services_register_without_a_topic():
    services.record_heartbeat("ctl", "nova-api")
    assert Service.objects.get(host="ctl").topic == ""


def test_a_heartbeat_from_an_unknown_binary_is_rejected():
    with pytest.raises(ValueError):
        services.record_heartbeat("ctl", "nova-network")
    assert not Service.objects.exists()


def test_a_heartbeat_keeps_the_operators_switches():
    service = make_service(disabled=True, disabled_reason="maintenance")
    services.record_heartbeat(service.host, service.binary)
    service.refresh_from_db()
    assert (service.disabled, service.disabled_reason) == (True, "maintenance")


def test_disabling_records_the_reason_and_enabling_clears_it():
    service = make_service()
    services.set_disabled(service, True, "maintenance")
    service.refresh_from_db()
    assert (service.disabled, service.disabled_reason) == (True, "maintenance")
    services.set_disabled(service, False, "ignored")
    service.refresh_from_db()
    assert (service.disabled, service.disabled_reason) == (False, None)


def test_only_compute_services_can_be_switched():
    conductor = make_service(binary="nova-conductor")
    with pytest.raises(ValidationError):
        services.set_disabled(conductor, True)
    with pytest.raises(ValidationError):
        services.set_forced_down(conductor, True)


def test_looking_up_an_unknown_host_and_binary_is_not_found():
    with pytest.raises(NotFound):
        services.get_by_host_and_binary("nowhere", "nova-compute")
