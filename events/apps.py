from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
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
