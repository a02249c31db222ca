"""Builds the messages: confirmation, notices and issues, in the subscriber's language."""

import email.policy
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core.contributions import digest_heading
from core.sanitize import render_markdown

from . import links

# Issues are rendered once per language with these markers, then personalised by replace():
# rendering a template per recipient would dominate the cost of sending 100,000 messages.
UNSUBSCRIBE_MARK = "__ECO62_UNSUBSCRIBE_URL__"
PREFERENCES_MARK = "__ECO62_PREFERENCES_URL__"


# RFC 5322's hard limit for a header line; a URL in angle brackets can only be folded by
# breaking it, which Python does with encoded-words that mail providers do not read as a link.
MAX_HEADER_LINE = 998
UNFOLDED_HEADERS = ("List-Unsubscribe",)


class UnfoldedHeader(str):
    """A header value the generator writes on one line, as it is (see UNFOLDED_HEADERS)."""

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


class IssueEmail(EmailMultiAlternatives):
    """An issue's message whose one-click unsubscribe URL reaches mail providers intact.

    Python folds a header longer than 78 characters; a URL has no space to fold at, so it
    would be written as =?utf-8?q?...?= words, and Gmail and others then offer no unsubscribe
    button (RFC 8058). The header stays on one line, as RFC 5322 allows up to 998 characters.
    """

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        for name in UNFOLDED_HEADERS:
            value = message.get(name)
            if value is not None and len(name) + 2 + len(str(value)) <= MAX_HEADER_LINE:
                del message[name]
                message.set_raw(name, UnfoldedHeader(name, str(value)))
        return message


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str


def items_for(items, subscriber) -> list:
    """The digest items a subscriber receives: those matching their themes and municipalities."""
    themes = set(subscriber.theme_list)
    places = set(subscriber_municipality_codes(subscriber))
    return [item for item in items if item.matches(themes=themes, municipality_codes=places)]


def subscriber_municipality_codes(subscriber) -> list[str]:
    if subscriber.pk is None or subscriber.pk == 0:
        return []
    cache = getattr(subscriber, "_prefetched_objects_cache", {})
    if "municipalities" in cache:
        return [m.pk for m in cache["municipalities"]]
    return list(subscriber.municipalities.values_list("pk", flat=True))


def digest_markdown(items, language: str) -> str:
    """The digest's sections in the issue's language: a translated heading per app, then items."""
    prefix = "" if language == "ja" else f"/{language}"
    site = settings.SITE_URL.rstrip("/")
    lines: list[str] = []
    with translation.override(language):
        kinds = list(dict.fromkeys(item.kind for item in items))
        for kind in kinds:
            lines.append(f"## {digest_heading(kind)}\n")
            for item in (i for i in items if i.kind == kind):
                title = getattr(item, f"title_{language}", "") or item.title_ja
                summary = getattr(item, f"summary_{language}", "") or item.summary_ja
                link = f"- [{title}]({site}{prefix}{item.url})"
                lines.append(link + (f" — {summary}" if summary else ""))
            lines.append("")
    return "\n".join(lines)


def issue_markdown(issue, language: str, items) -> str:
    """The general part (the issue's body) followed by the digest sections given."""
    body = getattr(issue, f"body_{language}", "") or issue.body_ja
    digest = digest_markdown(items, language)
    return f"{body.rstrip()}\n\n{digest}".rstrip() + "\n" if digest else body


def render_issue(issue, language: str, items=None) -> RenderedIssue:
    """The message in one language, with `items` of its digest (all of them by default)."""
    if items is None:
        items = list(issue.items.all()) if issue.pk else []
    with translation.override(language):
        subject = getattr(issue, f"subject_{language}", "") or issue.subject_ja
        body = issue_markdown(issue, language, items)
        context = {
            "issue": issue,
            "subject": subject,
            "body_text": body,
            "body_html": render_markdown(body),
            "unsubscribe_url": UNSUBSCRIBE_MARK,
            "preferences_url": PREFERENCES_MARK,
            "site_url": settings.SITE_URL,
            "language": language,
        }
        return RenderedIssue(
            subject=subject,
            text=render_to_string("newsletter/email/issue.txt", context),
            html=render_to_string("newsletter/email/issue.html", context),
        )


def message_id_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "eco62.example"


def issue_message(
    rendered: RenderedIssue, subscriber, *, issue_id: int, message_id: str = ""
) -> IssueEmail:
    unsubscribe = links.unsubscribe_url(subscriber)
    preferences = links.preferences_url(subscriber)

    def personal(text: str) -> str:
        return text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)

    message = IssueEmail(
        subject=rendered.subject,
        body=personal(rendered.text),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            # RFC 8058: the POST to this URL unsubscribes without any further page.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "ECO Net Tokyo 62 newsletter <newsletter.eco62.example>",
            "X-ECO62-Issue": str(issue_id),
        },
    )
    if message_id:
        # One Message-ID per delivery: should a crash between the server's acceptance and our
        # commit cause a resend, mail systems that de-duplicate by Message-ID show it once.
        message.extra_headers["Message-ID"] = message_id
    message.attach_alternative(personal(rendered.html), "text/html")
    return message


def notice_message(subscriber, *, template: str, subject: str) -> EmailMultiAlternatives:
    """A confirmation or an 'already subscribed' notice; `subject` is a lazy translation."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": links.confirm_url(subscriber),
            "preferences_url": links.preferences_url(subscriber),
            "unsubscribe_url": links.unsubscribe_url(subscriber),
            "site_url": settings.SITE_URL,
        }
        return EmailMultiAlternatives(
            subject=str(subject),
            body=render_to_string(f"newsletter/email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
        )
