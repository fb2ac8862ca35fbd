from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = "Scheduler"

    def ready(self):
        from scheduling import checks  # noqa: F401  (registers the filter/weigher configuration check)
