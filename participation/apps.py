from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    navigation = NavigationEntry("participation:index", _("Joint action"), order=70)
    # Searches, previews and one-person links: nothing a search engine should list.
    private_paths = (
        "/participation/account/",
        "/participation/confirm/",
        "/participation/invitation/",
    )
    # Permissions each role gets in this app, by codename (see accounts.roles).
    # Municipal staff follow the organisations and activities of their municipality; every
    # decision (approval, moderation) is the secretariat's, which gets all permissions anyway.
    role_permissions = {
        "municipal_staff": [
            "view_organisation",
            "view_pledge",
            "view_activity",
            "view_activityversion",
            "view_campaign",
        ],
    }
