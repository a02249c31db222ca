"""Grant applications in the admin: municipal staff apply and follow; the secretariat decides."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import Role, has_role
from core.admin import yen_column
from core.fiscal import current_fiscal_year, fiscal_year_label
from core.money import format_yen
from core.scoping import MunicipalityScopedAdmin, scope_of
from core.storage import private_file_response

from .. import forms, services
from ..models import (
    BEFORE_PAYMENT,
    EDITABLE_STATUSES,
    WORKFLOW,
    Application,
    Attachment,
    GrantNotice,
    GrantProgram,
    Status,
    by_secretariat,
)
from ..notices import write_notice_pdf
from .exports import ApplicationExportsMixin
from .filters import AwaitingFilter, FiscalYearFilter
from .inlines import (
    AttachmentInline,
    BudgetLineInline,
    ChangeRequestInline,
    ReportPhotoInline,
    is_municipal_staff_of,
)
from .moves import ApplicationMovesMixin, audit_entries
from .notices import NoticeInline


@admin.register(Application)
class ApplicationAdmin(
    ApplicationMovesMixin, ApplicationExportsMixin, MunicipalityScopedAdmin, TranslationAdmin
):
    form = forms.ApplicationAdminForm
    list_display = [
        "title",
        "municipality",
        "fiscal_year_display",
        "status",
        "requested_display",
        "granted_display",
        "confirmed_display",
        "updated_at",
    ]
    list_select_related = ["municipality", "program"]
    search_fields = ["title_ja", "title_en", "municipality__name_ja", "municipality__code"]
    autocomplete_fields = ["municipality"]
    inlines = [
        BudgetLineInline,
        AttachmentInline,
        ChangeRequestInline,
        ReportPhotoInline,
        NoticeInline,
    ]
    actions = ["export_csv"]
    change_form_template = "admin/grants/application/change_form.html"
    object_history_template = "admin/grants/application/object_history.html"
    date_hierarchy = None
    # Fields that only moves (services) change.
    workflow_fields = [
        "status",
        "granted_amount",
        "confirmed_amount",
        "paid_amount",
        "secretariat_note",
        "results",
        "actual_cost",
        "eligible_actual_cost",
        "submitted_at",
        "decided_at",
        "reported_at",
        "confirmed_at",
        "paid_at",
        "created_by",
    ]
    money_displays = [
        "requested_amount_yen",
        "granted_amount_yen",
        "confirmed_amount_yen",
        "paid_amount_yen",
        "actual_cost_yen",
        "eligible_actual_cost_yen",
    ]
    content_fields = [
        "program",
        "municipality",
        "title",
        "summary",
        "purpose",
        "period_start",
        "period_end",
        "requested_amount",
        "contact_name",
        "contact_department",
        "contact_email",
        "contact_phone",
    ]

    # --- Lists and filters

    def get_list_filter(self, request):
        filters = [AwaitingFilter, FiscalYearFilter, "status"]
        if scope_of(request.user).every_municipality:
            filters += ["municipality__region", "municipality"]
        return filters

    @admin.display(description=_("fiscal year"), ordering="program__fiscal_year")
    def fiscal_year_display(self, obj):
        return fiscal_year_label(obj.program.fiscal_year)

    requested_display = yen_column("requested_amount", _("requested"))
    granted_display = yen_column("granted_amount", _("granted"))
    confirmed_display = yen_column("confirmed_amount", _("confirmed"))
    requested_amount_yen = yen_column("requested_amount", _("requested amount (yen)"))
    granted_amount_yen = yen_column("granted_amount", _("granted amount (yen)"))
    confirmed_amount_yen = yen_column("confirmed_amount", _("confirmed amount (yen)"))
    paid_amount_yen = yen_column("paid_amount", _("paid amount (yen)"))
    actual_cost_yen = yen_column("actual_cost", _("actual cost (yen)"))
    eligible_actual_cost_yen = yen_column("eligible_actual_cost", _("eligible actual cost (yen)"))

    def get_inlines(self, request, obj):
        if obj is None:  # a new application has no change requests or report photos yet
            return [BudgetLineInline, AttachmentInline]
        return self.inlines

    # --- Who may do what

    def has_add_permission(self, request):
        # The municipality applies; the secretariat decides but never applies for one.
        user = request.user
        return (
            has_role(user, Role.MUNICIPAL_STAFF)
            and user.municipality_code is not None
            and super().has_add_permission(request)
        )

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        # Staff edit their own drafts and returned applications, and add photos and documents
        # while the project runs; everything else changes only through the moves.
        return (
            is_municipal_staff_of(request.user, obj)
            and obj.status in BEFORE_PAYMENT
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        # A draft may be thrown away; anything submitted is a record and is withdrawn instead.
        if obj is None:
            return super().has_delete_permission(request)
        return (
            obj.status == Status.DRAFT
            and is_municipal_staff_of(request.user, obj)
            and super().has_delete_permission(request, obj)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *super().get_readonly_fields(request, obj),
            *self._translated(self.workflow_fields),
            "remaining_balance",
            "eligible_total",
            "audit_trail",
            *self.money_displays,
        ]
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            readonly += self._translated(self.content_fields)
        elif obj is not None and obj.status != Status.DRAFT:
            readonly.append("program")
        return list(dict.fromkeys(readonly))

    def _translated(self, names):
        translated = {"title", "summary", "results"}
        out = []
        for name in names:
            out += [f"{name}_ja", f"{name}_en"] if name in translated else [name]
        return out

    def get_fieldsets(self, request, obj=None):
        project = [
            "program",
            "municipality",
            "title_ja",
            "title_en",
            "summary_ja",
            "summary_en",
            "purpose",
            ("period_start", "period_end"),
            "requested_amount"
            if obj is None or obj.status in EDITABLE_STATUSES
            else "requested_amount_yen",
        ]
        if obj is not None:
            project += ["eligible_total", "remaining_balance"]
        fieldsets = [
            (None, {"fields": project}),
            (
                _("Contact person"),
                {
                    "fields": [
                        "contact_name",
                        "contact_department",
                        "contact_email",
                        "contact_phone",
                    ]
                },
            ),
        ]
        if obj is not None:
            fieldsets += [
                (
                    _("Course of the grant"),
                    {
                        "fields": [
                            "status",
                            "secretariat_note",
                            ("submitted_at", "decided_at"),
                            "granted_amount_yen",
                            "results_ja",
                            "results_en",
                            ("actual_cost_yen", "eligible_actual_cost_yen"),
                            ("reported_at", "confirmed_at"),
                            "confirmed_amount_yen",
                            ("paid_amount_yen", "paid_at"),
                        ]
                    },
                ),
                (_("Audit trail"), {"fields": ["audit_trail"]}),
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.municipality_code = request.user.municipality_code
        program_field = form.base_fields.get("program")
        if program_field is not None and obj is None:
            program_field.queryset = GrantProgram.objects.filter(
                fiscal_year__gte=current_fiscal_year() - 1
            )
        return form

    @admin.display(description=_("remaining balance of the cap"))
    def remaining_balance(self, obj):
        remaining = services.remaining_balance(
            program=obj.program, municipality_id=obj.municipality_id
        )
        return format_html(
            "<strong>{}</strong> / {}",
            format_yen(remaining),
            format_yen(obj.program.cap_per_municipality),
        )

    @admin.display(description=_("eligible costs"))
    def eligible_total(self, obj):
        return format_yen(obj.eligible_total())

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj):
        entries = audit_entries(obj, limit=100)
        if not entries:
            return "—"
        return render_to_string(
            "admin/grants/application/audit_table.html", {"audit_entries": entries}
        )

    # --- Saving

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data)
        for formset in formsets:
            if formset.has_changed():
                changed.append(str(formset.model._meta.verbose_name_plural))
        services.record_edit(
            application_id=form.instance.pk,
            actor=request.user,
            changed_fields=changed if change else [gettext("created")],
        )

    # --- Object tools: moves, attachments, history

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/move/<str:move>/",
                view(self.move_view),
                name="grants_application_move",
            ),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                view(self.attachment_view),
                name="grants_application_attachment",
            ),
            path(
                "<path:object_id>/notices/<int:notice_id>/",
                view(self.notice_view),
                name="grants_application_notice",
            ),
            path("export.csv", view(self.export_view), name="grants_application_export"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "program_guidance": obj.program.guidance,
            "grant_moves": [
                {
                    "move": move,
                    "label": move.label,
                    "url": reverse("admin:grants_application_move", args=[obj.pk, move.value]),
                    "secretariat": WORKFLOW[move].allowed is by_secretariat,
                }
                for move in services.allowed_moves(request.user, obj)
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        municipality_code = request.user.municipality_code
        open_programs = [
            {
                "program": program,
                "remaining": services.remaining_balance(
                    program=program, municipality_id=municipality_code
                )
                if municipality_code
                else None,
            }
            for program in GrantProgram.objects.filter(fiscal_year__gte=current_fiscal_year() - 1)
        ]
        extra_context = {**(extra_context or {}), "open_programs": open_programs}
        return super().add_view(request, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "audit_entries": audit_entries(obj)}
        return super().history_view(request, object_id, extra_context)

    def notice_view(self, request, object_id, notice_id):
        """A notice's PDF after the scope (404) and view permission (403) checks."""
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        notice = get_object_or_404(GrantNotice, pk=notice_id, application=application)
        notice = write_notice_pdf(notice_id=notice.pk)  # written once, if the task has not yet
        return private_file_response(notice.pdf, download_name=notice.download_name, inline=True)

    def attachment_view(self, request, object_id, attachment_id):
        """Stream a grant document after the scope (404) and view permission (403) checks."""
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
        return private_file_response(attachment.file, download_name=str(attachment))
