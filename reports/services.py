"""Building, publishing and withdrawing the fiscal year's annual report (事業報告)."""

import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit
from core.contributions import collect_report_sections
from core.exports import Table, csv_bytes
from core.fiscal import fiscal_year_label
from core.leases import lease_end, renewed, take_abandoned
from core.printing import html_to_pdf
from core.queue import enqueue_on_commit

from .models import BUILDS, WORKFLOW, AnnualReport, ReportError, ReportStatus

logger = logging.getLogger(__name__)

PRINT_CSS = Path(__file__).resolve().parent / "static" / "reports" / "print.css"


def request_build(*, fiscal_year: int, actor) -> AnnualReport:
    """Queue a new version of the fiscal year's report; earlier versions stay as they are."""
    from .tasks import build_report_task

    if not is_secretariat(actor):
        raise ReportError(_("Only the secretariat can build the annual report."))
    if not 2007 <= fiscal_year <= 2100:
        raise ReportError(_("The program started in FY2007; choose a fiscal year from 2007."))
    try:
        with transaction.atomic():
            latest = AnnualReport.objects.filter(fiscal_year=fiscal_year).aggregate(
                v=Max("version")
            )
            report = AnnualReport.objects.create(
                fiscal_year=fiscal_year,
                version=(latest["v"] or 0) + 1,
                requested_by=actor,
                lease_expires_at=lease_end(),
            )
            record_audit(
                subject=report, actor=actor, action="request_build", to_state=report.status
            )
            enqueue_on_commit(build_report_task, report.pk)
    except IntegrityError as error:  # two requests for the same year in the same instant
        raise ReportError(
            _("Another build of this year was requested at the same time.")
        ) from error
    return report


def _set_progress(report_id: int, percent: int, note: str) -> None:
    AnnualReport.objects.filter(pk=report_id).update(progress=percent, progress_note=note)


def abandoned_build_ids() -> list[int]:
    """Builds queued or running whose lease ran out (a lost message, a killed worker)."""
    return take_abandoned(AnnualReport.objects.filter(status__in=BUILDS))


def build_report(*, report_id: int) -> AnnualReport:
    """Render the HTML pages, the PDF and the CSV appendix. Safe to run twice.

    A finished (built, failed or published) report is left alone; a build that died
    while 'building' is simply built again, into the same version's files. The files are
    saved only with the move to 'built', so a killed build leaves none behind.
    """
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.status not in (ReportStatus.QUEUED, ReportStatus.BUILDING):
            return report
        WORKFLOW.check(report, "start_build", actor=None)
        report.progress, report.progress_note, report.error = 5, _("Collecting chapters"), ""
        WORKFLOW.finish(
            report, "start_build", actor=None, fields=("progress", "progress_note", "error")
        )
    try:
        with renewed(AnnualReport.objects.filter(pk=report_id)):
            files = _render_files(report)
    except Exception as error:  # noqa: BLE001 - whatever broke, the secretariat must see why
        logger.exception("annual report %s failed", report_id)
        with transaction.atomic():
            report = AnnualReport.objects.select_for_update().get(pk=report_id)
            WORKFLOW.check(report, "fail_build", actor=None)
            report.error = f"{type(error).__name__}: {error}"
            report.progress_note = ""
            WORKFLOW.finish(
                report,
                "fail_build",
                actor=None,
                note=str(error),
                fields=("error", "progress_note"),
            )
        return report
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.status != ReportStatus.BUILDING:
            return report  # a concurrent run finished first; its files are the same
        WORKFLOW.check(report, "finish_build", actor=None)
        report.chapter_titles = files.pop("_titles")
        for field_name, (filename, content) in files.items():
            field = getattr(report, field_name)
            if field:
                field.delete(save=False)
            field.save(filename, ContentFile(content), save=False)
        report.progress, report.progress_note, report.built_at = 100, "", timezone.now()
        WORKFLOW.finish(
            report,
            "finish_build",
            actor=None,
            fields=("chapter_titles", *files, "progress", "progress_note", "built_at"),
        )
    return report


def _chapters(fiscal_year: int, language: str) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """The rendered chapters and the key figures (chapter, label, value) in one language."""
    chapters, figures = [], []
    with translation.override(language):
        for number, section in enumerate(collect_report_sections(fiscal_year=fiscal_year), 1):
            body = render_to_string(
                section.template,
                {"section": section.context, "chapter": section, "fiscal_year": fiscal_year},
            )
            chapters.append(
                {
                    "number": number,
                    "anchor": f"chapter-{number}-{section.app_label}",
                    "title": str(section.title),
                    "body": mark_safe(body),  # noqa: S308 - rendered from the apps' own templates
                    "figures": [(str(label), str(value)) for label, value in section.figures],
                }
            )
            figures.extend(
                (str(section.title), str(label), str(value)) for label, value in section.figures
            )
    return chapters, figures


def _render_files(report: AnnualReport) -> dict[str, tuple[str, bytes]]:
    fiscal_year = report.fiscal_year
    bodies = {}
    for language in ("ja", "en"):
        chapters, figures = _chapters(fiscal_year, language)
        with translation.override(language):
            bodies[language] = render_to_string(
                "reports/report_body.html",
                {
                    "fiscal_year": fiscal_year,
                    "title": _report_title(fiscal_year),
                    "chapters": chapters,
                    "figures": figures,
                    "version": report.version,
                },
            )
        if language == "ja":
            ja_chapters, ja_figures = chapters, figures
    _set_progress(report.pk, 40, _("Writing the CSV appendix"))
    appendix = Table(
        name=f"annual-report-{fiscal_year}",
        header=["fiscal_year", "chapter", "figure", "value"],
        rows=[[fiscal_year, chapter, label, value] for chapter, label, value in ja_figures],
    )
    _set_progress(report.pk, 50, _("Typesetting the PDF"))
    with translation.override("ja"):
        document = render_to_string(
            "reports/report_pdf.html",
            {"title": _report_title(fiscal_year), "body": mark_safe(bodies["ja"])},  # noqa: S308
        )
    pdf = _pdf(document)
    name = f"eco62-annual-report-{fiscal_year}-v{report.version}"
    return {
        "html": (f"{name}.ja.html", bodies["ja"].encode()),
        "html_en": (f"{name}.en.html", bodies["en"].encode()),
        "csv": (f"{name}.csv", csv_bytes(appendix)),
        "pdf": (f"{name}.pdf", pdf),
        "_titles": [chapter["title"] for chapter in ja_chapters],
    }


def _report_title(fiscal_year: int) -> str:
    return _("Annual report %(year)s") % {
        "year": fiscal_year_label(fiscal_year, translation.get_language() or "ja")
    }


def _pdf(document: str) -> bytes:
    return html_to_pdf(document, stylesheets=[PRINT_CSS])


def publish_report(*, report_id: int, actor) -> AnnualReport:
    """Make this version public; the year's previously public version is withdrawn."""
    if not is_secretariat(actor):
        raise ReportError(_("Only the secretariat can publish the annual report."))
    with transaction.atomic():
        fiscal_year = AnnualReport.objects.values_list("fiscal_year", flat=True).get(pk=report_id)
        reports = {
            r.pk: r
            for r in AnnualReport.objects.select_for_update()
            .filter(fiscal_year=fiscal_year)
            .order_by("pk")
        }
        report = reports[report_id]
        if report.status == ReportStatus.PUBLISHED:
            return report
        WORKFLOW.check(report, "publish", actor=actor)
        # The year's public version steps down first: one published version per year.
        for other in reports.values():
            if other.pk != report.pk and other.status == ReportStatus.PUBLISHED:
                WORKFLOW.check(other, "replace", actor=actor)
                WORKFLOW.finish(other, "replace", actor=actor)
        report.published_at = timezone.now()
        WORKFLOW.finish(report, "publish", actor=actor, fields=("published_at",))
    return report


def withdraw_report(*, report_id: int, actor) -> AnnualReport:
    if not is_secretariat(actor):
        raise ReportError(_("Only the secretariat can withdraw the annual report."))
    with transaction.atomic():
        report = WORKFLOW.begin(report_id, "withdraw", actor=actor)
        WORKFLOW.finish(report, "withdraw", actor=actor)
    return report
