from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")
    navigation = NavigationEntry("newsletter:index", _("Newsletter"), order=80)
    # Searches, previews and one-person links: nothing a search engine should list.
    private_paths = ("/newsletter/confirm/", "/newsletter/unsubscribe/")
    # Saves of these never change a public page (core.pagecache).
    private_models = ("Subscriber", "Delivery", "Bounce")
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {
        # Editors compose and preview; only the secretariat sends (checked in services too)
        # and sees subscribers' addresses.
        "editor": [
            "add_issue",
            "change_issue",
            "view_issue",
            "change_issueitem",
            "delete_issueitem",
            "view_issueitem",
        ],
    }
