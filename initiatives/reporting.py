from django.utils.translation import gettext as _

from core.contributions import ReportSection

from .models import Action, Initiative


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    initiatives = list(
        Initiative.objects.public()
        .of_fiscal_year(fiscal_year)
        .select_related("lead_municipality")
        .prefetch_related("distributions")
    )
    if not initiatives:
        return None
    by_action = [
        {"action": action, "initiatives": [i for i in initiatives if i.action == action.value]}
        for action in Action
    ]
    completed = sum(1 for i in initiatives if i.status == "completed")
    return ReportSection(
        app_label="initiatives",
        title=_("Initiatives of the work plan"),
        template="initiatives/report_section.html",
        context={"fiscal_year": fiscal_year, "by_action": by_action},
        order=10,
        figures=[(_("Initiatives"), str(len(initiatives))), (_("Completed"), str(completed))],
    )
