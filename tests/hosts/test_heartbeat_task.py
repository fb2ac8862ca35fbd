"""The conductor's heartbeat task registers and refreshes services."""
import pytest

from hosts.models import Service
from hosts.tasks import service_heartbeat

pytestmark = pytest.mark.django_db


def test_the_conductor_heartbeat_task_records_the_service():
    service_heartbeat.run(host="compute7", binary="nova-compute")
    service_heartbeat.run(host="compute7", binary="nova-compute")
    assert Service.objects.get(host="compute7").report_count == 2


def test_the_heartbeat_task_is_routed_to_the_conductor_queue():
    from xcompute_site.celery import app

    route = app.amqp.router.route({}, "conductor.service_heartbeat", args=(), kwargs={})
    assert route["queue"].name == "conductor"
