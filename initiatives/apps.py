from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Work plan and initiatives")
    role_permissions = {
        "municipal_staff": ["view_initiative", "view_distribution"],
        "editor": ["view_initiative", "change_initiative", "view_distribution"],
    }
