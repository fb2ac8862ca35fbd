"""The admin's sign-in form, with a clear refusal for identity users who are not admins."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm

from dashboard.authentication import holds_admin_role, identity_user

NOT_ADMIN = "%(username)s does not hold the admin role: the dashboard is for the cloud's operators."


class OperatorLoginForm(AdminAuthenticationForm):
    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            user = identity_user(username, password)
            if user is not None and not holds_admin_role(user):
                raise forms.ValidationError(NOT_ADMIN, code="not_admin", params={"username": username})
        return super().clean()
