from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.contributions import ReportSection

from .models import Action, AwarenessGood, Initiative


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    initiatives = list(
        Initiative.objects.public()
        .of_fiscal_year(fiscal_year)
        .select_related("lead_municipality")
        .order_by("action", "position", "pk")
    )
    if not initiatives:
        return None
    by_action = [
        {"action": action, "initiatives": [i for i in initiatives if i.action == action.value]}
        for action in Action
    ]
    completed = sum(1 for i in initiatives if i.status == "completed")
    # Filtered in the same call as the annotation, so only this year's public distributions count.
    goods = list(
        AwarenessGood.objects.filter(
            distributions__initiative__fiscal_year=fiscal_year,
            distributions__initiative__is_public=True,
        )
        .annotate(
            quantity=Sum("distributions__quantity"),
            municipalities=Count("distributions__municipality", distinct=True),
        )
        .order_by("pk")
    )
    figures = [
        (_("Initiatives"), str(len(initiatives))),
        (pgettext("initiative status", "Completed"), str(completed)),
    ]
    figures += [
        (_("Distributed: %(item)s") % {"item": good.name}, f"{good.quantity:,}") for good in goods
    ]
    return ReportSection(
        app_label="initiatives",
        title=_("Initiatives of the work plan"),
        template="initiatives/report_section.html",
        context={"fiscal_year": fiscal_year, "by_action": by_action, "goods": goods},
        order=10,
        figures=figures,
    )
