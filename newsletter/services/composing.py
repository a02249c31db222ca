"""Composing an issue: the draft from new content, the monthly draft, a test send."""

import datetime

from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.contributions import collect_digest_items
from core.dates import format_month

from ..mail import issue_message, render_issue
from ..models import Issue, IssueItem, IssueStatus, Subscriber, join_codes, join_themes


def _issue_items(issue: Issue, digest_items) -> list[IssueItem]:
    return [
        IssueItem(
            issue=issue,
            position=position,
            kind=item.kind,
            title_ja=Truncator(item.title_ja).chars(300),
            title_en=Truncator(item.title_en).chars(300),
            url=item.url[:300],
            summary_ja=Truncator(item.summary_ja).chars(500),
            summary_en=Truncator(item.summary_en).chars(500),
            themes=join_themes(item.themes),
            municipality_codes=join_codes(item.municipality_codes),
        )
        for position, item in enumerate(digest_items)
    ]


def _general_part(digest_items, language: str) -> str:
    with translation.override(language):
        if not digest_items:
            return _("There is no new content since the previous issue.") + "\n"
        return _("What ECO Net Tokyo 62 and its municipalities published since the last issue.")


def draft_issue_from_new_content(*, actor=None, until: datetime.datetime | None = None) -> Issue:
    """A draft holding what the apps published since the previous issue; never sent by itself.

    The body is the general part; each piece of content is a digest item with the themes and
    municipalities it is about, sent to the subscribers whose choices it matches.
    """
    until = until or timezone.now()
    previous = Issue.objects.exclude(covers_until=None).order_by("-covers_until").first()
    since = previous.covers_until if previous else until - datetime.timedelta(days=31)
    digest_items = collect_digest_items(since=since, until=until)
    with transaction.atomic():
        issue = Issue(covers_since=since, covers_until=until, created_by=actor)
        for language in ("ja", "en"):
            with translation.override(language):
                subject = _("ECO Net Tokyo 62 newsletter, %(month)s") % {
                    "month": format_month(until, language)
                }
            setattr(issue, f"subject_{language}", subject)
            setattr(issue, f"body_{language}", _general_part(digest_items, language))
        issue.save()
        IssueItem.objects.bulk_create(_issue_items(issue, digest_items))
        record_audit(subject=issue, actor=actor, action="draft", to_state=issue.status)
    return issue


def draft_monthly_issue() -> Issue | None:
    """The beat job: one draft per month at most, and only when nothing is waiting already."""
    now = timezone.localtime()
    if Issue.objects.filter(status=IssueStatus.DRAFT).exists():
        return None
    if Issue.objects.filter(covers_until__year=now.year, covers_until__month=now.month).exists():
        return None
    return draft_issue_from_new_content()


def send_test_issue(*, issue_id: int, email: str, language: str) -> None:
    """A copy to the editor's own address, marked as a test, outside the delivery records."""
    issue = Issue.objects.get(pk=issue_id)
    rendered = render_issue(issue, language)
    probe = Subscriber(pk=0, email=email, language=language)
    message = issue_message(rendered, probe, issue_id=issue.pk)
    message.subject = f"[TEST] {message.subject}"
    mailers.default.send_messages([message])
