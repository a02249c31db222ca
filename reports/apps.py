from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    navigation = NavigationEntry("reports:index", _("Reports"), order=90)

    # Permissions each role gets in this app, by codename (see accounts.roles).
    # Only the secretariat builds and publishes reports; what a municipality received is the
    # initiatives app's (and its role permissions).
    role_permissions: dict[str, list[str]] = {}
