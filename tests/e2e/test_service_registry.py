"""Real conductor and agent workers on real Redis register, heartbeat, and are seen through the API."""
import os
import sys
import time

import pytest

from tests.conftest import APIClient
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e


def states(host):
    services = APIClient().get(f"/v2.1/os-services?host={host}").json()["services"]
    return {service["binary"]: service["state"] for service in services}


AMQP_URL = os.environ.get("XCOMPUTE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def test_conductor_and_agent_workers_come_up_through_the_api(conductor, agent, host_name):
    wait_until(lambda: states(host_name) == {"nova-conductor": "up", "nova-compute": "up"},
               what="conductor and agent to report up")


@pytest.mark.parametrize("broker_url", [AMQP_URL], ids=["rabbitmq"])
def test_the_same_workers_come_up_over_rabbitmq(broker_url, conductor, agent, host_name):
    wait_until(lambda: states(host_name) == {"nova-conductor": "up", "nova-compute": "up"},
               what="conductor and agent to report up over RabbitMQ")


def test_the_agent_runs_with_no_database_configured(conductor, agent, agent_env, host_name, processes):
    assert "DATABASE_URL" not in agent_env
    wait_until(lambda: states(host_name).get("nova-compute") == "up", what="the agent to report up")
    log = processes.log("nova-compute")
    assert "nova-compute@" in log and "ready" in log
    assert "DatabaseImportBlocked" not in log


def test_a_stopped_agent_turns_down_within_service_down_time(conductor, agent, host_name, processes, settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 4
    wait_until(lambda: states(host_name).get("nova-compute") == "up", what="the agent to report up")
    processes.stop("nova-compute")
    wait_until(lambda: states(host_name) == {"nova-conductor": "up", "nova-compute": "down"},
               timeout=30, what="the stopped agent to turn down")


def test_heartbeats_queued_while_the_conductor_was_away_do_not_revive_a_service(
        processes, node_env, agent, host_name, settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 4
    time.sleep(3)  # the agent heartbeats into the queue with no conductor to read it
    processes.stop("nova-compute")
    processes.start("nova-conductor", [sys.executable, "manage.py", "worker", "nova-conductor",
                                       "--pool", "solo"], node_env)
    time.sleep(3)  # long enough for the conductor to drain what it would accept
    assert states(host_name).get("nova-compute") in (None, "down")


def test_the_conductor_logs_a_task_under_the_request_id_that_caused_it(conductor, processes, host_name):
    from hosts.models import Service
    from openstack_api import request_id
    from xcompute_site.celery import app

    newcomer = f"{host_name}-new"
    token = request_id._current.set("req-e2e-propagation")
    try:
        app.send_task("conductor.service_heartbeat", kwargs={"host": newcomer, "binary": "nova-compute"})
    finally:
        request_id._current.reset(token)
    wait_until(lambda: Service.objects.filter(host=newcomer).exists(), what="the conductor to register it")
    wait_until(lambda: f"[req-e2e-propagation] registered nova-compute on {newcomer}" in processes.log("nova-conductor"),
               timeout=10, what="the conductor's log line with the request id")
