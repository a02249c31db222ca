from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffsetsConfig(AppConfig):
    name = "offsets"
    verbose_name = _("Carbon offsets")
    # Credits are bought jointly: only the secretariat (which gets every permission) manages them.
    role_permissions = {}
