from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from accounts.roles import is_secretariat
from core.audit import audit_trail
from core.exports import Table, csv_response, table_response
from core.queue import enqueue_on_commit, tell_staff, watched_handoff
from core.scoping import MunicipalityScopedAdmin

from . import services
from .forms import CalculateForm, DiffForm, ImportPopulationsForm, ImportResultsForm
from .models import Edition, EditionStatus, MethodVersion, MunicipalityTarget

MAX_ERRORS_SHOWN = 500


@admin.register(MethodVersion)
class MethodVersionAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(MunicipalityTarget)
class MunicipalityTargetAdmin(MunicipalityScopedAdmin):
    municipality_field = "municipality"
    list_display = ["municipality", "base_year", "target_year", "reduction_percent", "all_gases"]
    autocomplete_fields = ["municipality"]


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = [
        "label",
        "status",
        "source",
        "calculation_state",
        "progress_display",
        "result_count",
        "published_at",
        "is_demo",
    ]
    list_filter = ["status", "source", "calculation_state", "is_demo"]
    search_fields = ["label"]
    fields = [
        "label",
        "status",
        "source",
        "method_version",
        "gwp_set",
        "gwp_values",
        "calculation_state",
        "progress",
        "failure",
        "result_count",
        "fiscal_years",
        "is_demo",
        "note_ja",
        "note_en",
        "created_by",
        "created_at",
        "published_at",
        "superseded_at",
    ]
    readonly_fields = [f for f in fields if not f.startswith("note")]
    change_list_template = "emissions/admin/edition_change_list.html"
    actions = ["run_calculation_again"]
    change_form_template = "emissions/admin/edition_change_form.html"

    @admin.display(description=gettext_lazy("progress"))
    def progress_display(self, obj):
        return f"{obj.progress} %"

    @admin.action(description=gettext_lazy("Run the calculation again (failed or stalled)"))
    def run_calculation_again(self, request, queryset):
        from .tasks import calculate_edition_task

        self._check_secretariat(request)
        editions = list(
            queryset.filter(source="calculated")
            .exclude(calculation_state="done")
            .values_list("pk", flat=True)
        )
        with watched_handoff() as handoff:
            for edition_id in editions:
                enqueue_on_commit(calculate_edition_task, edition_id)
        tell_staff(
            request,
            handoff,
            _("%(count)s calculation(s) were queued again.") % {"count": len(editions)},
        )

    def has_add_permission(self, request):
        return False  # editions come from an upload or a calculation, never from a blank form

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == EditionStatus.DRAFT)

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="emissions_import"),
            path(
                "calculate/",
                self.admin_site.admin_view(self.calculate_view),
                name="emissions_calculate",
            ),
            path("diff/", self.admin_site.admin_view(self.diff_view), name="emissions_diff"),
            path(
                "populations/",
                self.admin_site.admin_view(self.populations_view),
                name="emissions_populations",
            ),
            path(
                "populations.csv",
                self.admin_site.admin_view(self.populations_file_view),
                name="emissions_populations_file",
            ),
            path(
                "<int:pk>/inputs/<str:kind>.csv",
                self.admin_site.admin_view(self.inputs_view),
                name="emissions_inputs",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="emissions_publish",
            ),
        ]
        return own + super().get_urls()

    def _check_secretariat(self, request):
        if not is_secretariat(request.user):
            raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "audit_entries": list(audit_trail(edition)) if edition else [],
            "can_publish": bool(
                edition
                and is_secretariat(request.user)
                and edition.status == EditionStatus.DRAFT
                and edition.calculation_state == "done"
            ),
            "is_running": bool(edition and edition.calculation_state in ("pending", "running")),
            "input_kinds": services.INPUT_KINDS
            if edition and edition.source == "calculated"
            else (),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _render(self, request, template, form, title, errors=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "row_errors": (errors or [])[:MAX_ERRORS_SHOWN],
            "error_count": len(errors or []),
        }
        return TemplateResponse(request, template, context)

    def import_view(self, request):
        self._check_secretariat(request)
        form = ImportResultsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                edition = services.import_results(
                    data=upload.read(),
                    label=form.cleaned_data["label"],
                    actor=request.user,
                    file_name=upload.original_name,
                )
            except services.EmissionsError as error:
                form.add_error(None, error.message)
                return self._render(
                    request,
                    "emissions/admin/upload.html",
                    form,
                    _("Import published results"),
                    error.errors,
                )
            messages.success(
                request,
                _("Imported %(count)s rows into the draft edition “%(label)s”.")
                % {"count": edition.result_count, "label": edition.label},
            )
            return HttpResponseRedirect(
                reverse("admin:emissions_edition_change", args=[edition.pk])
            )
        return self._render(
            request, "emissions/admin/upload.html", form, _("Import published results")
        )

    def calculate_view(self, request):
        self._check_secretariat(request)
        form = CalculateForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = {key: form.cleaned_data[key] for key in services.INPUT_KINDS}
            try:
                with watched_handoff() as handoff:
                    edition = services.calculate_from_files(
                        label=form.cleaned_data["label"],
                        gwp_set=form.cleaned_data["gwp_set"],
                        method_version_id=getattr(form.cleaned_data["method_version"], "pk", None),
                        actor=request.user,
                        names={key: f.original_name for key, f in files.items() if f},
                        **{key: (f.read() if f else None) for key, f in files.items()},
                    )
            except services.EmissionsError as error:
                form.add_error(None, error.message)
                return self._render(
                    request,
                    "emissions/admin/upload.html",
                    form,
                    _("Calculate a new edition"),
                    error.errors,
                )
            tell_staff(
                request,
                handoff,
                _("The calculation of “%(label)s” has started; this page shows its progress.")
                % {"label": edition.label},
            )
            return HttpResponseRedirect(
                reverse("admin:emissions_edition_change", args=[edition.pk])
            )
        return self._render(
            request, "emissions/admin/upload.html", form, _("Calculate a new edition")
        )

    def populations_view(self, request):
        self._check_secretariat(request)
        form = ImportPopulationsForm(request.POST or None, request.FILES or None)
        title = _("Import populations")
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = services.import_populations(
                    data=upload.read(),
                    source=form.cleaned_data["source"],
                    actor=request.user,
                    file_name=upload.original_name,
                )
            except services.EmissionsError as error:
                form.add_error(None, error.message)
                return self._render(
                    request, "emissions/admin/upload.html", form, title, error.errors
                )
            messages.success(request, _("Stored %(count)s population records.") % {"count": count})
            return HttpResponseRedirect(reverse("admin:emissions_edition_changelist"))
        return self._render(request, "emissions/admin/upload.html", form, title)

    def populations_file_view(self, request):
        """Every population record in the import's format: it imports again as it is."""
        self._check_secretariat(request)
        from municipalities.models import PopulationRecord

        records = PopulationRecord.objects.order_by("year", "municipality_id").values_list(
            "year", "municipality_id", "population", "households", "as_of"
        )
        rows = (
            (year, code, people, households if households is not None else "", as_of.isoformat())
            for year, code, people, households, as_of in records.iterator()
        )
        header = ("year", "municipality_code", "population", "households", "as_of")
        return csv_response(Table(name="populations", header=header, rows=rows))

    def inputs_view(self, request, pk, kind):
        edition = self.get_object(request, str(pk))
        if edition is None:
            raise Http404
        if not self.has_view_permission(request, edition) or kind not in services.INPUT_KINDS:
            raise PermissionDenied
        rows = services.input_rows(edition, kind)
        header = next(rows)
        # The file imports again as it is (docs/data-formats.md): codes as header, exact values.
        return csv_response(Table(name=kind, header=header, rows=(_exact(row) for row in rows)))

    def publish_view(self, request, pk):
        self._check_secretariat(request)
        edition = get_object_or_404(Edition, pk=pk)
        try:
            services.publish_edition(edition_id=edition.pk, actor=request.user)
        except services.EmissionsError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("“%(label)s” is now the official edition.") % {"label": edition.label}
            )
        return HttpResponseRedirect(reverse("admin:emissions_edition_change", args=[pk]))

    def diff_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DiffForm(request.GET or None)
        rows = None
        if form.is_bound and form.is_valid():
            old, new = form.cleaned_data["old"], form.cleaned_data["new"]
            rows = services.diff_editions(old=old, new=new)
            if request.GET.get("format") in ("csv", "xlsx"):
                return diff_csv_response(rows, old=old, new=new, file_format=request.GET["format"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Differences between two editions"),
            "form": form,
            "rows": rows[:MAX_ERRORS_SHOWN] if rows is not None else None,
            "row_count": len(rows) if rows is not None else 0,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "emissions/admin/diff.html", context)


def _exact(row):
    return [cell.normalize() if isinstance(cell, Decimal) else cell for cell in row]


DIFF_HEADER = (
    "old_edition",
    "new_edition",
    "fiscal_year",
    "municipality_code",
    "sector",
    "gas",
    "old_value_t_co2e",
    "new_value_t_co2e",
    "change_t_co2e",
    "change_percent",
    "kind",
)


def diff_csv_response(rows, *, old, new, file_format: str = "csv"):
    """The differences as the documented diff file (docs/data-formats.md), CSV or Excel."""
    table = Table(
        name="emissions-diff",
        header=DIFF_HEADER,
        rows=(
            [
                old.label,
                new.label,
                row.fiscal_year,
                row.municipality_code,
                row.sector,
                row.gas,
                *_exact([row.old, row.new, row.change]),
                row.change_percent,  # two decimal places, as documented
                row.kind,
            ]
            for row in rows
        ),
    )
    return table_response(table, file_format=file_format)
