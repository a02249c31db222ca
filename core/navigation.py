"""The main navigation; an entry appears once its app serves the named URL."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = (
    ("news:index", _("News")),
    ("academy:index", _("Eco Academy")),
    ("events:index", _("Events")),
    ("contests:index", _("Contests")),
    ("emissions:index", _("Emissions")),
    ("grants:index", _("Grant projects")),
    ("participation:index", _("Joint action")),
    ("newsletter:index", _("Newsletter")),
    ("reports:index", _("Reports")),
    ("municipalities:index", _("Municipalities")),
)


def main_navigation(current_path: str) -> list[dict]:
    entries = []
    for url_name, label in MAIN_NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {"url": url, "label": label, "current": current_path.startswith(url) and url != "/"}
        )
    return entries
