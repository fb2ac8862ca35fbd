"""Heartbeats are sent as expiring conductor tasks."""
from hostagent.heartbeat import HEARTBEAT_TASK, Heartbeat


class RecordingApp:
    def __init__(self):
        self.sent = []

    def send_task(self, name, **options):
        self.sent.append((name, options))


def test_a_beat_sends_the_heartbeat_task_with_host_and_binary_expiring_after_one_interval():
    app = RecordingApp()
    Heartbeat(app, "hv1", "nova-compute", interval=10).beat()
    name, options = app.sent[0]
    assert name == HEARTBEAT_TASK
    assert options["kwargs"] == {"host": "hv1", "binary": "nova-compute"}
    assert options["expires"] == 10


def test_a_failing_broker_does_not_stop_the_heartbeat_thread():
    class FlakyApp(RecordingApp):
        def send_task(self, name, **options):
            super().send_task(name, **options)
            if len(self.sent) == 1:
                raise ConnectionError("broker away")

    app = FlakyApp()
    heartbeat = Heartbeat(app, "hv1", "nova-compute", interval=0.01).start()
    import time

    deadline = time.monotonic() + 5
    while len(app.sent) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    heartbeat.stop()
    assert len(app.sent) >= 3
