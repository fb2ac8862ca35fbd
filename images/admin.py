"""The operator's view of image records (read-only: changes go through the API's services)."""
from django.contrib import admin

from images.models import Image, ImageMember


class ImageMemberInline(admin.TabularInline):
    model = ImageMember
    extra = 0
    can_delete = False
    readonly_fields = ("member", "status", "created_at", "updated_at")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("name", "id", "status", "visibility", "owner", "disk_format", "size", "created_at")
    list_filter = ("status", "visibility", "disk_format", "protected")
    search_fields = ("name", "id", "owner")
    inlines = [ImageMemberInline]

    def get_readonly_fields(self, request, obj=None):
        # Status, data and checksums change only through images.services (uploads, state checks).
        return [field.name for field in Image._meta.fields]

    def has_add_permission(self, request):
        return False
