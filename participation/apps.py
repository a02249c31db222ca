from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    # Permissions each role gets in this app, by codename (see accounts.roles).
    role_permissions = {}
