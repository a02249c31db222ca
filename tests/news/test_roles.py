import pytest
from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES, Role

pytestmark = pytest.mark.django_db


def codenames(role: Role, app_label: str) -> set[str]:
    group = Group.objects.get(name=GROUP_NAMES[role])
    return set(
        group.permissions.filter(content_type__app_label=app_label).values_list(
            "codename", flat=True
        )
    )


def test_editors_publish_and_staff_only_draft():
    assert "publish_article" in codenames(Role.EDITOR, "news")
    assert "publish_article" not in codenames(Role.MUNICIPAL_STAFF, "news")
    assert {"add_article", "change_article"} <= codenames(Role.MUNICIPAL_STAFF, "news")
    assert "publish_article" in codenames(Role.SECRETARIAT, "news")


def test_only_editors_and_the_secretariat_write_the_academy():
    assert {"add_lesson", "change_lesson"} <= codenames(Role.EDITOR, "academy")
    assert codenames(Role.MUNICIPAL_STAFF, "academy") == {"view_course", "view_lesson"}
    assert codenames(Role.JUDGE, "academy") == set()
