from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.fiscal import fiscal_year_bounds, fiscal_year_range
from offsets.models import CreditRetirement

from .models import Category, Event, Status


def fiscal_year_figures(fiscal_year: int) -> dict:
    """Events held, participants and tonnes offset in one fiscal year (Asia/Tokyo)."""
    start, end = fiscal_year_range(fiscal_year)
    # Unordered: the model's ordering would otherwise split each group per event.
    held = Event.objects.held_in(start, end).order_by()
    by_category = {
        row["category"]: row
        for row in held.values("category").annotate(
            events=Count("pk"),
            reported=Sum("participant_count"),
        )
    }
    # Where staff did not report a count, the confirmed registrations stand in.
    registered = (
        held.filter(participant_count__isnull=True)
        .filter(registrations__status=Status.CONFIRMED)
        .values("category")
        .annotate(seats=Sum("registrations__party_size"))
    )
    for row in registered:
        by_category.setdefault(row["category"], {"events": 0, "reported": 0})
        by_category[row["category"]]["registered"] = row["seats"] or 0
    rows = []
    for value, label in Category.choices:
        row = by_category.get(value)
        if not row:
            continue
        participants = (row.get("reported") or 0) + (row.get("registered") or 0)
        rows.append({"category": label, "events": row["events"], "participants": participants})
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    tonnes = (
        CreditRetirement.objects.filter(
            retired_on__gte=first_day, retired_on__lte=last_day
        ).aggregate(total=Sum("tonnes"))["total"]
        or 0
    )
    offset_events = held.filter(~Q(credit_retirements=None)).distinct().count()
    return {
        "rows": rows,
        "events": sum(r["events"] for r in rows),
        "participants": sum(r["participants"] for r in rows),
        "offset_tonnes": tonnes,
        "offset_events": offset_events,
    }


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    figures = fiscal_year_figures(fiscal_year)
    if not figures["events"] and not figures["offset_tonnes"]:
        return None
    return ReportSection(
        app_label="events",
        title=_("Events and carbon offsets"),
        template="events/report_section.html",
        context={"fiscal_year": fiscal_year, **figures},
        order=50,
        figures=[
            (_("Events held"), f"{figures['events']:,}"),
            (_("Participants"), f"{figures['participants']:,}"),
            (_("Credits retired (t-CO2)"), f"{figures['offset_tonnes']:,}"),
        ],
    )
