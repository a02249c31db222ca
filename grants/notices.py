"""Issuing the official notices of the grant course (通知書) and writing their PDFs.

A notice is issued inside the transaction of the move that decides it, so its number is taken
under the year's numbering lock and is lost if the move is refused: numbers have no gaps. The
PDF is written after the commit by the move's e-mail task (which attaches it), or on the first
download, from what the notice recorded when it was issued; it is written once, never replaced.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit
from core.fiscal import fiscal_year_of
from core.printing import html_to_pdf
from core.workflow import ServiceError

from .models import (
    NOTICE_OF_MOVE,
    ChangeRequest,
    GrantNotice,
    Move,
    NoticeKind,
    NoticeSeries,
)

NOTICE_CSS = Path(__file__).resolve().parent / "static" / "grants" / "notice.css"


def locked_series(fiscal_year: int) -> NoticeSeries:
    """The year's numbering row, locked; a new year starts with last year's prefix and issuer."""
    if not NoticeSeries.objects.filter(fiscal_year=fiscal_year).exists():
        previous = NoticeSeries.objects.filter(fiscal_year__lt=fiscal_year).first()
        settings = (
            {
                "prefix": previous.prefix,
                "issuer_body": previous.issuer_body,
                "issuer_title": previous.issuer_title,
                "issuer_name": previous.issuer_name,
            }
            if previous
            else {}
        )
        NoticeSeries.objects.bulk_create(
            [NoticeSeries(fiscal_year=fiscal_year, **settings)], ignore_conflicts=True
        )
    return NoticeSeries.objects.select_for_update().get(fiscal_year=fiscal_year)


def _next_number(series: NoticeSeries) -> int:
    """Caller holds the series lock: recount, never trust a stored counter."""
    latest = GrantNotice.objects.filter(series=series).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


def _content_of(application, kind: str) -> dict:
    program = application.program
    reason = application.secretariat_note or ""
    if kind == NoticeKind.CHANGE_APPROVAL:
        change = (
            application.change_requests.filter(outcome=ChangeRequest.Outcome.APPROVED)
            .order_by("-pk")
            .first()
        )
        reason = change.reason if change else reason
    return {
        "addressee": f"{application.municipality.head_title} 殿",
        "program_title": program.title_ja or program.title,
        "program_fiscal_year": program.fiscal_year,
        "project_title": application.title_ja or application.title,
        "applied_on": timezone.localdate(application.submitted_at)
        if application.submitted_at
        else None,
        "granted_amount": application.granted_amount,
        "confirmed_amount": application.confirmed_amount
        if kind == NoticeKind.CONFIRMATION
        else None,
        "reason": reason,
        "conditions": program.notice_conditions if kind != NoticeKind.RETURN else "",
    }


def _issue(*, application, kind: str, actor, content: dict, **extra) -> GrantNotice:
    today = timezone.localdate()
    series = locked_series(fiscal_year_of(today))
    number = _next_number(series)
    notice = GrantNotice.objects.create(
        application=application,
        kind=kind,
        series=series,
        number=number,
        number_text=series.number_text(number),
        issued_on=today,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issuer_body=series.issuer_body,
        issuer_title=series.issuer_title,
        issuer_name=series.issuer_name,
        **content,
        **extra,
    )
    return notice


def issue_notice(*, application, kind: str, actor, audit_entry=None) -> GrantNotice:
    """A notice of the application as it stands; caller is inside the deciding transaction."""
    return _issue(
        application=application,
        kind=kind,
        actor=actor,
        content=_content_of(application, kind),
        audit_entry=audit_entry,
    )


def issue_notice_for_move(*, application, move: Move, actor, audit_entry) -> GrantNotice | None:
    """The notice a deciding move issues, if it is one (models.NOTICE_OF_MOVE)."""
    kind = NOTICE_OF_MOVE.get(move)
    if kind is None:
        return None
    return issue_notice(application=application, kind=kind, actor=actor, audit_entry=audit_entry)


CONTENT_FIELDS = (
    "addressee",
    "program_title",
    "program_fiscal_year",
    "project_title",
    "applied_on",
    "granted_amount",
    "confirmed_amount",
    "reason",
    "conditions",
)


@transaction.atomic
def reissue_notice(*, notice: GrantNotice, actor) -> GrantNotice:
    """A new numbered notice with the same content and today's issuer; it supersedes the old."""
    if not is_secretariat(actor):
        raise ServiceError(_("Only the secretariat may reissue a notice."))
    old = GrantNotice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    if GrantNotice.objects.filter(supersedes=old).exists():
        raise ServiceError(
            _("%(number)s was already reissued; reissue the newer notice.")
            % {"number": old.number_text}
        )
    new = _issue(
        application=old.application,
        kind=old.kind,
        actor=actor,
        content={field: getattr(old, field) for field in CONTENT_FIELDS},
        supersedes=old,
    )
    record_audit(
        subject=old.application,
        actor=actor,
        action="reissue_notice",
        from_state=old.application.status,
        to_state=old.application.status,
        note=f"{old.number_text} → {new.number_text}",
    )
    return new


def render_notice_html(notice: GrantNotice) -> str:
    with translation.override("ja"):
        return render_to_string("grants/notices/notice.html", {"notice": notice})


def write_notice_pdf(*, notice_id: int) -> GrantNotice:
    """The notice's PDF, written once; a second call (a task run twice) changes nothing."""
    notice = GrantNotice.objects.select_related("series").get(pk=notice_id)
    if notice.pdf:
        return notice
    pdf = html_to_pdf(render_notice_html(notice), stylesheets=[NOTICE_CSS])
    with transaction.atomic():
        notice = GrantNotice.objects.select_for_update().select_related("series").get(pk=notice_id)
        if not notice.pdf:
            notice.pdf.save("notice.pdf", ContentFile(pdf), save=False)
            notice.save(update_fields=["pdf"])
    return notice
