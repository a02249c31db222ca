"""The main navigation; an entry appears once its app serves the named URL."""

import functools

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
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
    ("library:index", _("Library")),
    ("municipalities:index", _("Municipalities")),
)


def main_navigation(current_path: str) -> list[dict]:
    return [
        {"url": url, "label": label, "current": current_path.startswith(url) and url != "/"}
        for url, label in _served_entries(get_language())
    ]


@functools.cache
def _served_entries(language: str) -> tuple[tuple[str, str], ...]:
    """(url, label) of every entry whose app is installed, in one language.

    URLs are fixed once the process has started, so they are reversed once per language.
    """
    entries = []
    for url_name, label in MAIN_NAVIGATION:
        try:
            entries.append((reverse(url_name), str(label)))
        except NoReverseMatch:
            continue
    return tuple(entries)
