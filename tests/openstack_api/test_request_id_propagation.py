"""A request id follows the tasks the request causes, into the workers' log lines."""
from celery.app.task import Context

from openstack_api import request_id


class Task:
    def __init__(self, headers):
        self.request = Context(headers)


def test_a_task_published_during_a_request_carries_its_id():
    token = request_id._current.set("req-abc")
    try:
        headers = {}
        request_id.stamp_task(headers=headers)
    finally:
        request_id._current.reset(token)
    assert headers == {request_id.TASK_HEADER: "req-abc"}


def test_a_task_published_outside_a_request_carries_none():
    headers = {}
    request_id.stamp_task(headers=headers)
    assert headers == {}


def test_a_worker_logs_a_task_under_the_id_it_was_sent_with():
    request_id.adopt_task(task=Task({"id": "t1", request_id.TASK_HEADER: "req-abc"}))
    assert request_id.current_request_id() == "req-abc"
    request_id.forget_task()
    assert request_id.current_request_id() == "-"
