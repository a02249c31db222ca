import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role, is_secretariat


@pytest.mark.django_db
def test_the_four_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())


@pytest.mark.django_db
def test_municipal_staff_role_gets_the_permissions_apps_declare():
    staff = Group.objects.get(name=GROUP_NAMES[Role.MUNICIPAL_STAFF])
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert "change_municipality" in codenames
    assert "delete_municipality" not in codenames


@pytest.mark.django_db
def test_users_sign_in_with_email(client):
    User.objects.create_user(
        email="Someone@Example.JP", password="a long passphrase 1", is_staff=True
    )
    assert client.login(email="someone@example.jp", password="a long passphrase 1")


@pytest.mark.django_db
def test_secretariat_role(secretariat_user, chiyoda_staff):
    assert is_secretariat(secretariat_user)
    assert not is_secretariat(chiyoda_staff)


@pytest.mark.django_db
def test_only_the_secretariat_role_manages_accounts_and_reads_the_access_log():
    def codenames(role):
        group = Group.objects.get(name=GROUP_NAMES[role])
        return set(group.permissions.values_list("codename", flat=True))

    assert {"view_accessevent", "change_user", "view_signinlockout"} <= codenames(Role.SECRETARIAT)
    for role in (Role.MUNICIPAL_STAFF, Role.EDITOR, Role.JUDGE):
        assert not codenames(role) & {"view_accessevent", "change_user", "view_user"}


@pytest.mark.django_db
def test_the_secretariat_cannot_make_anyone_a_superuser(client, secretariat_user, chiyoda_staff):
    client.force_login(secretariat_user)
    page = client.get(f"/admin/accounts/user/{chiyoda_staff.pk}/change/")
    assert "is_superuser" not in page.context["adminform"].form.fields
    assert "user_permissions" not in page.context["adminform"].form.fields
