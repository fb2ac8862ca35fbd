"""The compute agent: one Celery worker per hypervisor host, driving libvirt, never the database."""
