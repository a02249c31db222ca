from django.utils.translation import get_language

from core.sections import Section

from .models import Issue


def home_figures():
    newest = Issue.objects.sent().order_by("-sent_at", "-pk")
    return {
        "pk": newest.values("pk")[:1],
        "subject_ja": newest.values("subject_ja")[:1],
        "subject_en": newest.values("subject_en")[:1],
    }


def home_section(request, figures):
    """The newest sent issue; an English subject left empty falls back to Japanese."""
    latest = None
    if figures["pk"]:
        english = (get_language() or "ja").startswith("en") and figures["subject_en"]
        latest = {
            "pk": figures["pk"],
            "subject": figures["subject_en"] if english else figures["subject_ja"],
        }
    return Section(template="newsletter/home_section.html", context={"latest": latest})
