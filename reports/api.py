import datetime

from django.urls import reverse
from ninja import Router, Schema

from .models import AnnualReport

router = Router(tags=["reports"])


class ReportOut(Schema):
    fiscal_year: int
    version: int
    published_at: datetime.datetime | None
    chapters: list[str]
    page_url: str
    pdf_url: str
    csv_url: str


@router.get("/", response=list[ReportOut], summary="Published annual reports, newest year first")
def list_reports(request):
    return [
        ReportOut(
            fiscal_year=r.fiscal_year,
            version=r.version,
            published_at=r.published_at,
            chapters=r.chapter_titles,
            page_url=reverse("reports:detail", args=[r.fiscal_year]),
            pdf_url=reverse("reports:download", args=[r.fiscal_year, "pdf"]),
            csv_url=reverse("reports:download", args=[r.fiscal_year, "csv"]),
        )
        for r in AnnualReport.objects.published().order_by("-fiscal_year")
    ]
