"""Composing an issue: the draft from new content, the monthly draft, a test send."""

import datetime

from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_audit
from core.contributions import collect_digest_items

from .. import links
from ..mail import issue_message, render_issue
from ..models import Issue, IssueStatus, Subscriber

KIND_LABELS = {
    "news": gettext_lazy("Eco news"),
    "events": gettext_lazy("Events"),
    "academy": gettext_lazy("Eco academy"),
}


def _digest_body(items, language: str) -> str:
    prefix = "" if language == "ja" else f"/{language}"
    site = links.absolute_url("core:home", language="ja").rstrip("/")
    lines: list[str] = []
    with translation.override(language):
        if not items:
            return _("There is no new content since the previous issue.") + "\n"
        kinds = list(dict.fromkeys(item.kind for item in items))
        for kind in kinds:
            lines.append(f"## {KIND_LABELS.get(kind, kind.title())}\n")
            for item in (i for i in items if i.kind == kind):
                title = getattr(item, f"title_{language}") or item.title_ja
                summary = getattr(item, f"summary_{language}") or item.summary_ja
                lines.append(
                    f"- [{title}]({site}{prefix}{item.url})" + (f" — {summary}" if summary else "")
                )
            lines.append("")
    return "\n".join(lines)


def draft_issue_from_new_content(*, actor=None, until: datetime.datetime | None = None) -> Issue:
    """A draft holding what the apps published since the previous issue; never sent by itself."""
    until = until or timezone.now()
    previous = Issue.objects.exclude(covers_until=None).order_by("-covers_until").first()
    since = previous.covers_until if previous else until - datetime.timedelta(days=31)
    items = collect_digest_items(since=since, until=until)
    local = timezone.localtime(until)
    with transaction.atomic():
        issue = Issue(covers_since=since, covers_until=until, created_by=actor)
        for language in ("ja", "en"):
            with translation.override(language):
                subject = _("ECO Net Tokyo 62 newsletter, %(month)s") % {
                    "month": f"{local.year}年{local.month}月"
                    if language == "ja"
                    else local.strftime("%B %Y")
                }
            setattr(issue, f"subject_{language}", subject)
            setattr(issue, f"body_{language}", _digest_body(items, language))
        issue.save()
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


def send_test_issue(*, issue: Issue, email: str, language: str) -> None:
    """A copy to the editor's own address, marked as a test, outside the delivery records."""
    rendered = render_issue(issue, language)
    probe = Subscriber(pk=0, email=email, language=language)
    message = issue_message(rendered, probe, issue_id=issue.pk)
    message.subject = f"[TEST] {message.subject}"
    mailers.default.send_messages([message])
