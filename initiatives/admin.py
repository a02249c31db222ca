from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import is_secretariat
from core.exports import table_response
from core.files import UploadFormField
from core.forms import posted_data, posted_files
from core.scoping import MunicipalityScopedAdmin
from core.tables import TableErrors
from core.workflow import ServiceError

from . import services
from .distribution_files import distribution_table, import_distributions
from .models import AwarenessGood, Distribution, GoodsPurchase, Initiative, WorkPlan


class DistributionInline(admin.TabularInline):
    model = Distribution
    extra = 0
    autocomplete_fields = ["municipality", "good"]


class GoodsPurchaseInline(admin.TabularInline):
    model = GoodsPurchase
    extra = 0
    autocomplete_fields = ["good"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationAdmin):
    list_display = [
        "title",
        "fiscal_year",
        "action",
        "status",
        "lead_municipality",
        "is_public",
        "recurring",
    ]
    list_filter = ["fiscal_year", "action", "status", "is_public", "recurring"]
    search_fields = ["title_ja", "title_en"]
    autocomplete_fields = ["lead_municipality"]
    readonly_fields = ["copied_from"]
    inlines = [GoodsPurchaseInline, DistributionInline]


def _admin_link(flag: dict) -> str:
    app_label, model_name = flag["model"].split(".")
    try:
        return reverse(f"admin:{app_label}_{model_name}_change", args=[flag["pk"]])
    except NoReverseMatch:
        return ""


@admin.register(WorkPlan)
class WorkPlanAdmin(TranslationAdmin):
    list_display = ["fiscal_year", "title", "status", "flags_count", "published_at"]
    list_filter = ["status"]
    search_fields = ["title_ja", "title_en"]
    readonly_fields = ["status", "copied_from", "published_at", "flags_table"]
    exclude = ["review_flags"]
    actions = ["start_next_fiscal_year", "mark_reviewed", "publish"]

    @admin.display(description=_("to review"))
    def flags_count(self, obj):
        return len(obj.review_flags) or "—"

    @admin.display(description=_("copied text naming a year or date"))
    def flags_table(self, obj):
        if not obj.review_flags:
            return "—"
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (_admin_link(flag), flag["label"], flag["field"], "、".join(flag["expressions"]))
                for flag in obj.review_flags
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Record"),
            gettext("Field"),
            gettext("Names"),
            rows,
        )

    def _each(self, request, queryset, service, done_message):
        for plan in queryset.order_by("fiscal_year"):
            try:
                result = service(plan)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, done_message(result), messages.SUCCESS)

    @admin.action(description=_("Start the next fiscal year from this plan"))
    def start_next_fiscal_year(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.start_fiscal_year(from_year=plan.fiscal_year, actor=request.user),
            lambda plan: (
                gettext("The drafts of FY%(year)s are ready; %(count)s copied text(s) to review.")
                % {"year": plan.fiscal_year, "count": len(plan.review_flags)}
            ),
        )

    @admin.action(description=_("Mark the copied dated text as reviewed"))
    def mark_reviewed(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.mark_reviewed(work_plan_id=plan.pk, actor=request.user),
            lambda plan: gettext("Reviewed: %(plan)s") % {"plan": plan},
        )

    @admin.action(description=_("Publish the plan and its initiatives"))
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda plan: services.publish_work_plan(work_plan_id=plan.pk, actor=request.user),
            lambda plan: gettext("Published: %(plan)s") % {"plan": plan},
        )


@admin.register(AwarenessGood)
class AwarenessGoodAdmin(TranslationAdmin):
    search_fields = ["name_ja", "name_en"]
    list_display = ["name", "unit"]


class DistributionImportForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.order_by("-fiscal_year", "position")
    )
    # XLSX with macros is refused by core.files; the rows are read by core.tables.
    file = UploadFormField(
        formats=("csv", "xlsx"),
        max_mb=5,
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: 年度, 市区町村コード or 市区町村, 物品, 数量, 配布日 (Japanese or English "
            "headers; UTF-8 or Shift_JIS). All rows are imported, or none."
        ),
    )


@admin.register(Distribution)
class DistributionAdmin(MunicipalityScopedAdmin):
    """Municipal staff see what their own municipality received."""

    list_display = ["initiative", "good", "municipality", "quantity", "distributed_on"]
    list_filter = ["initiative__fiscal_year", "good"]
    search_fields = ["municipality__name_ja", "municipality__code", "initiative__title_ja"]
    autocomplete_fields = ["initiative", "good", "municipality"]
    list_select_related = ["initiative", "good", "municipality"]
    change_list_template = "admin/initiatives/distribution/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="initiatives_distribution_import"),
            path("export/", view(self.export_view), name="initiatives_distribution_export"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """All rows of a CSV or XLSX file, or none, with each bad row named."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        form = DistributionImportForm(posted_data(request), posted_files(request))
        row_errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = import_distributions(
                    initiative=form.cleaned_data["initiative"],
                    data=upload.read(),
                    filename=upload.original_name,
                )
            except TableErrors as refused:
                row_errors = [str(error) for error in refused.errors]
            else:
                self.message_user(
                    request,
                    gettext("%(count)s distribution rows imported.") % {"count": count},
                    messages.SUCCESS,
                )
                return redirect("admin:initiatives_distribution_changelist")
        return TemplateResponse(
            request,
            "admin/initiatives/distribution/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Import distributions"),
                "form": form,
                "row_errors": row_errors,
            },
        )

    def export_view(self, request):
        """The distributions in view (scoped, one fiscal year if asked) as CSV or XLSX."""
        queryset = self.get_queryset(request)
        fiscal_year = request.GET.get("fiscal_year", "")
        name = "distributions"
        if fiscal_year.isdigit() and len(fiscal_year) == 4:
            queryset = queryset.filter(initiative__fiscal_year=int(fiscal_year))
            name = f"distributions-fy{fiscal_year}"
        return table_response(
            distribution_table(queryset, name=name), file_format=request.GET.get("format", "csv")
        )
