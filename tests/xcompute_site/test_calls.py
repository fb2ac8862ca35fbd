"""A call to a host over the real broker: the request reaches the host's queue, the answer comes back."""
import threading
import time
import uuid

import pytest
from celery import Celery
from kombu import Exchange, Queue

from hostagent.queues import compute_queue
from xcompute_site import calls
from xcompute_site.celery_config import celery_config


@pytest.fixture
def app():
    app = Celery("calls-test")
    app.conf.update(celery_config())
    yield app
    app.close()


def host_queue(host: str) -> Queue:
    """The host's queue as Celery declares it for a route it was not told about (create_missing_queues)."""
    name = compute_queue(host)
    return Queue(name, Exchange(name), routing_key=name)


@pytest.fixture
def host(app):
    """A host name of the test's own; its queue exists (as its agent declares it) and is dropped afterwards."""
    name = f"calls-{uuid.uuid4().hex[:8]}"
    with app.connection_for_write() as connection:
        host_queue(name)(connection.default_channel).declare()
    yield name
    with app.connection_for_write() as connection:
        host_queue(name)(connection.default_channel).delete()


def serve_one(app, host, answer):
    """Play the host: take one request off its queue and answer it (`answer(kwargs) -> dict | None`)."""
    def run():
        with app.connection_for_write() as connection:
            queue = host_queue(host)(connection.default_channel)
            for _ in range(200):
                message = queue.get(no_ack=True, accept=["json"])
                if message is not None:
                    _args, kwargs, _embed = message.payload
                    reply = answer(kwargs)
                    if reply is not None:
                        calls.reply(app, kwargs["reply_to"], reply, kwargs["reply_by"])
                    return
                time.sleep(0.05)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_call_reaches_the_host_s_queue_and_returns_its_answer(app, host):
    serve_one(app, host, lambda kwargs: {"output": f"log of {kwargs['instance_uuid']}"})
    answer = calls.call(app, "compute.get_console_output", {"host": host, "instance_uuid": "i-1"}, timeout=10)
    assert answer == {"output": "log of i-1"}


def test_a_host_that_does_not_answer_times_the_call_out_and_leaves_no_reply_queue(app, host):
    asked = []
    thread = serve_one(app, host, lambda kwargs: asked.append(kwargs["reply_to"]))
    with pytest.raises(calls.CallTimeout):
        calls.call(app, "compute.get_console_output", {"host": host, "instance_uuid": "i-1"}, timeout=1)
    thread.join(5)
    # and an answer after the deadline is not sent, so nothing re-creates the queue on Redis
    calls.reply(app, asked[0], {"output": "late"}, reply_by=time.time() - 1)
    with app.connection_for_write() as connection, pytest.raises(connection.channel_errors):
        Queue(asked[0])(connection.default_channel).queue_declare(passive=True)


def test_a_reply_can_only_go_to_a_reply_queue(app, host):
    calls.reply(app, compute_queue(host), {"output": "forged"})
    with app.connection_for_write() as connection:
        assert host_queue(host)(connection.default_channel).get(no_ack=True) is None
