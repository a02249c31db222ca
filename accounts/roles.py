"""The four staff roles, kept as groups; each app says which permissions a role gets."""

from django.apps import apps
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from core.scoping import Scope


class Role(TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat (事務局)")
    MUNICIPAL_STAFF = "municipal_staff", _("Municipal staff (市区町村担当者)")
    EDITOR = "editor", _("Editor (編集者)")
    JUDGE = "judge", _("Judge (審査員)")


# Group names are the Japanese role names the program uses.
GROUP_NAMES = {
    Role.SECRETARIAT: "事務局",
    Role.MUNICIPAL_STAFF: "市区町村担当者",
    Role.EDITOR: "編集者",
    Role.JUDGE: "審査員",
}


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if role == Role.SECRETARIAT and user.is_superuser:
        return True
    return GROUP_NAMES[role] in _group_names(user)


def _group_names(user) -> set[str]:
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def is_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT)


def municipality_scope(user) -> Scope:
    """Which municipalities an active, signed-in user's records may come from."""
    if user.is_superuser or has_role(user, Role.SECRETARIAT):
        return Scope(every_municipality=True)
    if user.municipality_code is not None:
        return Scope(every_municipality=False, municipality_code=user.municipality_code)
    # Editors and judges employed by the secretariat have no municipality and work across all.
    if has_role(user, Role.EDITOR) or has_role(user, Role.JUDGE):
        return Scope(every_municipality=True)
    return Scope(every_municipality=False)


def sync_role_permissions(**_kwargs) -> None:
    """Give each role group the permissions the apps declare (AppConfig.role_permissions).

    The secretariat gets every permission of the portal's apps. Runs after every migrate.
    """
    from django.contrib.auth.models import Group, Permission

    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in GROUP_NAMES.items()}
    wanted: dict[Role, set[Permission]] = {role: set() for role in Role}
    for app_config in apps.get_app_configs():
        declared = getattr(app_config, "role_permissions", None)
        if declared is None:
            continue
        app_permissions = {
            p.codename: p
            for p in Permission.objects.filter(content_type__app_label=app_config.label)
        }
        wanted[Role.SECRETARIAT].update(app_permissions.values())
        for role, codenames in declared.items():
            wanted[Role(role)].update(app_permissions[c] for c in codenames if c in app_permissions)
    for role, group in groups.items():
        group.permissions.set(wanted[role])
