from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    navigation = NavigationEntry("events:index", _("Events"), order=30)
    # Searches, previews and one-person links: nothing a search engine should list.
    private_paths = ("/events/cancel/",)
    # Moments at which public pages change by themselves (core.moments).
    timed_fields = (
        "Event.start",
        "Event.end",
        "Event.registration_opens",
        "Event.registration_closes",
    )
    # Registrations show publicly only as seat counts, refreshed through their own cache scope
    # (services.SEATS_SCOPE) rather than by emptying every cached page.
    private_models = ("Registration",)
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {
        "municipal_staff": [
            "add_event",
            "change_event",
            "view_event",
            "view_registration",
            "change_registration",
        ],
        "editor": ["view_event", "change_event"],
    }
