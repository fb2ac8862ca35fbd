"""WSGI entry point for the API services (served by gunicorn, never runserver)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcompute_site.settings")

application = get_wsgi_application()
