"""CSV and XLSX downloads of the grants admin (core.exports); the applications export is
access-logged."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_secretariat
from core.exports import PersonalData, Table, table_response

from ..summaries import APPLICATION_HEADER, application_rows


def applications_response(request, name: str, queryset):
    """Applications as CSV or XLSX (`?format=xlsx`); they name contact persons, so the export
    is access-logged."""
    return table_response(
        Table(name=name, header=APPLICATION_HEADER, rows=application_rows(queryset)),
        file_format=request.GET.get("format", "csv"),
        personal=PersonalData.taken_by(
            request,
            what=f"grant applications with contact persons ({name})",
            count=queryset.count(),
        ),
    )


class ApplicationExportsMixin:
    """The CSV downloads of `ApplicationAdmin`, for the secretariat only."""

    def export_view(self, request):
        """Every application of a fiscal year (or all) as CSV, for the secretariat."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        queryset = self.get_queryset(request).select_related("program", "municipality")
        fiscal_year = request.GET.get("fiscal_year")
        if fiscal_year and fiscal_year.isdigit():
            queryset = queryset.filter(program__fiscal_year=int(fiscal_year))
        return applications_response(
            request, f"grant-applications{'-fy' + fiscal_year if fiscal_year else ''}", queryset
        )

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return applications_response(
            request, "grant-applications", queryset.select_related("program", "municipality")
        )

    def has_export_permission(self, request):
        return is_secretariat(request.user)
