"""Figures for the secretariat: per-municipality totals of a program, and CSV rows."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import COMMITTED_STATUSES, Application, GrantProgram, Status


def municipality_summary(program: GrantProgram, *, region: str = "") -> list[dict]:
    """One row per municipality (all 62): requested, granted, confirmed, paid and remaining."""
    submitted = ~Q(grant_applications__status__in=(Status.DRAFT, Status.WITHDRAWN))
    in_program = Q(grant_applications__program=program)
    committed = in_program & Q(grant_applications__status__in=COMMITTED_STATUSES)
    municipalities = Municipality.objects.ordered()
    if region:
        municipalities = municipalities.filter(region=region)
    municipalities = municipalities.annotate(
        applications=Count("grant_applications", filter=in_program & submitted),
        requested=Coalesce(
            Sum("grant_applications__requested_amount", filter=in_program & submitted), 0
        ),
        granted=Coalesce(Sum("grant_applications__granted_amount", filter=committed), 0),
        committed=Coalesce(
            Sum(
                Coalesce(
                    "grant_applications__confirmed_amount", "grant_applications__granted_amount"
                ),
                filter=committed,
            ),
            0,
        ),
        confirmed=Coalesce(Sum("grant_applications__confirmed_amount", filter=committed), 0),
        paid=Coalesce(Sum("grant_applications__paid_amount", filter=committed), 0),
    )
    return [
        {
            "municipality": m,
            "applications": m.applications,
            "requested": m.requested,
            "granted": m.granted,
            "confirmed": m.confirmed,
            "paid": m.paid,
            "remaining": max(program.cap_per_municipality - m.committed, 0),
        }
        for m in municipalities
    ]


SUMMARY_HEADER = (
    _("Local government code"),
    _("Municipality"),
    _("Applications"),
    _("Requested (yen)"),
    _("Granted (yen)"),
    _("Confirmed (yen)"),
    _("Paid (yen)"),
    _("Remaining (yen)"),
)


def summary_rows(rows: list[dict]):
    """The rows of the per-municipality summary, for core.exports."""
    for row in rows:
        yield [
            row["municipality"].code,
            row["municipality"].name,
            row["applications"],
            row["requested"],
            row["granted"],
            row["confirmed"],
            row["paid"],
            row["remaining"],
        ]


APPLICATION_HEADER = (
    _("ID"),
    _("Fiscal year"),
    _("Local government code"),
    _("Municipality"),
    _("Project title"),
    _("Status"),
    _("Requested (yen)"),
    _("Granted (yen)"),
    _("Confirmed (yen)"),
    _("Paid (yen)"),
    _("Submitted at"),
    _("Decided at"),
    _("Contact person"),
    _("Contact e-mail"),
)


def application_rows(applications):
    """One row per application, for core.exports (times are written in Tokyo there)."""
    for a in (
        applications.iterator(chunk_size=500) if hasattr(applications, "iterator") else applications
    ):
        yield [
            a.pk,
            a.program.fiscal_year,
            a.municipality_id,
            a.municipality.name,
            a.title,
            a.get_status_display(),
            a.requested_amount,
            a.granted_amount,
            a.confirmed_amount,
            a.paid_amount,
            a.submitted_at,
            a.decided_at,
            a.contact_name,
            a.contact_email,
        ]


def fiscal_year_totals(fiscal_year: int) -> dict:
    """For the annual report: what was decided, confirmed and paid in a fiscal year's program."""
    applications = Application.objects.filter(program__fiscal_year=fiscal_year)
    committed = applications.filter(status__in=COMMITTED_STATUSES)
    totals = committed.aggregate(
        decided=Count("pk"),
        municipalities=Count("municipality", distinct=True),
        granted=Coalesce(Sum("granted_amount"), 0),
        confirmed=Coalesce(Sum("confirmed_amount"), 0),
        paid=Coalesce(Sum("paid_amount"), 0),
    )
    totals["paid_count"] = committed.filter(status=Status.PAID).count()
    return totals
