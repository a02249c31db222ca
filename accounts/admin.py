from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import StaffProfile, User


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Only the secretariat manages accounts (the role grants no user permissions to others)."""

    ordering = ["email"]
    list_display = [
        "email",
        "last_name",
        "first_name",
        "municipality_name",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_active", "groups", "staff_profile__municipality__region"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [StaffProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff_profile__municipality")

    @admin.display(description=_("municipality"), ordering="staff_profile__municipality")
    def municipality_name(self, user):
        return user.municipality or "—"
