"""The publisher on the real Redis channel layer: a plain thread's events arrive, in order, without waiting."""
import time
import uuid

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from dashboard.live.publisher import publish


def test_events_published_from_a_plain_thread_reach_a_consumer_in_order(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {
        "hosts": [settings.XCOMPUTE_CHANNEL_LAYER_URL], "prefix": f"test-{uuid.uuid4().hex[:8]}"}}}

    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("dashboard.test", channel)
        # A Celery task or a WSGI view: no event loop of its own, publish() only queues.
        await sync_to_async(lambda: [publish("dashboard.test", {"type": "live.changed", "n": n})
                                     for n in range(50)], thread_sensitive=False)()
        received = [(await layer.receive(channel))["n"] for _ in range(50)]
        await layer.group_discard("dashboard.test", channel)
        return received

    assert async_to_sync(scenario)() == list(range(50))


def test_a_layer_that_cannot_be_reached_loses_the_event_not_the_caller(settings, caplog):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {
        "hosts": ["redis://127.0.0.1:1/0"]}}}
    publish("dashboard.test", {"type": "live.changed"})  # returns at once; the sender logs and goes on
    deadline = time.monotonic() + 30
    while "live update to dashboard.test not sent" not in caplog.text:
        assert time.monotonic() < deadline, "the lost event was not logged"
        time.sleep(0.05)
