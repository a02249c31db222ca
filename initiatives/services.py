"""The work plan's year: starting the next one from this one, reviewing it, publishing it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit
from core.dated_text import ReviewFlags
from core.discovery import app_modules
from core.workflow import ServiceError

from .models import Initiative, WorkPlan, WorkPlanStatus


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise ServiceError(_("Only the secretariat may do this."))


@transaction.atomic
def start_fiscal_year(*, from_year: int, actor) -> WorkPlan:
    """Start FY N+1 from FY N: each app's rollover.py copies its structure as drafts.

    The new work plan keeps the list of copied text that names a year or a date, for review.
    """
    _require_secretariat(actor)
    source = WorkPlan.objects.select_for_update().filter(fiscal_year=from_year).first()
    if source is None:
        raise ServiceError(
            _("There is no work plan of FY%(year)s to start from.") % {"year": from_year}
        )
    to_year = from_year + 1
    if WorkPlan.objects.filter(fiscal_year=to_year).exists():
        raise ServiceError(_("The work plan of FY%(year)s exists already.") % {"year": to_year})
    flags = ReviewFlags()
    for module in app_modules("rollover"):
        module.copy_year(from_year=from_year, to_year=to_year, flags=flags)
    plan = WorkPlan.objects.get(fiscal_year=to_year)
    plan.review_flags = [flag.as_dict() for flag in flags.items]
    plan.save(update_fields=["review_flags"])
    record_audit(
        subject=plan,
        actor=actor,
        action="start_fiscal_year",
        to_state=plan.status,
        note=_("Started from FY%(year)s; %(count)s text(s) to review.")
        % {"year": from_year, "count": len(flags.items)},
    )
    return plan


@transaction.atomic
def mark_reviewed(*, work_plan_id: int, actor) -> WorkPlan:
    """The flagged text has been read and corrected where needed."""
    _require_secretariat(actor)
    plan = WorkPlan.objects.select_for_update().get(pk=work_plan_id)
    if plan.review_flags:
        record_audit(
            subject=plan,
            actor=actor,
            action="review_dated_text",
            from_state=plan.status,
            to_state=plan.status,
            note="; ".join(
                f"{flag['label']} {flag['field']}: {', '.join(flag['expressions'])}"
                for flag in plan.review_flags
            ),
        )
        plan.review_flags = []
        plan.save(update_fields=["review_flags"])
    return plan


@transaction.atomic
def publish_work_plan(*, work_plan_id: int, actor) -> WorkPlan:
    """Publish the plan and its initiatives; not while copied dated text awaits review."""
    _require_secretariat(actor)
    plan = WorkPlan.objects.select_for_update().get(pk=work_plan_id)
    if plan.review_flags:
        raise ServiceError(
            _(
                "%(count)s copied text(s) still name a past year or date. Review them and mark "
                "them reviewed before publishing."
            )
            % {"count": len(plan.review_flags)}
        )
    if plan.status != WorkPlanStatus.PUBLISHED:
        record_audit(
            subject=plan,
            actor=actor,
            action="publish",
            from_state=plan.status,
            to_state=WorkPlanStatus.PUBLISHED,
        )
        plan.status = WorkPlanStatus.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_at"])
        Initiative.objects.filter(fiscal_year=plan.fiscal_year).update(is_public=True)
    return plan
