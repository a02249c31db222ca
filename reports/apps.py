import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    # Permissions each role gets in this app, by codename (see accounts.roles).
    def ready(self):
        # WeasyPrint logs every layout step at INFO; one report would fill the worker's log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    role_permissions = {
        # Municipal staff see what their municipality received; the secretariat does the rest.
        "municipal_staff": ["view_distribution", "view_initiative"],
    }
