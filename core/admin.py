from django.contrib import admin

from .models import AuditEntry
from .money import format_yen
from .scoping import is_secretariat


def yen_column(field_name: str, description):
    """An admin column (or read-only field) showing an integer yen field as ¥1,500,000."""

    @admin.display(description=description, ordering=field_name)
    def column(model_admin, obj):
        return format_yen(getattr(obj, field_name))

    return column


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail of decisions is written by services, never edited."""

    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["content_type", "action"]
    search_fields = ["object_id", "note", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)
