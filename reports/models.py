"""The annual report (事業報告); the work plan itself lives in the initiatives app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import GeneratedFileField
from core.workflow import Move, ServiceError, Workflow, by_secretariat


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    BUILT = "built", _("Built")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)


def _report_path(report, filename: str) -> str:
    return f"reports/{report.fiscal_year}/v{report.version}/{filename}"


class AnnualReport(models.Model):
    """One build (version) of a fiscal year's report; rebuilding adds a version."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("why the build failed"), blank=True)
    html = GeneratedFileField(_("HTML (Japanese)"), upload_to=_report_path, blank=True)
    html_en = GeneratedFileField(_("HTML (English)"), upload_to=_report_path, blank=True)
    pdf = GeneratedFileField(_("PDF"), upload_to=_report_path, blank=True)
    csv = GeneratedFileField(_("CSV appendix"), upload_to=_report_path, blank=True)
    # While queued or building (core.leases): a build whose lease ran out is handed on.
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    chapter_titles = models.JSONField(_("chapters"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("build", "requested by"),
    )
    requested_at = models.DateTimeField(pgettext_lazy("build", "requested"), auto_now_add=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-version"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "version"], name="one_report_version"),
            # At most one public version per fiscal year.
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=models.Q(status="published"),
                name="one_published_report_per_year",
            ),
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} v{self.version}"


class ReportError(ServiceError):
    """A build, publication or withdrawal of an annual report refused by the rules."""


BUILDS = (ReportStatus.QUEUED, ReportStatus.BUILDING)

# Building is the worker's (actor None); publishing and withdrawing the secretariat's.
WORKFLOW = Workflow(
    model=AnnualReport,
    error=ReportError,
    moves={
        # A build that died mid-way (worker killed) may be started again.
        "start_build": Move(BUILDS, ReportStatus.BUILDING),
        "fail_build": Move(BUILDS, ReportStatus.FAILED),
        "finish_build": Move(ReportStatus.BUILDING, ReportStatus.BUILT),
        "publish": Move(
            (ReportStatus.BUILT, ReportStatus.WITHDRAWN),
            ReportStatus.PUBLISHED,
            allowed=by_secretariat,
            refusal=_("Only the secretariat can publish the annual report."),
        ),
        # The year's public version gives way to a newly published one.
        "replace": Move(
            ReportStatus.PUBLISHED,
            ReportStatus.WITHDRAWN,
            allowed=by_secretariat,
            refusal=_("Only the secretariat can publish the annual report."),
        ),
        "withdraw": Move(
            ReportStatus.PUBLISHED,
            ReportStatus.WITHDRAWN,
            allowed=by_secretariat,
            refusal=_("Only the secretariat can withdraw the annual report."),
        ),
    },
)
