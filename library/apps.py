from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Library")
    role_permissions = {
        "editor": [
            "view_document",
            "add_document",
            "change_document",
            "view_documentversion",
            "add_documentversion",
        ],
    }
