from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.fiscal import current_fiscal_year
from core.forms import FiscalYearField
from core.queue import tell_staff, watched_handoff
from core.storage import private_file_response

from . import services
from .models import AnnualReport, ReportError, ReportStatus


class BuildForm(forms.Form):
    # A report tells what happened: the current fiscal year at the latest.
    fiscal_year = FiscalYearField(label=gettext_lazy("Fiscal year"), actual=True)


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "fiscal_year",
        "version",
        "status",
        "progress_percent",
        "requested_at",
        "published_at",
    ]
    list_filter = ["status", "fiscal_year"]
    actions = ["publish", "withdraw"]
    readonly_fields = [
        "fiscal_year",
        "version",
        "status",
        "progress_box",
        "error",
        "downloads",
        "chapter_titles",
        "requested_by",
        "requested_at",
        "built_at",
        "published_at",
    ]
    fields = readonly_fields
    change_list_template = "admin/reports/annualreport/change_list.html"
    change_form_template = "admin/reports/annualreport/change_form.html"

    def has_add_permission(self, request):
        return False  # versions are made by "Build a report", never typed in

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("progress"))
    def progress_percent(self, report):
        return f"{report.progress} %"

    @admin.display(description=gettext_lazy("progress"))
    def progress_box(self, report):
        return format_html(
            '<div data-report-progress-url="{}">{}</div>',
            reverse("admin:reports_annualreport_progress", args=[report.pk]),
            self._progress_text(report),
        )

    @staticmethod
    def _progress_text(report) -> str:
        return _("%(status)s — %(progress)s %% %(note)s") % {
            "status": report.get_status_display(),
            "progress": report.progress,
            "note": report.progress_note,
        }

    @admin.display(description=gettext_lazy("files"))
    def downloads(self, report):
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:reports_annualreport_file", args=[report.pk, kind]),
                label,
            )
            for kind, label in (
                ("pdf", "PDF"),
                ("html", "HTML (ja)"),
                ("html_en", "HTML (en)"),
                ("csv", "CSV"),
            )
            if getattr(report, kind)
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "—"

    def get_urls(self):
        own = [
            path(
                "build/",
                self.admin_site.admin_view(self.build_view),
                name="reports_annualreport_build",
            ),
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="reports_annualreport_progress",
            ),
            path(
                "<int:pk>/file/<str:kind>/",
                self.admin_site.admin_view(self.file_view),
                name="reports_annualreport_file",
            ),
        ]
        return own + super().get_urls()

    def build_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = BuildForm(request.POST or None, initial={"fiscal_year": current_fiscal_year() - 1})
        if request.method == "POST" and form.is_valid():
            try:
                with watched_handoff() as handoff:
                    report = services.request_build(
                        fiscal_year=form.cleaned_data["fiscal_year"], actor=request.user
                    )
            except ReportError as error:
                form.add_error(None, error.message)
            else:
                tell_staff(
                    request, handoff, _("The build has started; this page shows its progress.")
                )
                return redirect("admin:reports_annualreport_change", report.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Build an annual report"),
        }
        return TemplateResponse(request, "admin/reports/annualreport/build.html", context)

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(AnnualReport, pk=pk)
        return JsonResponse(
            {
                "status": report.status,
                "progress": report.progress,
                "error": report.error,
                "text": self._progress_text(report),
                "finished": report.status not in (ReportStatus.QUEUED, ReportStatus.BUILDING),
            }
        )

    def file_view(self, request, pk, kind):
        if not self.has_view_permission(request) or kind not in ("pdf", "html", "html_en", "csv"):
            raise PermissionDenied
        report = get_object_or_404(AnnualReport, pk=pk)
        field = getattr(report, kind)
        if not field:
            raise Http404
        return private_file_response(field)

    @admin.action(description=gettext_lazy("Publish the selected version"), permissions=["view"])
    def publish(self, request, queryset):
        for report in queryset:
            try:
                services.publish_report(report_id=report.pk, actor=request.user)
            except ReportError as error:
                messages.error(request, f"{report}: {error.message}")
            else:
                messages.success(request, _("%(report)s is now public.") % {"report": report})

    @admin.action(description=gettext_lazy("Withdraw from the public site"), permissions=["view"])
    def withdraw(self, request, queryset):
        for report in queryset:
            try:
                services.withdraw_report(report_id=report.pk, actor=request.user)
            except ReportError as error:
                messages.error(request, f"{report}: {error.message}")
