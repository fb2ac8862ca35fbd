"""The admin's sign-in form, saying why an identity user was refused: not an admin, or locked out."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm

from dashboard.authentication import REFUSAL


class OperatorLoginForm(AdminAuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # The backend checked once (a second check would count a second failure); it left its reason.
            reason = getattr(self.request, REFUSAL, None)
            if reason:
                raise forms.ValidationError(reason, code="refused") from None
            raise
