from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    # Saves of these never change a public page (core.pagecache).
    private_models = ("User", "StaffProfile", "AccessEvent", "SignInLockout")
    # Declaring any role gives the secretariat every accounts permission: managing staff
    # accounts, reading the access log and clearing sign-in lockouts. No other role gets any.
    role_permissions = {"secretariat": ["view_accessevent"]}

    def ready(self):
        from core.exports import register_access_log
        from core.scoping import StaffRules, register_staff_rules

        from . import checks, signals  # noqa: F401  (registers the deploy check and receivers)
        from .roles import is_secretariat, municipality_scope
        from .services import record_personal_data_export

        register_access_log(record_personal_data_export)
        register_staff_rules(StaffRules(scope_of=municipality_scope, is_secretariat=is_secretariat))

        post_migrate.connect(sync_roles_after_last_app, dispatch_uid="accounts.sync_roles")


def sync_roles_after_last_app(sender, **kwargs):
    # post_migrate is sent once per app that has models; after the last one, every
    # app's permissions exist and the role groups can be given theirs.
    apps_with_models = [
        config for config in apps.get_app_configs() if config.models_module is not None
    ]
    if sender is apps_with_models[-1]:
        from .roles import sync_role_permissions

        sync_role_permissions()
