from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessEvent, SignInLockout, StaffProfile, User
from .roles import is_secretariat
from .services import (
    AccountsError,
    reset_two_factor,
    sign_out_everywhere,
    unlock_address,
    unlock_sign_in,
)


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
        "two_factor_enrolled",
    ]
    list_filter = ["is_staff", "is_active", "groups", "staff_profile__municipality__region"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [StaffProfileInline]
    actions = ["reset_two_factor_action", "unlock_sign_in_action", "sign_out_everywhere_action"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .select_related("staff_profile__municipality")
            .annotate(has_authenticator=Exists(enrolled))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser can create another one or hand out single permissions.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    @admin.display(description=_("municipality"), ordering="staff_profile__municipality")
    def municipality_name(self, user):
        return user.municipality or "—"

    @admin.display(description=_("two-factor"), boolean=True, ordering="has_authenticator")
    def two_factor_enrolled(self, user):
        return user.has_authenticator

    def has_secretariat_permission(self, request):
        return is_secretariat(request.user)

    @admin.action(
        description=_("Reset two-factor sign-in (lost phone)"), permissions=["secretariat"]
    )
    def reset_two_factor_action(self, request, queryset):
        self._run_for_each(
            request,
            queryset,
            lambda user: reset_two_factor(user_id=user.pk, actor=request.user),
            _(
                "Two-factor sign-in reset for %(count)d account(s); "
                "they set it up again at their next sign-in."
            ),
        )

    @admin.action(description=_("Unlock sign-in"), permissions=["secretariat"])
    def unlock_sign_in_action(self, request, queryset):
        self._run_for_each(
            request,
            queryset,
            lambda user: unlock_sign_in(user_id=user.pk, actor=request.user),
            _("Sign-in unlocked for %(count)d account(s)."),
        )

    @admin.action(description=_("Sign out of every browser"), permissions=["secretariat"])
    def sign_out_everywhere_action(self, request, queryset):
        self._run_for_each(
            request,
            queryset,
            lambda user: sign_out_everywhere(user_id=user.pk, actor=request.user),
            _("%(count)d account(s) signed out of every browser."),
        )

    def _run_for_each(self, request, queryset, service, success_message):
        done = 0
        for user in queryset:
            try:
                service(user)
            except AccountsError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            done += 1
        self.message_user(request, success_message % {"count": done}, messages.SUCCESS)


class SecretariatOnlyAdmin(admin.ModelAdmin):
    """Read by the secretariat only; rows are written by the sign-in machinery, never edited."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(SecretariatOnlyAdmin):
    list_display = ["created_at", "kind", "user", "username", "ip_address", "what", "count"]
    list_filter = ["kind"]
    search_fields = ["username", "user__email", "ip_address", "what"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [f.name for f in AccessEvent._meta.fields]


@admin.register(SignInLockout)
class SignInLockoutAdmin(SecretariatOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "locked"]
    search_fields = ["username", "ip_address"]
    fields = ["attempt_time", "username", "ip_address", "user_agent", "failures_since_start"]
    readonly_fields = fields
    actions = ["unlock_action"]

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def has_secretariat_permission(self, request):
        return is_secretariat(request.user)

    @admin.action(description=_("Unlock sign-in"), permissions=["secretariat"])
    def unlock_action(self, request, queryset):
        try:
            for attempt in list(queryset):
                user = User.objects.filter(email=attempt.username or "").first()
                if user is not None:
                    unlock_sign_in(user_id=user.pk, actor=request.user)
                if attempt.ip_address:
                    unlock_address(ip_address=attempt.ip_address, actor=request.user)
        except AccountsError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, _("Sign-in unlocked."), messages.SUCCESS)
