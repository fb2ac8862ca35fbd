"""The operator's view of key pairs: read-only, and deletable (a user's key is theirs to create)."""
from django.contrib import admin

from keypairs.models import KeyPair


@admin.register(KeyPair)
class KeyPairAdmin(admin.ModelAdmin):
    list_display = ("name", "user_id", "type", "fingerprint", "created_at")
    list_filter = ("type",)
    search_fields = ("name", "user_id", "fingerprint")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in KeyPair._meta.fields]

    def has_add_permission(self, request):
        return False
