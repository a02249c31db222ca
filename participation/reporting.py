"""The joint action's chapter of the annual report (事業報告)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.fiscal import fiscal_year_bounds, fiscal_year_range

from .models import (
    Activity,
    ActivityCategory,
    Organisation,
    OrganisationStatus,
    OrganisationType,
    Pledge,
)


def annual_report_section(*, fiscal_year: int) -> ReportSection:
    start, end = fiscal_year_range(fiscal_year)
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    # Organisations approved by the end of the year and not suspended or rejected since.
    organisations = Organisation.objects.filter(
        status=OrganisationStatus.APPROVED, approved_at__lt=end
    ).order_by()
    kind_rows = organisations.values("kind").annotate(
        total=Count("pk"), new=Count("pk", filter=Q(approved_at__gte=start))
    )
    kinds = {row["kind"]: row for row in kind_rows}
    by_kind = [
        {
            "label": kind.label,
            "total": kinds.get(kind.value, {}).get("total", 0),
            "new": kinds.get(kind.value, {}).get("new", 0),
        }
        for kind in OrganisationType
    ]
    pledges = Pledge.objects.public().filter(created_at__gte=start, created_at__lt=end)
    by_campaign = [
        {"title": pledge["campaign__title"], "count": pledge["count"]}
        for pledge in pledges.values("campaign", "campaign__title")
        .annotate(count=Count("pk"))
        .order_by("-count", "campaign")
    ]
    activities = (
        Activity.objects.public()
        .filter(published_version__held_on__range=(first_day, last_day))
        .order_by()
    )
    category_rows = {
        row["published_version__category"]: row
        for row in activities.values("published_version__category").annotate(
            count=Count("pk"),
            participants=Sum("published_version__participants"),
            co2_kg=Sum("published_version__estimated_co2_kg"),
        )
    }
    by_category = [
        {
            "label": category.label,
            "count": category_rows[category.value]["count"],
            "participants": category_rows[category.value]["participants"] or 0,
            "co2_t": _tonnes(category_rows[category.value]["co2_kg"] or 0),
        }
        for category in ActivityCategory
        if category.value in category_rows
    ]
    total_kg = sum(row["co2_kg"] or 0 for row in category_rows.values())
    return ReportSection(
        app_label="participation",
        title=_("Joint action participation system"),
        template="participation/report_section.html",
        context={"by_kind": by_kind, "by_campaign": by_campaign, "by_category": by_category},
        order=80,
        figures=[
            (_("Participating organisations"), f"{sum(r['total'] for r in by_kind):,}"),
            (_("Pledges made in the year"), f"{sum(r['count'] for r in by_campaign):,}"),
            (_("Activities reported"), f"{sum(r['count'] for r in category_rows.values()):,}"),
            (_("Estimated CO2 reduction (t-CO2)"), _tonnes(total_kg)),
        ],
    )


def _tonnes(kilograms: int) -> str:
    return f"{kilograms / 1000:,.1f}"
