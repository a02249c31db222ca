"""Staff see and export only their own municipality's registrants; exports are logged."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import AccessEvent
from core.models import AuditEntry
from events import services
from events.models import Event, Registration, Status
from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows, downloaded

from .conftest import make_event, registrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def admin_url(model: str, *parts) -> str:
    return "/admin/events/" + "/".join([model, *map(str, parts)]) + "/"


@pytest.fixture
def two_events(db):
    chiyoda = make_event(title_ja="千代田 打ち水", municipality_id="131016")
    hachioji = make_event(title_ja="八王子 高尾の森", municipality_id="132012")
    services.register_for_event(event_id=chiyoda.pk, **registrant(1))
    services.register_for_event(event_id=hachioji.pk, **registrant(2))
    return chiyoda, hachioji


def test_staff_list_only_their_municipality_events_and_registrants(
    client, chiyoda_staff, two_events
):
    client.force_login(chiyoda_staff)
    events = client.get(admin_url("event")).context["cl"].result_list
    assert list(events) == [two_events[0]]
    registrations = client.get(admin_url("registration")).context["cl"].result_list
    assert [r.event for r in registrations] == [two_events[0]]


@pytest.mark.parametrize("suffix", [("change",), ("history",), ("delete",)])
def test_other_municipality_object_urls_are_404(client, chiyoda_staff, two_events, suffix):
    client.force_login(chiyoda_staff)
    other_event = two_events[1]
    other_registration = Registration.objects.get(event=other_event)
    assert client.get(admin_url("event", other_event.pk, *suffix)).status_code == 404
    assert client.get(admin_url("registration", other_registration.pk, *suffix)).status_code == 404
    own = two_events[0]
    expected = 403 if suffix == ("delete",) else 200
    assert client.get(admin_url("event", own.pk, *suffix)).status_code == expected


def test_autocomplete_offers_only_own_events(client, chiyoda_staff, two_events):
    client.force_login(chiyoda_staff)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "events", "model_name": "registration", "field_name": "event", "term": ""},
    )
    ids = {int(item["id"]) for item in response.json()["results"]}
    assert ids == {two_events[0].pk}


def test_csv_export_contains_own_registrants_and_is_logged(client, chiyoda_staff, two_events):
    client.force_login(chiyoda_staff)
    response = client.post(
        admin_url("event"),
        {
            "action": "export_registrants",
            "_selected_action": [two_events[0].pk, two_events[1].pk],
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    body = downloaded(response).decode("utf-8-sig")
    assert "hanako1@example.jp" in body
    assert "hanako2@example.jp" not in body
    entry = AuditEntry.objects.get(action="export_registrants")
    assert entry.actor == chiyoda_staff
    assert entry.content_type == ContentType.objects.get_for_model(Event)
    assert entry.object_id == str(two_events[0].pk)
    assert "email" in entry.note and entry.note.startswith("1 rows")


def test_csv_export_writes_a_personal_data_access_log_row(client, chiyoda_staff, two_events):
    client.force_login(chiyoda_staff)
    client.post(
        admin_url("event"),
        {"action": "export_registrants", "_selected_action": [two_events[0].pk]},
        REMOTE_ADDR="192.0.2.7",
    )
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.PERSONAL_DATA_EXPORT)
    assert event.user == chiyoda_staff
    assert event.count == 1
    assert "registrants" in event.what
    assert event.ip_address == "192.0.2.7"


def test_registrant_export_is_inert_with_a_bom_and_tokyo_times(client, chiyoda_staff):
    import time_machine

    event = make_event(municipality_id="131016", capacity=20)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 4, 0, tzinfo=datetime.UTC)):
        for n, text in enumerate(HOSTILE_CELLS, 1):
            services.register_for_event(
                event_id=event.pk, **registrant(n, name=text, accessibility_needs=text)
            )
    client.force_login(chiyoda_staff)
    response = client.post(
        admin_url("event"), {"action": "export_registrants", "_selected_action": [event.pk]}
    )
    assert response.status_code == 200
    rows = csv_rows(response)
    assert_inert(rows)
    registered = rows[0].index("申込日時")
    assert {row[registered] for row in rows[1:]} == {"2026/05/01 13:00"}


def test_check_in_action_marks_attendance(client, chiyoda_staff, two_events):
    client.force_login(chiyoda_staff)
    registration = Registration.objects.get(event=two_events[0])
    client.post(
        admin_url("registration"),
        {"action": "check_in_selected", "_selected_action": [registration.pk]},
    )
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_cancel_action_promotes_the_waiting_list(client, chiyoda_staff):
    event = make_event(municipality_id="131016", capacity=1)
    first = services.register_for_event(event_id=event.pk, **registrant(1))
    waiting = services.register_for_event(event_id=event.pk, **registrant(2))
    client.force_login(chiyoda_staff)
    client.post(
        admin_url("registration"),
        {"action": "cancel_selected", "_selected_action": [first.pk]},
    )
    assert Registration.objects.get(pk=waiting.pk).status == Status.CONFIRMED


def test_staff_cannot_add_registrations_bypassing_the_rules(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    assert client.get(admin_url("registration", "add")).status_code == 403


def test_staff_create_event_for_their_own_municipality(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.post(
        admin_url("event", "add"),
        {
            "title_ja": "千代田 みどりの講座",
            "description_ja": "講座です。",
            "category": "public_course",
            "municipality": "132012",  # ignored: staff create for their own municipality
            "start_0": "2027-05-01",
            "start_1": "10:00",
            "end_0": "2027-05-01",
            "end_1": "12:00",
            "visibility": "public",
            "is_published": "on",
            "registration_mode": "first_come",
            "capacity": "20",
            "max_party_size": "2",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(title_ja="千代田 みどりの講座")
    assert event.municipality_id == "131016"


def test_lottery_without_dates_is_refused_by_the_admin_form(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(
        admin_url("event", "add"),
        {
            "title_ja": "抽選講座",
            "description_ja": "講座です。",
            "category": "public_course",
            "start_0": "2027-05-01",
            "start_1": "10:00",
            "end_0": "2027-05-01",
            "end_1": "12:00",
            "visibility": "public",
            "registration_mode": "lottery",
            "capacity": "20",
            "max_party_size": "2",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "lottery_draw_at" in response.context["adminform"].form.errors


def test_secretariat_draws_a_lottery_from_the_admin(client, secretariat_user):
    event = make_event(
        registration_mode="lottery",
        capacity=1,
        registration_closes=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        lottery_draw_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
    )
    Registration.objects.create(event=event, status=Status.APPLIED, name="a", kana="a",
                                email="a@example.jp", phone="1", privacy_consent=True)  # fmt: skip
    client.force_login(secretariat_user)
    client.post(admin_url("event"), {"action": "draw_lottery_now", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.lottery_drawn_at is not None and event.lottery_seed


def change_form_data(client, event, **changes) -> dict:
    page = client.get(admin_url("event", event.pk, "change"))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key != "image"
    }
    data.update(
        {
            "start_0": event.start.strftime("%Y-%m-%d"),
            "start_1": event.start.strftime("%H:%M:%S"),
            "end_0": event.end.strftime("%Y-%m-%d"),
            "end_1": event.end.strftime("%H:%M:%S"),
            "is_published": "on",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            **changes,
        }
    )
    data = {
        k: v
        for k, v in data.items()
        if k not in ("start", "end", "registration_opens", "registration_closes", "lottery_draw_at")
    }
    return data


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(client, secretariat_user):
    event = make_event(capacity=1)
    services.register_for_event(event_id=event.pk, **registrant(1))
    waiting = services.register_for_event(event_id=event.pk, **registrant(2))
    client.force_login(secretariat_user)
    data = change_form_data(client, event, capacity=2)
    response = client.post(admin_url("event", event.pk, "change"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Registration.objects.get(pk=waiting.pk).status == Status.CONFIRMED


def test_capacity_below_confirmed_seats_is_refused(client, secretariat_user):
    event = make_event(capacity=5)
    services.register_for_event(event_id=event.pk, **registrant(1, party_size=3))
    client.force_login(secretariat_user)
    response = client.post(
        admin_url("event", event.pk, "change"), change_form_data(client, event, capacity=2)
    )
    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors


def test_registration_mode_cannot_change_once_people_registered(client, secretariat_user):
    event = make_event(capacity=5)
    services.register_for_event(event_id=event.pk, **registrant(1))
    client.force_login(secretariat_user)
    data = change_form_data(client, event, registration_mode="none")
    response = client.post(admin_url("event", event.pk, "change"), data)
    assert response.status_code == 200
    assert "registration_mode" in response.context["adminform"].form.errors


def test_event_filter_offers_only_own_events(client, chiyoda_staff, two_events):
    second_own = make_event(title_ja="千代田 打ち水 2", municipality_id="131016")
    services.register_for_event(event_id=second_own.pk, **registrant(3))
    client.force_login(chiyoda_staff)
    response = client.get(admin_url("registration"))
    (event_filter,) = [
        f for f in response.context["cl"].filter_specs if getattr(f, "field_path", "") == "event"
    ]
    offered = {str(pk) for pk, _label in event_filter.lookup_choices}
    assert offered == {str(two_events[0].pk), str(second_own.pk)}


def test_event_with_registrations_cannot_be_deleted(client, secretariat_user, two_events):
    client.force_login(secretariat_user)
    assert client.get(admin_url("event", two_events[0].pk, "delete")).status_code == 403
    empty = make_event()
    assert client.get(admin_url("event", empty.pk, "delete")).status_code == 200


def test_staff_cancel_their_event_from_the_admin(client, chiyoda_staff, two_events):
    client.force_login(chiyoda_staff)
    client.post(
        admin_url("event"),
        {"action": "cancel_events", "_selected_action": [e.pk for e in two_events]},
    )
    own, other = (Event.objects.get(pk=e.pk) for e in two_events)
    assert own.cancelled_at is not None
    assert other.cancelled_at is None  # out of scope: untouched
    assert Registration.objects.get(event=own).status == Status.CANCELLED
