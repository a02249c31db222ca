import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from core.figures import one_value, values_at_once
from participation.models import public_totals
from tests.varied_data import build


@pytest.mark.django_db
def test_figures_of_several_tables_come_from_one_query_and_equal_direct_counts():
    from events.models import Event, Registration
    from news.models import Article

    build()
    queries = {
        "articles": one_value(Article.objects.published(), n=Count("pk")),
        "events": one_value(Event.objects.public(), n=Count("pk")),
        "seats": one_value(Registration.objects.all(), n=Sum("party_size")),
        "none": one_value(Article.objects.filter(pk=-1), n=Count("pk")),
        "empty_sum": one_value(Registration.objects.filter(pk=-1), n=Sum("party_size")),
        "newest": Article.objects.published().order_by("-published_at", "-pk").values("pk")[:1],
    }
    with CaptureQueriesContext(connection) as asked:
        figures = values_at_once(queries)
    assert len(asked) == 1
    assert figures == {
        "articles": Article.objects.published().count(),
        "events": Event.objects.public().count(),
        "seats": sum(Registration.objects.values_list("party_size", flat=True)),
        "none": 0,
        "empty_sum": None,
        "newest": Article.objects.published().order_by("-published_at", "-pk").first().pk,
    }
    assert figures["articles"] > 1 and figures["events"] > 1


@pytest.mark.django_db
def test_the_joint_actions_counters_are_direct_counts_of_public_records():
    from participation.models import Activity, Organisation, Pledge

    build()
    public = Activity.objects.public()
    assert public_totals() == {
        "organisations": Organisation.objects.approved().count(),
        "pledges": Pledge.objects.public().count(),
        "activities": public.count(),
        "participants": sum(a.published_version.participants for a in public),
        "co2_kg": sum(a.published_version.estimated_co2_kg or 0 for a in public),
    }
