from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Library")
    navigation = NavigationEntry("library:index", _("Library"), order=100)
    role_permissions = {
        "editor": [
            "view_document",
            "add_document",
            "change_document",
            "view_documentversion",
            "add_documentversion",
        ],
    }
