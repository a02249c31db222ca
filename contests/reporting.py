from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.fiscal import fiscal_year_range

from .models import Award, Contest, EntryStatus


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    """Contests whose deadline fell in the fiscal year: entries, accepted works, awards."""
    start, end = fiscal_year_range(fiscal_year)
    contests = list(
        Contest.objects.filter(entries_close_at__gte=start, entries_close_at__lt=end)
        .annotate(
            counted=Count(
                "entries",
                filter=Q(
                    entries__status__in=[
                        EntryStatus.SUBMITTED,
                        EntryStatus.ACCEPTED,
                        EntryStatus.REJECTED,
                    ]
                ),
            ),
            accepted=Count("entries", filter=Q(entries__status=EntryStatus.ACCEPTED)),
            awards=Count("entries", filter=~Q(entries__award="")),
            municipalities=Count(
                "entries__municipality",
                filter=Q(entries__status=EntryStatus.ACCEPTED),
                distinct=True,
            ),
        )
        .order_by("year")
    )
    if not contests:
        return None
    return ReportSection(
        app_label="contests",
        title=_("Contests"),
        template="contests/report_section.html",
        context={"contests": contests, "award_labels": dict(Award.choices)},
        order=60,
        figures=[
            (_("Contests held"), str(len(contests))),
            (_("Contest entries"), f"{sum(c.counted for c in contests):,}"),
            (_("Contest awards"), f"{sum(c.awards for c in contests):,}"),
        ],
    )
