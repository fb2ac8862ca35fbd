"""The Django project of Xloud Compute: settings, URL maps per service, WSGI and Celery apps.

It deliberately does not import the Celery app here: the compute agent imports the shared
configuration modules of this package and must not pull in Django's Celery fixup.
"""
