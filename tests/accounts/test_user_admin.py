"""The user admin: organisation logins stay non-staff; the e-mail language is editable."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from accounts.admin import UserAdmin
from accounts.models import User
from participation.models import MemberRole, Membership
from tests.participation.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    make_organisation("千代田小学校", "131016", member_email="teacher@school.example.jp")
    return User.objects.get(email="teacher@school.example.jp")


def admin_form(user, actor, **changes):
    request = RequestFactory().post("/admin/")
    request.user = actor
    model_admin = UserAdmin(User, admin.site)
    form_class = model_admin.get_form(request, user, change=True)
    data = {
        "email": user.email,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "language": getattr(user, "language", "ja"),
    }
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    return form_class(data, instance=user)


def test_an_organisation_login_cannot_be_made_staff(member, secretariat_user):
    with translation.override("en"):
        form = admin_form(member, secretariat_user, is_staff="on")
        assert not form.is_valid()
        assert "cannot be given staff status" in form.errors["is_staff"][0]
    with translation.override("ja"):
        form = admin_form(member, secretariat_user, is_staff="on")
        assert not form.is_valid()
        assert "スタッフ" in form.errors["is_staff"][0]
    member.refresh_from_db()
    assert not member.is_staff


def test_the_model_refuses_staff_status_with_a_membership(member):
    member.is_staff = True
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "is_staff" in error.value.message_dict


def test_an_account_without_membership_can_be_made_staff(secretariat_user):
    user = User.objects.create_user(email="new.staff@example.jp")
    form = admin_form(user, secretariat_user, is_staff="on")
    assert form.is_valid(), form.errors
    # and one with a membership row stays editable while it is not staff
    org = make_organisation("八王子エコ株式会社", "132012")
    Membership.objects.create(user=user, organisation=org, role=MemberRole.REPRESENTATIVE)
    user.refresh_from_db()
    assert admin_form(user, secretariat_user).is_valid()
