from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {}
