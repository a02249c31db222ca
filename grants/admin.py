"""The admin: municipal staff apply and follow; the secretariat decides, confirms and pays."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import Role, has_role, is_secretariat
from accounts.services import record_personal_data_export
from accounts.signin import client_ip
from core.admin import yen_column
from core.audit import audit_trail
from core.fiscal import current_fiscal_year, fiscal_year_label
from core.money import format_yen
from core.scoping import MunicipalityScopedAdmin, MunicipalityScopedInline, scope_of
from core.storage import private_file_response

from . import forms, services
from .models import (
    EDITABLE_STATUSES,
    SECRETARIAT,
    WORKFLOW,
    Application,
    Attachment,
    BudgetLine,
    ChangeRequest,
    CostCategory,
    GrantProgram,
    Move,
    ReportPhoto,
    Status,
)
from .summaries import applications_csv_rows, municipality_summary, neutralise, summary_csv_rows

# Which form collects the input of each move, and how it becomes the service's arguments.
MOVE_FORMS = {
    Move.SUBMIT: (forms.ConfirmMoveForm, services.submit_application),
    Move.RETURN: (forms.ReasonForm, services.return_application),
    Move.RESUBMIT: (forms.ConfirmMoveForm, services.resubmit_application),
    Move.DECIDE: (forms.DecideForm, services.decide_application),
    Move.REJECT: (forms.ReasonForm, services.reject_application),
    Move.WITHDRAW: (forms.OptionalReasonForm, services.withdraw_application),
    Move.REQUEST_CHANGE: (forms.ChangeRequestForm, services.request_change),
    Move.APPROVE_CHANGE: (forms.NoteForm, services.approve_change),
    Move.REFUSE_CHANGE: (forms.ReasonForm, services.refuse_change),
    Move.REPORT: (forms.ReportForm, services.submit_report),
    Move.RETURN_REPORT: (forms.ReasonForm, services.return_report),
    Move.CONFIRM: (forms.ConfirmMoveForm, services.confirm_amount),
    Move.CLAIM: (forms.ConfirmMoveForm, services.claim_payment),
    Move.PAY: (forms.ConfirmMoveForm, services.record_payment),
}


def _is_municipal_staff_of(user, application) -> bool:
    return application is not None and services.acts_for_municipality(user, application)


class CostCategoryInline(admin.TabularInline):
    model = CostCategory
    extra = 0


@admin.register(GrantProgram)
class GrantProgramAdmin(TranslationAdmin):
    list_display = ["fiscal_year", "title", "cap_display", "opens_at", "closes_at", "summary_link"]
    search_fields = ["title_ja", "title_en"]
    inlines = [CostCategoryInline]

    def get_list_display(self, request):
        if is_secretariat(request.user):
            return self.list_display
        return [name for name in self.list_display if name != "summary_link"]

    @admin.display(description=_("cap per municipality"), ordering="cap_per_municipality")
    def cap_display(self, obj):
        return format_yen(obj.cap_per_municipality)

    @admin.display(description=_("figures"))
    def summary_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:grants_grantprogram_summary", args=[obj.pk]),
            gettext("Per municipality"),
        )

    def get_changeform_initial_data(self, request):
        from .models import cap_of_fiscal_year

        fiscal_year = current_fiscal_year()
        return {"fiscal_year": fiscal_year, "cap_per_municipality": cap_of_fiscal_year(fiscal_year)}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/summary/", view(self.summary_view), name="grants_grantprogram_summary"),
            path(
                "<int:pk>/summary.csv",
                view(self.summary_csv_view),
                name="grants_grantprogram_summary_csv",
            ),
            *super().get_urls(),
        ]

    def summary_view(self, request, pk):
        """Each municipality's requested, granted, confirmed, paid and remaining amounts."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        program = get_object_or_404(GrantProgram, pk=pk)
        region = request.GET.get("region", "")
        rows = municipality_summary(program, region=region)
        return TemplateResponse(
            request,
            "admin/grants/grantprogram/summary.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Grants per municipality, %(program)s") % {"program": program},
                "program": program,
                "rows": rows,
                "region": region,
                "regions": _regions(),
                "only_with_applications": request.GET.get("active") == "1",
                "totals": _totals(rows),
            },
        )

    def summary_csv_view(self, request, pk):
        if not is_secretariat(request.user):
            raise PermissionDenied
        program = get_object_or_404(GrantProgram, pk=pk)
        rows = municipality_summary(program, region=request.GET.get("region", ""))
        return _csv_response(f"grants-fy{program.fiscal_year}-summary.csv", summary_csv_rows(rows))


def _applications_csv_response(request, filename: str, queryset) -> HttpResponse:
    """Applications as CSV; they name contact persons, so the export is access-logged."""
    response = _csv_response(filename, applications_csv_rows(queryset))
    record_personal_data_export(
        user=request.user,
        what=f"grant applications with contact persons ({filename})",
        count=queryset.count(),
        ip_address=client_ip(request),
    )
    return response


def _regions():
    from municipalities.models import Region

    return Region.choices


def _totals(rows):
    keys = ("requested", "granted", "confirmed", "paid", "remaining")
    return {key: sum(row[key] for row in rows) for key in keys}


def _csv_response(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM so that Excel reads the Japanese as UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


class BudgetLineInline(MunicipalityScopedInline, admin.TabularInline):
    model = BudgetLine
    form = forms.BudgetLineForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        category = formset.form.base_fields.get("category")
        if category is not None:
            category.queryset = (
                CostCategory.objects.filter(program=obj.program_id)
                if obj
                else CostCategory.objects.filter(program__fiscal_year__gte=current_fiscal_year())
            )
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0

    def _editable(self, request, obj):
        return obj is None or (
            obj.status in EDITABLE_STATUSES and _is_municipal_staff_of(request.user, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = forms.AttachmentForm
    extra = 0
    fields = ["kind", "file", "download", "size", "uploaded_at"]
    readonly_fields = ["download", "size", "uploaded_at"]

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:grants_application_attachment", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)

    def get_fields(self, request, obj=None):
        return self.fields if self.has_add_permission(request, obj) else self.readonly_fields

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def has_add_permission(self, request, obj=None):
        # Documents may be added until the course ends (plans, change forms, receipts, claims).
        if obj is not None and not (
            _is_municipal_staff_of(request.user, obj)
            and obj.status not in (Status.REJECTED, Status.WITHDRAWN, Status.PAID)
        ):
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # What was submitted stays as submitted; the form of a new row still needs this.
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not (
            _is_municipal_staff_of(request.user, obj) and obj.status in EDITABLE_STATUSES
        ):
            return False
        return super().has_delete_permission(request, obj)


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    form = forms.ReportPhotoForm
    extra = 0

    def _editable(self, request, obj):
        return (
            obj is not None
            and obj.status == Status.DECIDED
            and _is_municipal_staff_of(request.user, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class ChangeRequestInline(admin.TabularInline):
    model = ChangeRequest
    extra = 0
    fields = ["reason", "new_granted_amount", "new_period_end", "outcome", "requested_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FiscalYearFilter(admin.SimpleListFilter):
    title = _("fiscal year")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        years = GrantProgram.objects.values_list("fiscal_year", flat=True)
        return [(str(year), fiscal_year_label(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(program__fiscal_year=self.value())
        return queryset


class AwaitingFilter(admin.SimpleListFilter):
    """Whose turn it is: the worklists of the secretariat and of the municipality."""

    title = _("awaiting")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("secretariat", _("the secretariat")), ("municipality", _("the municipality"))]

    def queryset(self, request, queryset):
        side = self.value()
        if side not in (SECRETARIAT, "municipality"):
            return queryset
        statuses = {
            source
            for _move, (sources, _target, who) in WORKFLOW.items()
            if who == side and _move != Move.WITHDRAW
            for source in sources
        }
        return queryset.filter(status__in=statuses)


@admin.register(Application)
class ApplicationAdmin(MunicipalityScopedAdmin, TranslationAdmin):
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
    inlines = [BudgetLineInline, AttachmentInline, ChangeRequestInline, ReportPhotoInline]
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
            _is_municipal_staff_of(request.user, obj)
            and obj.status
            in (
                *EDITABLE_STATUSES,
                Status.SUBMITTED,
                Status.RESUBMITTED,
                Status.DECIDED,
                Status.CHANGE_REQUESTED,
                Status.REPORTED,
                Status.CONFIRMED,
                Status.CLAIMED,
            )
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        # A draft may be thrown away; anything submitted is a record and is withdrawn instead.
        if obj is None:
            return super().has_delete_permission(request)
        return (
            obj.status == Status.DRAFT
            and _is_municipal_staff_of(request.user, obj)
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
        entries = audit_trail(obj)[:100]
        if not entries:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
            (
                (
                    entry.created_at.strftime("%Y-%m-%d %H:%M"),
                    entry.actor or "—",
                    _move_label(entry.action),
                    _status_label(entry.from_state),
                    _status_label(entry.to_state),
                    entry.note,
                )
                for entry in entries
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            gettext("When"),
            gettext("Who"),
            gettext("Action"),
            gettext("From → to"),
            gettext("Note / changed fields"),
            rows,
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
            application=form.instance,
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
                    "secretariat": WORKFLOW[move][2] == SECRETARIAT,
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
        entries = [
            {
                "created_at": entry.created_at,
                "actor": entry.actor,
                "action": _move_label(entry.action),
                "from_state": _status_label(entry.from_state),
                "to_state": _status_label(entry.to_state),
                "note": entry.note,
            }
            for entry in audit_trail(obj)
        ]
        extra_context = {**(extra_context or {}), "audit_entries": entries}
        return super().history_view(request, object_id, extra_context)

    def move_view(self, request, object_id, move):
        """Confirm one move, collect its input, call its service; refusals become messages."""
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        try:
            move = Move(move)
        except ValueError as error:
            raise Http404 from error
        change_url = reverse("admin:grants_application_change", args=[application.pk])
        form_class, service = MOVE_FORMS[move]
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    service(application_id=application.pk, actor=request.user, **form.cleaned_data)
                except services.ApplicationError as error:
                    messages.error(request, error.message)
                else:
                    application.refresh_from_db()
                    messages.success(
                        request,
                        gettext("“%(move)s” done: the application is now “%(status)s”.")
                        % {"move": move.label, "status": application.get_status_display()},
                    )
                    return redirect(change_url)
        else:
            if not services.may_make(request.user, application, move):
                messages.error(
                    request,
                    gettext("“%(move)s” is not possible for you at this stage.")
                    % {"move": move.label},
                )
                return redirect(change_url)
            form = form_class(initial=self._move_initial(application, move))
        return TemplateResponse(
            request,
            "admin/grants/application/move.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": application,
                "title": f"{move.label}: {application}",
                "move": move,
                "form": form,
                "change_url": change_url,
                "pending_change": application.change_requests.filter(
                    outcome=ChangeRequest.Outcome.PENDING
                ).first(),
                "remaining": services.remaining_balance(
                    program=application.program, municipality_id=application.municipality_id
                ),
            },
        )

    def _move_initial(self, application, move):
        if move == Move.DECIDE:
            return {"granted_amount": application.requested_amount}
        return {}

    def attachment_view(self, request, object_id, attachment_id):
        """Stream a grant document after the scope (404) and view permission (403) checks."""
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
        return private_file_response(attachment.file, download_name=str(attachment))

    def export_view(self, request):
        """Every application of a fiscal year (or all) as CSV, for the secretariat."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        queryset = self.get_queryset(request).select_related("program", "municipality")
        fiscal_year = request.GET.get("fiscal_year")
        if fiscal_year and fiscal_year.isdigit():
            queryset = queryset.filter(program__fiscal_year=int(fiscal_year))
        return _applications_csv_response(
            request, f"grant-applications{'-fy' + fiscal_year if fiscal_year else ''}.csv", queryset
        )

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return _applications_csv_response(
            request, "grant-applications.csv", queryset.select_related("program", "municipality")
        )

    def has_export_permission(self, request):
        return is_secretariat(request.user)


def _move_label(action: str) -> str:
    if action in Move.values:
        return Move(action).label
    if action == services.REMINDER_ACTION:
        return gettext("Completion report overdue")
    return gettext("Edited") if action == "edit" else action


def _status_label(state: str) -> str:
    return Status(state).label if state in Status.values else (state or "—")
