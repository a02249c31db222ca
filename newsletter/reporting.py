"""The newsletter's chapter of the annual report: issues sent and readers reached."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.fiscal import fiscal_year_range

from .models import DeliveryStatus, Issue, Subscriber


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    start, end = fiscal_year_range(fiscal_year)
    issues = list(
        Issue.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .annotate(delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)))
        .order_by("sent_at")
    )
    subscribers = (
        Subscriber.objects.filter(confirmed_at__lt=end).exclude(unsubscribed_at__lt=end).count()
    )
    if not issues and not subscribers:
        return None
    delivered = sum(issue.delivered for issue in issues)
    return ReportSection(
        app_label="newsletter",
        title=_("Newsletter"),
        template="newsletter/report_section.html",
        context={"issues": issues, "delivered": delivered, "subscribers": subscribers},
        order=80,
        figures=[
            (_("Newsletter issues sent"), f"{len(issues):,}"),
            (_("Newsletter messages delivered"), f"{delivered:,}"),
            (_("Newsletter subscribers at the end of the year"), f"{subscribers:,}"),
        ],
    )
