from django.apps import AppConfig


class ServerGroupsConfig(AppConfig):
    name = "server_groups"
    verbose_name = "Server groups"
