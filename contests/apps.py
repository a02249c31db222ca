from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")
    navigation = NavigationEntry("contests:index", _("Contests"), order=40)
    # Searches, previews and one-person links: nothing a search engine should list.
    private_paths = ("/contests/entry/confirm/", "/contests/vote/confirm/", "/contests/manage/")
    # Moments at which public pages change by themselves (core.moments).
    timed_fields = (
        "Contest.announced_at",
        "Contest.entries_open_at",
        "Contest.entries_close_at",
        "Contest.judging_starts_at",
        "Contest.results_published_at",
    )
    # Saves of these never change a public page before results (core.pagecache).
    private_models = ("Review", "CriterionScore", "PublicVote")
    # Permissions each role gets in this app, by codename (see accounts.roles).
    # Municipal staff may look at the entries from their own municipality (scoped in the
    # admin); judges work only in the blind judging pages, never in the admin.
    role_permissions = {
        "municipal_staff": ["view_contest", "view_category", "view_entry"],
    }
