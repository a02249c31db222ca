"""One time-zone rule: every time a person reads is Tokyo's, in Japanese and in English.

An event at 13:00 JST is stored as 04:00 UTC; each output must say 13:00 (and never 04:00).
A moment at 31 March 23:30 JST (14:30 UTC) belongs to the old fiscal year, one at 1 April 00:30
JST (15:30 UTC on 31 March) to the new one.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from icalendar import Calendar

from core.audit import record_audit
from core.models import AuditEntry
from events.models import Event
from events.reporting import fiscal_year_figures
from events.services import register_for_event
from tests.events.conftest import make_event, registrant

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
ONE_PM_TOKYO = datetime.datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
LAST_HALF_HOUR_OF_FY2026 = datetime.datetime(2027, 3, 31, 14, 30, tzinfo=UTC)
FIRST_HALF_HOUR_OF_FY2027 = datetime.datetime(2027, 3, 31, 15, 30, tzinfo=UTC)


@pytest.fixture
def one_pm_event():
    return make_event(
        title_ja="午後の自然観察会",
        title_en="Afternoon nature walk",
        start=ONE_PM_TOKYO,
        end=ONE_PM_TOKYO + datetime.timedelta(hours=2),
        registration_opens=None,
        registration_closes=None,
    )


def visible_text(html: str) -> str:
    """What a person reads: no tags, so no machine attributes such as <time datetime>."""
    return re.sub(r"<[^>]+>", " ", html)


@time_machine.travel("2026-11-20 10:00+09:00")
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "2026年12月2日（水）13:00"), ("/en", "2 December 2026 (Wed) 13:00")],
)
def test_the_event_page_shows_13_00_in_both_languages(client, one_pm_event, prefix, expected):
    text = visible_text(client.get(f"{prefix}{one_pm_event.get_absolute_url()}").content.decode())
    assert expected in text
    assert "04:00" not in text


@time_machine.travel("2026-11-20 10:00+09:00")
def test_the_events_list_shows_13_00(client, one_pm_event):
    text = visible_text(client.get("/events/").content.decode())
    assert "2026年12月2日（水）13:00" in text and "04:00" not in text


@time_machine.travel("2026-11-20 10:00+09:00")
@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "2026年12月2日（水）13:00"), ("en", "2 December 2026 (Wed) 13:00")],
)
def test_the_registration_email_says_13_00(
    one_pm_event, language, expected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event_id=one_pm_event.pk, **registrant(1, language=language))
    [message] = mail.outbox
    assert expected in message.body and "04:00" not in message.body


@time_machine.travel("2026-11-20 10:00+09:00")
def test_icalendar_writes_the_utc_instant_with_z(client, one_pm_event):
    content = client.get(f"/events/{one_pm_event.pk}/event.ics").content
    assert b"DTSTART:20261202T040000Z" in content
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == ONE_PM_TOKYO


@time_machine.travel("2026-11-20 10:00+09:00")
def test_the_api_writes_times_with_tokyos_offset(client, one_pm_event):
    [item] = [e for e in client.get("/api/events/").json()["items"] if e["id"] == one_pm_event.pk]
    assert item["start"] == "2026-12-02T13:00:00+09:00"
    detail = client.get(f"/api/events/{one_pm_event.pk}").json()
    assert detail["start"] == "2026-12-02T13:00:00+09:00"


def test_the_admin_history_shows_13_00_for_both_kinds_of_history(
    client, one_pm_event, secretariat_user
):
    event_type = ContentType.objects.get_for_model(Event)
    entry = LogEntry.objects.create(
        user=secretariat_user,
        content_type=event_type,
        object_id=str(one_pm_event.pk),
        object_repr=str(one_pm_event),
        action_flag=CHANGE,
        change_message="[]",
    )
    LogEntry.objects.filter(pk=entry.pk).update(action_time=ONE_PM_TOKYO)
    audit = record_audit(subject=one_pm_event, actor=secretariat_user, action="cancel")
    AuditEntry.objects.filter(pk=audit.pk).update(created_at=ONE_PM_TOKYO)
    client.force_login(secretariat_user)

    history = visible_text(
        client.get(f"/admin/events/event/{one_pm_event.pk}/history/").content.decode()
    )
    assert "13:00" in history and "04:00" not in history
    audit_list = visible_text(client.get("/admin/core/auditentry/").content.decode())
    assert "13:00" in audit_list and "04:00" not in audit_list
    assert "13:00" in str(AuditEntry.objects.get(pk=audit.pk))


@time_machine.travel("2027-05-01 10:00+09:00")
@pytest.mark.parametrize(
    ("start", "fiscal_year"), [(LAST_HALF_HOUR_OF_FY2026, 2026), (FIRST_HALF_HOUR_OF_FY2027, 2027)]
)
def test_an_event_at_the_fiscal_year_boundary_counts_in_tokyos_fiscal_year(start, fiscal_year):
    make_event(start=start, end=start + datetime.timedelta(minutes=20))
    assert fiscal_year_figures(fiscal_year)["events"] == 1
    other = 2027 if fiscal_year == 2026 else 2026
    assert fiscal_year_figures(other)["events"] == 0


@time_machine.travel("2027-05-01 10:00+09:00")
@pytest.mark.parametrize(
    ("start", "day"),
    [
        (LAST_HALF_HOUR_OF_FY2026, "2027年3月31日（水）23:30"),
        (FIRST_HALF_HOUR_OF_FY2027, "2027年4月1日（木）00:30"),
    ],
)
def test_a_time_past_midnight_utc_reads_as_tokyos_day(client, start, day):
    event = make_event(start=start, end=start + datetime.timedelta(minutes=20))
    assert day in visible_text(client.get(event.get_absolute_url()).content.decode())


@time_machine.travel("2026-11-20 10:00+09:00")
def test_a_csv_export_writes_the_registration_time_in_tokyo(client, one_pm_event, secretariat_user):
    from events.models import Registration
    from tests.exporting import csv_rows

    registration = register_for_event(event_id=one_pm_event.pk, **registrant(1))
    Registration.objects.filter(pk=registration.pk).update(created_at=ONE_PM_TOKYO)
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/events/event/",
        {"action": "export_registrants", "_selected_action": [one_pm_event.pk]},
    )
    cells = {cell for row in csv_rows(response) for cell in row}
    assert "2026/12/02 13:00" in cells
    assert not any("04:00" in cell for cell in cells)
