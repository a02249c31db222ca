"""Pages follow moments that pass without a save: scheduled articles, events that end."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.moments import moment_passed, refresh_pages_for_passed_moments
from eco62.celery import app
from tests.events.conftest import make_event
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def test_a_scheduled_article_reaches_cached_pages_once_its_time_has_passed(client):
    now = timezone.now()
    make_article(title="予約した記事", published_at=now + datetime.timedelta(minutes=1))
    refresh_pages_for_passed_moments(now)
    assert "予約した記事" not in client.get("/news/").text

    later = now + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        assert "予約した記事" not in client.get("/news/").text  # the cached list, as it was
        assert refresh_pages_for_passed_moments(later) is True
        assert "予約した記事" in client.get("/news/").text


def test_nothing_is_refreshed_when_no_moment_passed(client):
    now = timezone.now()
    make_article(title="来月の記事", published_at=now + datetime.timedelta(days=30))
    make_event(start=now + datetime.timedelta(days=3))
    refresh_pages_for_passed_moments(now)

    assert refresh_pages_for_passed_moments(now + datetime.timedelta(minutes=1)) is False
    assert refresh_pages_for_passed_moments(now + datetime.timedelta(minutes=2)) is False


def test_an_event_ending_is_a_moment():
    now = timezone.now()
    event = make_event(start=now - datetime.timedelta(hours=2))
    event_end = event.end

    assert moment_passed(event_end - datetime.timedelta(seconds=30), event_end)
    assert not moment_passed(event_end, event_end + datetime.timedelta(seconds=30))


def test_a_new_day_in_tokyo_is_a_moment_even_with_nothing_scheduled():
    before_midnight = datetime.datetime(2026, 3, 31, 23, 59, 30, tzinfo=TOKYO)
    after_midnight = datetime.datetime(2026, 4, 1, 0, 0, 30, tzinfo=TOKYO)

    assert moment_passed(before_midnight, after_midnight)
    assert not moment_passed(after_midnight, after_midnight + datetime.timedelta(minutes=1))


def test_the_beat_looks_every_minute():
    entry = app.conf.beat_schedule["refresh-pages-for-passed-moments"]
    assert entry["task"] == "core.tasks.refresh_pages_for_passed_moments"
    assert entry["schedule"].remaining_estimate(timezone.now()) <= datetime.timedelta(minutes=1)
