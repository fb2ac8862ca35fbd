from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from django.contrib import admin

        from dashboard.forms import OperatorLoginForm

        # Sign-in with identity users: a member with the right password is told why they are refused.
        admin.site.login_form = OperatorLoginForm
        admin.site.site_header = admin.site.site_title = "Xloud Compute"
        admin.site.index_title = "Operator dashboard"
