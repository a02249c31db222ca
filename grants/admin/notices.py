"""Notices in the admin: listed on each application, downloaded after the scope check,
reissued by the secretariat; the numbering and the issuer of each fiscal year."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_secretariat
from core.scoping import MunicipalityScopedAdmin
from core.workflow import ServiceError

from .. import notices
from ..models import GrantNotice, NoticeSeries


def notice_download_url(notice: GrantNotice) -> str:
    return reverse("admin:grants_application_notice", args=[notice.application_id, notice.pk])


class NoticeInline(admin.TabularInline):
    """The numbered notices of an application, newest first, each with its PDF."""

    model = GrantNotice
    extra = 0
    fields = ["number_text", "kind", "issued_on", "download", "superseded"]
    readonly_fields = fields
    ordering = ["-issued_at", "-pk"]
    verbose_name_plural = _("notices issued")

    @admin.display(description=_("PDF"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', notice_download_url(obj), gettext("Download"))

    @admin.display(description=_("superseded by"))
    def superseded(self, obj):
        newer = getattr(obj, "superseded_by", None)
        return newer.number_text if newer else "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # the application's own scope decides who sees it


@admin.register(NoticeSeries)
class NoticeSeriesAdmin(admin.ModelAdmin):
    """The secretariat sets each fiscal year's number prefix and the issuer of its notices."""

    list_display = ["fiscal_year", "prefix", "issuer_body", "issuer_title", "issuer_name"]

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GrantNotice)
class GrantNoticeAdmin(MunicipalityScopedAdmin):
    """Every notice issued, for the secretariat (all) and municipal staff (their own)."""

    municipality_field = "application__municipality"
    list_display = ["number_text", "kind", "issued_on", "application", "addressee", "pdf_link"]
    list_filter = ["series__fiscal_year", "kind"]
    search_fields = ["number_text", "project_title", "addressee"]
    list_select_related = ["application", "series"]
    actions = ["reissue"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_secretariat(request.user):
            actions.pop("reissue", None)
        return actions

    @admin.action(description=_("Reissue the selected notices (new numbers)"))
    def reissue(self, request, queryset):
        for notice in queryset.order_by("pk"):
            try:
                new = notices.reissue_notice(notice=notice, actor=request.user)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(old)s is superseded by %(new)s.")
                    % {"old": notice.number_text, "new": new.number_text},
                    messages.SUCCESS,
                )

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        return format_html('<a href="{}">{}</a>', notice_download_url(obj), gettext("Download"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
