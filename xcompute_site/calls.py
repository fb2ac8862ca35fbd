"""A call to a host that waits for the host's answer: Nova's RPC `call`, over the same broker.

Tasks here are fire-and-forget (there is no result backend; callers read the database). The few
reads that only a host can answer while a client waits, such as a guest's console log, use a reply
queue of their own instead: the caller declares it, names it in the request, waits on it, and
deletes it. Replies go through the default exchange straight to that queue, so nothing is bound
and nothing is left once the caller is done. A host answers only before the call's deadline.
Free of Django, like the rest of what the agent imports from here.
"""
import logging
import time
import uuid

from kombu import Exchange, Queue

logger = logging.getLogger(__name__)
REPLY_PREFIX = "reply."
POLL_INTERVAL = 0.05


class CallTimeout(Exception):
    """The host did not answer in time (down, busy, or its queue is backed up)."""


def call(app, name: str, kwargs: dict, *, timeout: float) -> dict:
    """Send task `name` with `reply_to` and `reply_by` added to its kwargs; return the answer it replies."""
    reply_to = f"{REPLY_PREFIX}{uuid.uuid4().hex}"
    # RabbitMQ removes a forgotten queue by itself after `expires` seconds unused; Redis has no such thing,
    # so the finally clause deletes it and hosts do not answer after the deadline.
    queue = Queue(reply_to, Exchange(""), routing_key=reply_to, durable=False, expires=timeout + 60)
    with app.connection_for_write() as connection:
        bound = queue(connection.default_channel)
        bound.declare()
        try:
            app.send_task(name, kwargs={**kwargs, "reply_to": reply_to, "reply_by": time.time() + timeout},
                          expires=timeout)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                message = bound.get(no_ack=True, accept=["json"])
                if message is not None:
                    return message.payload
                time.sleep(POLL_INTERVAL)
            raise CallTimeout(f"no answer to {name} within {timeout:g} s")
        finally:
            bound.delete()


def reply(app, reply_to: str, answer: dict, reply_by: float | None = None) -> None:
    """Answer a call, unless its caller has stopped waiting (its queue would outlive it on Redis)."""
    if reply_by is not None and time.time() > reply_by:
        logger.info("not answering %s: its caller stopped waiting", reply_to)
        return
    if not reply_to.startswith(REPLY_PREFIX):  # a request can only name a reply queue, never a work queue
        logger.warning("refusing to reply to %r, which is no reply queue", reply_to)
        return
    with app.producer_or_acquire() as producer:
        producer.publish(answer, exchange="", routing_key=reply_to, serializer="json", retry=True)
