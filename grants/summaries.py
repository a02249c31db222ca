"""Figures for the secretariat: per-municipality totals of a program, and CSV rows."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from municipalities.models import Municipality

from .models import COMMITTED_STATUSES, Application, GrantProgram, Status

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str | int:
    if isinstance(cell, int):
        return cell
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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


def summary_csv_rows(rows: list[dict]):
    yield [
        _("Local government code"),
        _("Municipality"),
        _("Applications"),
        _("Requested (yen)"),
        _("Granted (yen)"),
        _("Confirmed (yen)"),
        _("Paid (yen)"),
        _("Remaining (yen)"),
    ]
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


def applications_csv_rows(applications):
    yield [
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
    ]
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
            a.requested_amount if a.requested_amount is not None else "",
            a.granted_amount if a.granted_amount is not None else "",
            a.confirmed_amount if a.confirmed_amount is not None else "",
            a.paid_amount if a.paid_amount is not None else "",
            a.submitted_at.isoformat() if a.submitted_at else "",
            a.decided_at.isoformat() if a.decided_at else "",
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
