from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    first = StringIO()
    call_command("seed_demo", stdout=first)
    after_first = row_counts()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert row_counts() == after_first
    assert "password:" in first.getvalue()
    assert "password:" not in second.getvalue()
