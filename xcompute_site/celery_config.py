"""Celery configuration shared by every worker and sender, built from the environment only.

Kept free of Django so the compute agent can use it without database settings.
"""
from xcompute_site.env import broker_url, env

CONDUCTOR_QUEUE = "conductor"
SCHEDULER_QUEUE = "scheduler"


def celery_config() -> dict:
    from hostagent.queues import route_task

    return {
        "broker_url": broker_url(),
        "broker_connection_retry_on_startup": True,
        # Results are never awaited inside tasks; callers that need one read the database.
        "result_backend": None,
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": CONDUCTOR_QUEUE,
        "task_routes": (
            route_task,
            {"conductor.*": {"queue": CONDUCTOR_QUEUE}, "scheduler.*": {"queue": SCHEDULER_QUEUE}},
        ),
        # Host tasks are idempotent, so a task lost with its worker is safely redelivered.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        "broker_transport_options": {"visibility_timeout": env.int("XCOMPUTE_BROKER_VISIBILITY_TIMEOUT", default=3600)},
    }
