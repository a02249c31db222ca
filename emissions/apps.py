from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class EmissionsConfig(AppConfig):
    name = "emissions"
    verbose_name = _("Emissions")
    navigation = NavigationEntry("emissions:index", _("Emissions"), order=50)
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {
        # Municipal staff keep their own base year and target, and may check editions
        # (drafts included) before the secretariat publishes them.
        "municipal_staff": [
            "view_municipalitytarget",
            "change_municipalitytarget",
            "view_edition",
        ],
        "editor": ["view_edition"],
    }

    def ready(self):
        from . import signals

        signals.connect()
