from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlacementConfig(AppConfig):
    name = "placement"

    def ready(self):
        from placement.standards import sync_standard_names

        post_migrate.connect(sync_standard_names, sender=self, dispatch_uid="placement-standard-names")
