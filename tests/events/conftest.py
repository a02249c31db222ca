import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import Category, Event, RegistrationMode, Visibility

_counter = itertools.count(1)


def make_event(**overrides) -> Event:
    start = overrides.pop("start", timezone.now() + datetime.timedelta(days=10))
    values = {
        "title_ja": f"森林セラピー体験 {next(_counter)}",
        "description_ja": "奥多摩の森を歩きます。",
        "category": Category.PUBLIC_COURSE,
        "municipality_id": "133086",  # 奥多摩町
        "venue_name_ja": "奥多摩町 森林セラピーロード",
        "venue_address": "東京都西多摩郡奥多摩町",
        "start": start,
        "end": start + datetime.timedelta(hours=3),
        "visibility": Visibility.PUBLIC,
        "registration_mode": RegistrationMode.FIRST_COME,
        "capacity": 10,
        "max_party_size": 4,
    }
    values.update(overrides)
    return Event.objects.create(**values)


def registrant(n: int = 1, **overrides) -> dict:
    values = {
        "name": f"山田 花子{n}",
        "kana": "ヤマダ ハナコ",
        "email": f"hanako{n}@example.jp",
        "phone": "090-1234-5678",
        "party_size": 1,
        "privacy_consent": True,
        "language": "en",
    }
    values.update(overrides)
    return values


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def immediate_on_commit(monkeypatch):
    """In tests wrapped in one transaction nothing commits: run on_commit work at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """A request to /en/ leaves English active in the test thread; start each test in Japanese."""
    from django.utils import translation

    with translation.override("ja"):
        yield
