from django.apps import AppConfig


class NodeConfig(AppConfig):
    name = "node"
    verbose_name = "All-in-one node"

    def ready(self):
        from node import checks  # noqa: F401  (registers the system checks)
