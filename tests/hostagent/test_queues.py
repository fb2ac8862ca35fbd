"""Per-host queue names are built in one place, and compute tasks are routed by configuration."""
import pytest

from hostagent.queues import compute_queue, route_task


def test_a_hosts_queue_is_compute_dot_host():
    assert compute_queue("hv-01.example.org") == "compute.hv-01.example.org"


@pytest.mark.parametrize("host", ["", "two words", None])
def test_an_invalid_host_name_has_no_queue(host):
    with pytest.raises(ValueError):
        compute_queue(host)


def test_compute_tasks_are_routed_to_the_queue_of_their_host():
    assert route_task("compute.build_instance", (), {"host": "hv1"}, {}) == {"queue": "compute.hv1"}


def test_other_tasks_are_left_to_the_static_routes():
    assert route_task("conductor.service_heartbeat", (), {"host": "hv1"}, {}) is None


def test_the_celery_configuration_routes_every_family_of_task():
    from xcompute_site.celery import app

    router = app.amqp.router
    assert router.route({}, "compute.spawn", args=(), kwargs={"host": "hv9"})["queue"].name == "compute.hv9"
    assert router.route({}, "scheduler.select_destinations", args=(), kwargs={})["queue"].name == "scheduler"
    assert router.route({}, "conductor.build_instances", args=(), kwargs={})["queue"].name == "conductor"
