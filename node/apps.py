from django.apps import AppConfig


class NodeConfig(AppConfig):
    name = "node"
    verbose_name = "All-in-one node"
