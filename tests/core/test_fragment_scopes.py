"""Each cached fragment follows the records it shows, and only those (core.fragments `reads`).

A fragment's key holds the versions of the apps it declares it reads. Checked against the
tables its page really queries with nothing cached: a save of each public model it read makes
the page read that model's table again, so no declared app is missing; and a save in an app
it does not read leaves the fragment cached, so a publish elsewhere costs it nothing.
"""

import io
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from core.pagecache import IGNORED_APP_LABELS, _private_models, forget_local_state
from events.models import Event
from news.models import Article

# Written in bulk with their edition before it is public, and never changed after
# (emissions.services.calculation): a save of the edition stands for them.
WRITTEN_WITH_ANOTHER = {"emissions.EmissionResult"}
# What a page still asks with its fragment cached: a filter form's municipality choices.
OUTSIDE_FRAGMENT_QUERIES = 1


def _fragment_pages() -> list[str]:
    article = Article.objects.published().order_by("-published_at").first()
    event = Event.objects.public().order_by("-start").first()
    return [
        "/",
        "/en/",
        "/news/",
        "/en/news/",
        article.get_absolute_url(),
        "/academy/kids-warming/1/",
        "/events/",
        event.get_absolute_url(),
        "/emissions/",
        "/emissions/131211/",
        "/municipalities/131211/",
        "/grants/",
        "/library/",
    ]


def _models_by_table():
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def _reads(path: str, client) -> tuple[int, set[str]]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    tables = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'"(\w+)"', query["sql"])
    }
    return len(queries), tables


def _public(model) -> bool:
    return (
        model._meta.app_label not in IGNORED_APP_LABELS
        and model._meta.label not in _private_models()
        and model._meta.label not in WRITTEN_WITH_ANOTHER
    )


def _signal_a_save(model) -> None:
    """What saving one of the model's rows signals, to every receiver (caches, figures)."""
    post_save.send(
        sender=model, instance=model.objects.first(), created=False, raw=False, using="default"
    )


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def _cold(client, path):
    cache.clear()
    forget_local_state()
    return _reads(path, client)


@pytest.mark.usefixtures("seeded")
def test_a_save_of_each_model_a_fragment_shows_rebuilds_it(client):
    by_table = _models_by_table()
    stale = []
    for path in _fragment_pages():
        _count, tables = _cold(client, path)
        shown = [by_table[t] for t in sorted(tables) if t in by_table and _public(by_table[t])]
        assert shown, path
        for model in shown:
            client.get(path)
            _signal_a_save(model)
            _count, again = _reads(path, client)
            if model._meta.db_table not in again:
                stale.append(f"{path} after a save of {model._meta.label}")
    assert stale == []


@pytest.mark.usefixtures("seeded")
def test_a_save_in_an_app_a_fragment_does_not_show_leaves_it_cached(client):
    by_table = _models_by_table()
    rebuilt = {}
    for path in _fragment_pages():
        cold, tables = _cold(client, path)
        shown_apps = {by_table[t]._meta.app_label for t in tables if t in by_table}
        elsewhere = next(
            model
            for model in apps.get_models()
            if _public(model) and model._meta.app_label not in shown_apps
        )
        client.get(path)
        _signal_a_save(elsewhere)
        count, _tables = _reads(path, client)
        if count > OUTSIDE_FRAGMENT_QUERIES:
            rebuilt[f"{path} after a save of {elsewhere._meta.label}"] = (count, cold)
    assert rebuilt == {}
