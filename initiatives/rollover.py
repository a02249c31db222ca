"""Next year's work plan: its recurring initiatives, planned again, not yet public."""

from core.dated_text import ReviewFlags

from .models import Initiative, Status, WorkPlan, WorkPlanStatus

PLAN_TEXT = ("title_ja", "title_en", "introduction_ja", "introduction_en")
INITIATIVE_TEXT = ("title_ja", "title_en", "summary_ja", "summary_en")


def copy_year(*, from_year: int, to_year: int, flags: ReviewFlags) -> None:
    plan = WorkPlan.objects.filter(fiscal_year=from_year).first()
    if plan is not None and not WorkPlan.objects.filter(fiscal_year=to_year).exists():
        copy = WorkPlan.objects.create(
            fiscal_year=to_year,
            title=plan.title_ja,
            **{name: getattr(plan, name) for name in PLAN_TEXT},
            status=WorkPlanStatus.DRAFT,
            copied_from=plan,
        )
        flags.check(copy, PLAN_TEXT)
    if Initiative.objects.filter(fiscal_year=to_year).exists():
        return
    for initiative in Initiative.objects.filter(fiscal_year=from_year, recurring=True).order_by(
        "action", "position", "pk"
    ):
        copy = Initiative.objects.create(
            fiscal_year=to_year,
            title=initiative.title_ja,
            summary=initiative.summary_ja,
            **{name: getattr(initiative, name) for name in INITIATIVE_TEXT},
            action=initiative.action,
            lead_municipality_id=initiative.lead_municipality_id,
            status=Status.PLANNED,
            position=initiative.position,
            is_public=False,
            recurring=True,
            copied_from=initiative,
        )
        flags.check(copy, INITIATIVE_TEXT)
