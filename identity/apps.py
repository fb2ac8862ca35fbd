"""The identity service: Keystone v3's domains, projects, users, roles, tokens and application credentials."""
from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "Identity"

    def ready(self):
        from identity import signals  # noqa: F401  (token cache invalidation)
