"""CSV downloads of the grants admin; the applications export is access-logged."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_secretariat
from accounts.services import record_personal_data_export
from accounts.signin import client_ip

from ..summaries import applications_csv_rows, neutralise


def applications_csv_response(request, filename: str, queryset) -> HttpResponse:
    """Applications as CSV; they name contact persons, so the export is access-logged."""
    response = csv_response(filename, applications_csv_rows(queryset))
    record_personal_data_export(
        user=request.user,
        what=f"grant applications with contact persons ({filename})",
        count=queryset.count(),
        ip_address=client_ip(request),
    )
    return response


def csv_response(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM so that Excel reads the Japanese as UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response


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
        return applications_csv_response(
            request, f"grant-applications{'-fy' + fiscal_year if fiscal_year else ''}.csv", queryset
        )

    @admin.action(description=_("Export the selected applications as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return applications_csv_response(
            request, "grant-applications.csv", queryset.select_related("program", "municipality")
        )

    def has_export_permission(self, request):
        return is_secretariat(request.user)
