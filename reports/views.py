from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from core.storage import private_file_response

from .models import AnnualReport

DOWNLOADS = {"pdf": "pdf", "csv": "csv"}


def _published(fiscal_year: int) -> AnnualReport:
    report = AnnualReport.objects.published().filter(fiscal_year=fiscal_year).first()
    if report is None:
        raise Http404
    return report


def report_index(request):
    reports = AnnualReport.objects.published().order_by("-fiscal_year")
    return render(request, "reports/index.html", {"reports": reports})


def report_detail(request, fiscal_year):
    report = _published(fiscal_year)
    field = (
        report.html_en
        if (get_language() or "ja").startswith("en") and report.html_en
        else report.html
    )
    with field.open("rb") as stored:
        body = stored.read().decode()
    return render(request, "reports/detail.html", {"report": report, "body": body})


def report_download(request, fiscal_year, kind):
    if kind not in DOWNLOADS:
        raise Http404
    report = _published(fiscal_year)
    field = getattr(report, DOWNLOADS[kind])
    if not field:
        raise Http404
    # Published reports are public; the private storage only keeps unpublished versions hidden.
    response = private_file_response(
        field,
        download_name=f"eco62-annual-report-{fiscal_year}.{kind}",
        inline=kind == "pdf",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
