from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {}
