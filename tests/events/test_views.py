import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.links import cancel_token
from events.models import Category, Event, Registration, RegistrationMode, Status, Visibility
from offsets.models import CreditPurchase, CreditRetirement

from .conftest import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def form_data(n=1, **overrides):
    data = {
        "name": f"佐藤 一郎{n}",
        "kana": "サトウ イチロウ",
        "email": f"ichiro{n}@example.jp",
        "phone": "03-1234-5678",
        "party_size": "1",
        "accessibility_needs": "",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def register_url(event):
    return reverse("events:register", kwargs={"pk": event.pk})


def test_list_shows_upcoming_public_events_only(client):
    shown = make_event(title_ja="町田の里山散策")
    make_event(title_ja="職員研修", visibility=Visibility.STAFF)
    make_event(title_ja="下書き", is_published=False)
    make_event(title_ja="昨年の講座", start=timezone.now() - datetime.timedelta(days=30))
    response = client.get(reverse("events:index"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [shown]


def test_list_filters_by_category_and_municipality(client):
    walk = make_event(title_ja="町田の里山散策", municipality_id="132098")
    make_event(category=Category.CHILDREN)
    response = client.get(
        reverse("events:index"), {"category": "public_course", "municipality": "132098"}
    )
    assert list(response.context["page"].object_list) == [walk]


def test_list_filters_open_for_registration(client):
    open_event = make_event()
    make_event(registration_closes=timezone.now() - datetime.timedelta(hours=1))
    make_event(registration_mode=RegistrationMode.NONE)
    response = client.get(reverse("events:index"), {"open_only": "on"})
    assert list(response.context["page"].object_list) == [open_event]


def test_staff_only_event_is_hidden_from_visitors_and_shown_to_staff(client, chiyoda_staff):
    training = make_event(visibility=Visibility.STAFF, category=Category.STAFF_TRAINING)
    assert client.get(training.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:ics", kwargs={"pk": training.pk})).status_code == 404
    client.force_login(chiyoda_staff)
    assert client.get(training.get_absolute_url()).status_code == 200


def test_event_page_shows_seats_left_and_offset_badge(client):
    event = make_event(capacity=10, seats_taken=3)
    purchase = CreditPurchase.objects.create(
        scheme="j_ver", source_project="釜石", tonnes=5, price_yen=40000,
        purchased_on=datetime.date(2026, 4, 1),
    )  # fmt: skip
    CreditRetirement.objects.create(
        purchase=purchase, event=event, purpose="offset", tonnes=2,
        retired_on=datetime.date(2026, 4, 2),
    )  # fmt: skip
    response = client.get(f"/en{event.get_absolute_url()}")
    body = response.content.decode()
    assert "7 of 10 seats left" in body
    assert "Offset 2 t-CO2" in body
    assert "2 t-CO2 of J-VER credits from 釜石" in body


def test_registering_through_the_form_confirms_and_emails(client, event):
    response = client.post(register_url(event), form_data())
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.status == Status.CONFIRMED
    assert registration.language == "ja"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ichiro1@example.jp"]


def test_form_error_is_shown_for_missing_consent(client, event):
    response = client.post(register_url(event), form_data(privacy_consent=""))
    assert response.status_code == 400
    assert "privacy_consent" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_duplicate_registration_is_refused_with_a_clear_message(client, event):
    client.post(register_url(event), form_data())
    response = client.post(f"/en{register_url(event)}", form_data(name="別人"))
    assert response.status_code == 409
    assert "already registered" in response.content.decode()


def test_party_larger_than_the_limit_is_refused_by_the_form(client, event):
    response = client.post(register_url(event), form_data(party_size="9"))
    assert response.status_code == 400
    assert "party_size" in response.context["form"].errors


def test_full_event_puts_the_visitor_on_the_waiting_list(client):
    event = make_event(capacity=1)
    client.post(register_url(event), form_data(1))
    response = client.post(f"/en{register_url(event)}", form_data(2), follow=True)
    assert "waiting list" in response.content.decode()
    assert Registration.objects.get(email="ichiro2@example.jp").status == Status.WAITLISTED


def test_closed_event_shows_no_form_and_refuses_posts(client):
    event = make_event(registration_closes=timezone.now() - datetime.timedelta(hours=1))
    url = register_url(event)
    event_page = client.get(f"/en{event.get_absolute_url()}").content.decode()
    assert "Registration is closed." in event_page
    assert url not in event_page
    page = client.get(f"/en{url}")
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Registration is closed." in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    response = client.post(f"/en{url}", form_data())
    assert response.status_code == 409
    assert "Registration for this event is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_stores_nothing_but_looks_like_success(client, event):
    response = client.post(register_url(event), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registration_posts_are_rate_limited(client, event, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 2, "seconds": 3600}}
    for n in range(2):
        client.post(register_url(event), form_data(n))
    assert client.post(register_url(event), form_data(9)).status_code == 429
    assert Registration.objects.count() == 2


def test_childrens_program_form_asks_for_guardian(client):
    event = make_event(category=Category.CHILDREN)
    response = client.post(register_url(event), form_data())
    assert response.status_code == 400
    assert {"guardian_name", "guardian_consent"} <= set(response.context["form"].errors)
    ok = client.post(
        register_url(event), form_data(guardian_name="佐藤 花子", guardian_consent="on")
    )
    assert ok.status_code == 302


def test_signed_link_cancels_and_promotes_the_waiting_person(client):
    event = make_event(capacity=1)
    client.post(register_url(event), form_data(1))
    client.post(register_url(event), form_data(2))
    first = Registration.objects.get(email="ichiro1@example.jp")
    url = reverse("events:cancel", kwargs={"token": cancel_token(first)})
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=first.pk).status == Status.CANCELLED
    assert Registration.objects.get(email="ichiro2@example.jp").status == Status.CONFIRMED
    assert any(m.to == ["ichiro2@example.jp"] for m in mail.outbox)


def test_forged_cancel_link_is_404(client, event):
    client.post(register_url(event), form_data())
    token = cancel_token(Registration.objects.get()) + "x"
    assert client.get(reverse("events:cancel", kwargs={"token": token})).status_code == 404


def test_cancel_link_stops_working_after_anonymisation(client, event):
    client.post(register_url(event), form_data())
    registration = Registration.objects.get()
    token = cancel_token(registration)
    Registration.objects.update(email="")
    assert client.get(reverse("events:cancel", kwargs={"token": token})).status_code == 404


def _parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def test_event_ics_is_valid_icalendar(client, event):
    response = client.get(reverse("events:ics", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = _parse(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_feeds_list_public_events_by_municipality_and_category(client):
    okutama = make_event(municipality_id="133086")
    machida = make_event(municipality_id="132098", category=Category.CHILDREN)
    make_event(visibility=Visibility.STAFF)

    def uids(url):
        return {str(v["UID"]) for v in _parse(client.get(url).content).walk("VEVENT")}

    assert len(uids(reverse("events:feed"))) == 2
    assert uids(reverse("events:municipality_feed", kwargs={"code": "132098"})) == {
        f"event-{machida.pk}@127.0.0.1"
    }
    assert uids(reverse("events:category_feed", kwargs={"category": "public_course"})) == {
        f"event-{okutama.pk}@127.0.0.1"
    }
    assert client.get("/events/feed/category/nonsense.ics").status_code == 404


def test_the_list_filtered_by_a_category_offers_that_categorys_feed(client):
    make_event()
    category_feed = reverse("events:category_feed", kwargs={"category": "children"})
    assert category_feed in client.get(reverse("events:index"), {"category": "children"}).text
    page = client.get(reverse("events:index")).text
    assert category_feed not in page and f'href="{reverse("events:feed")}"' in page


def test_calendar_places_multi_day_events_on_each_day(client):
    start = datetime.datetime(2026, 7, 30, 10, tzinfo=datetime.UTC)
    camp = make_event(start=start, end=start + datetime.timedelta(days=2))
    response = client.get(reverse("events:calendar"), {"month": "2026-07"})
    days = {
        cell["date"].day: cell["events"]
        for week in response.context["weeks"]
        for cell in week
        if cell["in_month"]
    }
    assert camp in days[30] and camp in days[31]
    assert camp not in days[29]


@pytest.fixture
def many_events(db):
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            title_ja=f"講座 {i}",
            title=f"講座 {i}",
            description_ja="説明",
            description="説明",
            category=Category.PUBLIC_COURSE,
            municipality_id=("133086", "132098", "131016")[i % 3],
            start=now + datetime.timedelta(hours=3 * i),
            end=now + datetime.timedelta(hours=3 * i + 2),
            registration_mode=RegistrationMode.FIRST_COME,
            capacity=20,
        )
        for i in range(2000)
    )


def test_public_pages_run_a_bounded_number_of_queries(
    client, many_events, django_assert_max_num_queries
):
    event = Event.objects.order_by("pk")[1000]
    month = timezone.localdate() + datetime.timedelta(days=60)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("events:index")).status_code == 200
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("events:index"), {"page": 50, "open_only": "on"}).status_code == 200
        )
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("events:calendar"), {"month": month.strftime("%Y-%m")}).status_code
            == 200
        )
    with django_assert_max_num_queries(6):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(register_url(event)).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("events:feed")).status_code == 200
    for url in ("/", "/municipalities/133086/"):
        client.get(url)  # the home and profile sections are cached fragments once rendered
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_feed_is_rebuilt_when_an_event_changes(client):
    event = make_event(title_ja="最初のタイトル")
    assert "最初のタイトル" in client.get(reverse("events:feed")).content.decode()
    event.title_ja = "新しいタイトル"
    event.save()
    body = client.get(reverse("events:feed")).content.decode()
    assert "新しいタイトル" in body and "最初のタイトル" not in body


def test_report_shows_participants_and_photos(client):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from events.models import EventPhoto

    past = timezone.now() - datetime.timedelta(days=20)
    event = make_event(
        start=past, participant_count=18, report_ja="紅葉の見頃に18名が参加しました。"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="JPEG")
    photo = EventPhoto(event=event, alt_text="森を歩く参加者")
    photo.image.save("walk.jpg", ContentFile(buffer.getvalue()))
    body = client.get(f"/en{event.get_absolute_url()}").content.decode()
    assert "18 participants" in body
    assert 'alt="森を歩く参加者"' in body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("03-1234-5678", "03-1234-5678"), ("０９０ー１２３４ー５６７８", "090-1234-5678")],
)
def test_phone_numbers_are_normalised(client, event, typed, stored):
    assert client.post(register_url(event), form_data(phone=typed)).status_code == 302
    assert Registration.objects.get().phone == stored


@pytest.mark.parametrize("typed", ["123", "call me", "03-1234"])
def test_invalid_phone_numbers_are_refused(client, event, typed):
    response = client.post(register_url(event), form_data(phone=typed))
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "july", ""])
def test_calendar_falls_back_to_this_month_for_odd_input(client, month):
    response = client.get(reverse("events:calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_posting_to_an_information_only_event_explains_the_refusal(client):
    event = make_event(registration_mode=RegistrationMode.NONE)
    response = client.post(f"/en{register_url(event)}", form_data())
    assert response.status_code == 409
    assert "does not take registrations" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelled_event_shows_the_reason_and_its_calendar_entry_is_cancelled(client):
    event = make_event(
        cancelled_at=timezone.now(), cancellation_reason_ja="大雨の予報のため中止します。"
    )
    body = client.get(event.get_absolute_url()).content.decode()
    assert "大雨の予報のため中止します。" in body
    assert 'action="/events/' not in body  # no registration form
    (vevent,) = _parse(client.get(reverse("events:ics", kwargs={"pk": event.pk})).content).walk(
        "VEVENT"
    )
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_cancelled_event_is_marked_in_the_japanese_list(client):
    make_event(cancelled_at=timezone.now())
    assert ">中止<" in client.get(reverse("events:index")).content.decode()
