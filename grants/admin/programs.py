"""Grant programmes: cost categories, the per-municipality summary and its CSV."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.roles import is_secretariat
from core.exports import Table, table_response
from core.fiscal import current_fiscal_year
from core.money import format_yen

from ..models import CostCategory, GrantProgram
from ..summaries import SUMMARY_HEADER, municipality_summary, summary_rows


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
        from ..models import cap_of_fiscal_year

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
        return table_response(
            Table(
                name=f"grants-fy{program.fiscal_year}-summary",
                header=SUMMARY_HEADER,
                rows=summary_rows(rows),
            ),
            file_format=request.GET.get("format", "csv"),
        )


def _regions():
    from municipalities.models import Region

    return Region.choices


def _totals(rows):
    keys = ("requested", "granted", "confirmed", "paid", "remaining")
    return {key: sum(row[key] for row in rows) for key in keys}
