"""`manage.py supervisor_config`: write var/supervisord.conf for this checkout."""
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from node.supervisor import render

# Passed down to every program, so one env file or shell export configures the whole node.
INHERITED_PREFIXES = ("XCOMPUTE_", "DATABASE_URL")


class Command(BaseCommand):
    help = "Write the supervisord configuration of the all-in-one node and print its path."

    def handle(self, *args, **options):
        import os

        (settings.VAR_DIR / "log").mkdir(parents=True, exist_ok=True)
        environment = {key: value for key, value in os.environ.items() if key.startswith(INHERITED_PREFIXES)}
        path = settings.VAR_DIR / "supervisord.conf"
        path.write_text(render(Path(settings.BASE_DIR), settings.VAR_DIR, sys.executable, environment))
        self.stdout.write(str(path))
