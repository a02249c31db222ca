"""The main navigation, from each app's `AppConfig.navigation`; an entry appears once its URL is
served."""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language


@dataclass(frozen=True)
class NavigationEntry:
    """An app's section in the main navigation, shown by `order` (lowest first)."""

    url_name: str
    label: str | Promise
    order: int


def contributed_entries() -> list[NavigationEntry]:
    """Every installed app's entry by order; equal orders keep INSTALLED_APPS order."""
    entries = [
        config.navigation
        for config in apps.get_app_configs()
        if getattr(config, "navigation", None) is not None
    ]
    return sorted(entries, key=lambda entry: entry.order)


def main_navigation(current_path: str) -> list[dict]:
    return [
        {"url": url, "label": label, "current": current_path.startswith(url) and url != "/"}
        for url, label in _served_entries(get_language())
    ]


@functools.cache
def _served_entries(language: str) -> tuple[tuple[str, str], ...]:
    """(url, label) of every entry whose URL is served, in one language.

    URLs are fixed once the process has started, so they are reversed once per language.
    """
    entries = []
    for entry in contributed_entries():
        try:
            entries.append((reverse(entry.url_name), str(entry.label)))
        except NoReverseMatch:
            continue
    return tuple(entries)
