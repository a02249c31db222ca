from core.sections import Section

from .models import Issue


def home_section(request):
    latest = (
        Issue.objects.sent().order_by("-sent_at").only("pk", "subject_ja", "subject_en").first()
    )
    return Section(template="newsletter/home_section.html", context={"latest": latest})
