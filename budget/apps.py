from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Program budget")
    # Only the secretariat keeps the program's budget; it gets every permission of an app that
    # declares anything, so the entry must not be empty.
    role_permissions = {"secretariat": []}
    private_models = ("BudgetLine", "Expenditure")
