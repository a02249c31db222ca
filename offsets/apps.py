from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffsetsConfig(AppConfig):
    name = "offsets"
    verbose_name = _("Carbon offsets")
    # Credits are bought jointly: only the secretariat manages them. It gets every permission of
    # an app that declares anything, so the entry must not be empty.
    role_permissions = {"secretariat": []}
