"""The eco-news chapter of the fiscal year's annual report (事業報告)."""

from django.db.models import Count
from django.utils.translation import gettext as _

from core.contributions import ReportSection

from .models import Article, Kind


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    articles = Article.objects.published().in_fiscal_year(fiscal_year)
    by_kind = dict(articles.order_by().values_list("kind").annotate(n=Count("pk")))
    total = sum(by_kind.values())
    if not total:
        return None
    initiatives = list(
        articles.filter(kind=Kind.INITIATIVE)
        .select_related("municipality")
        .order_by("municipality_id", "series_number")
        .only(
            "pk",
            "title_ja",
            "title_en",
            "series_number",
            "published_at",
            "municipality__name_ja",
            "municipality__name_en",
        )
    )
    municipalities = (
        articles.order_by().values("municipalities").exclude(municipalities=None).distinct().count()
    )
    return ReportSection(
        app_label="news",
        title=_("Eco news"),
        template="news/report_section.html",
        context={
            "fiscal_year": fiscal_year,
            "total": total,
            "by_kind": [(kind.label, by_kind.get(kind.value, 0)) for kind in Kind],
            "initiatives": initiatives,
            "municipality_count": municipalities,
        },
        order=20,
        figures=[
            (_("Articles published"), f"{total:,}"),
            (_("Municipalities featured in the news"), f"{municipalities:,}"),
        ],
    )
