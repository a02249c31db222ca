from django.core.cache import cache
from django.utils.translation import get_language

from core.sections import Section

from .models import Issue

LATEST_ISSUE_KEY = "newsletter:home:latest-issue:{language}"


def latest_issue_summary() -> dict | None:
    """The newest sent issue for the home page; cached because every visitor asks for it."""
    language = (get_language() or "ja")[:2]
    key = LATEST_ISSUE_KEY.format(language=language)
    summary = cache.get(key)
    if summary is None:
        issue = Issue.objects.sent().order_by("-sent_at").first()
        summary = {"pk": issue.pk, "subject": issue.subject} if issue else {}
        cache.set(key, summary, timeout=600)
    return summary or None


def forget_latest_issue() -> None:
    cache.delete_many([LATEST_ISSUE_KEY.format(language=code) for code in ("ja", "en")])


def home_section(request):
    return Section(
        template="newsletter/home_section.html", context={"latest": latest_issue_summary()}
    )
