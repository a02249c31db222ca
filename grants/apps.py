from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")
    navigation = NavigationEntry("grants:index", _("Grant projects"), order=60)
    # Moments at which public pages change by themselves (core.moments).
    timed_fields = (
        "GrantProgram.opens_at",
        "GrantProgram.closes_at",
    )
    # Saves of these never change a public page (core.pagecache).
    private_models = (
        "GrantLedger",
        "BudgetLine",
        "Attachment",
        "ChangeRequest",
        "NotificationSent",
        "NoticeSeries",
        "GrantNotice",
    )
    # Permissions each role gets in this app, by codename (see accounts.roles). The secretariat
    # gets every permission; which moves each side may make is decided in services.py.
    role_permissions = {
        "municipal_staff": [
            "view_grantprogram",
            "view_costcategory",
            "add_application",
            "change_application",
            "view_application",
            "delete_application",
            "add_budgetline",
            "change_budgetline",
            "delete_budgetline",
            "view_budgetline",
            "add_attachment",
            "change_attachment",
            "delete_attachment",
            "view_attachment",
            "add_reportphoto",
            "change_reportphoto",
            "delete_reportphoto",
            "view_reportphoto",
            "view_changerequest",
            "view_grantnotice",
        ],
    }
