"""The event page is cacheable for anonymous visitors; the form lives on its own page."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration, RegistrationMode, Status, Visibility

from .conftest import make_event
from .test_views import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def event_url(event) -> str:
    return f"/events/{event.pk}/"


def register_url(event) -> str:
    return f"/events/{event.pk}/register/"


def main_of(response) -> str:
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_event_page_has_no_form_or_token_and_links_to_the_register_page(client, event):
    response = client.get(event_url(event))
    body = response.content.decode()
    assert "csrfmiddlewaretoken" not in body
    assert 'method="post"' not in body.lower()
    assert f'<a class="button" href="{register_url(event)}">申し込む</a>' in body
    assert not response.cookies


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=60)
def test_event_page_is_served_from_the_anonymous_page_cache(
    client, event, django_assert_num_queries
):
    first = client.get(event_url(event))
    assert first.status_code == 200
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get(event_url(event))
    assert second.content == first.content


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=60)
def test_register_page_sets_the_csrf_cookie_and_is_never_cached(client, event):
    first = client.get(register_url(event))
    assert first.status_code == 200
    assert "csrftoken" in first.cookies
    assert "private" in first["Cache-Control"]
    client.cookies.clear()  # a new anonymous visitor, who would be served a cached page
    with CaptureQueriesContext(connection) as queries:
        second = client.get(register_url(event))
    assert len(queries) > 0
    assert "csrftoken" in second.cookies
    assert second.content != first.content  # each visitor gets a fresh token


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=60)
def test_cached_event_page_may_lag_but_the_register_page_shows_live_seats(client):
    event = make_event(capacity=10, seats_taken=3)
    assert "7 of 10 seats left" in client.get(f"/en{event_url(event)}").content.decode()
    Event.objects.filter(pk=event.pk).update(seats_taken=8)
    assert "7 of 10 seats left" in client.get(f"/en{event_url(event)}").content.decode()
    assert "2 of 10 seats left" in client.get(f"/en{register_url(event)}").content.decode()


def test_register_page_shows_the_event_summary_and_the_form(client):
    event = make_event(
        title_ja="奥多摩 森林セラピー", capacity=10, seats_taken=4, venue_name_ja="氷川キャンプ場"
    )
    response = client.get(register_url(event))
    assert response.status_code == 200
    main = main_of(response)
    assert "<h1>「奥多摩 森林セラピー」の申込み</h1>" in main
    assert "氷川キャンプ場" in main
    assert "定員10人・残り6席" in main
    assert f'<form method="post" action="{register_url(event)}"' in main
    assert 'name="csrfmiddlewaretoken"' in main
    for field in ("name", "kana", "email", "phone", "party_size", "privacy_consent"):
        assert f'<label for="id_{field}">' in main
    assert 'aria-describedby="id_kana_helptext"' in main
    assert '<small class="muted" id="id_kana_helptext">' in main
    assert '<button type="submit" class="button">申し込む</button>' in main
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_register_page_in_english_states_live_seats(client):
    event = make_event(capacity=10, seats_taken=4)
    main = main_of(client.get(f"/en{register_url(event)}"))
    assert "6 of 10 seats left" in main
    assert f'href="/en{event_url(event)}">Back to the event</a>' in main


def test_posting_the_register_page_confirms_and_returns_to_the_event(client, event):
    response = client.post(register_url(event), form_data())
    assert response.status_code == 302
    assert response["Location"] == event_url(event)
    assert Registration.objects.get(event=event).status == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ichiro1@example.jp"]]
    page = client.get(response["Location"])
    assert "お申込みが確定しました。確認メールをお送りしました。" in page.content.decode()


def test_full_event_offers_the_waiting_list_and_waitlists(client):
    event = make_event(capacity=1)
    client.post(register_url(event), form_data(1))
    event_page = client.get(f"/en{event_url(event)}").content.decode()
    assert f'<a class="button" href="/en{register_url(event)}">Join the waiting list</a>' in (
        event_page
    )
    form_page = main_of(client.get(f"/en{register_url(event)}"))
    assert "Full — new registrations join the waiting list" in form_page
    assert '<button type="submit" class="button">Join the waiting list</button>' in form_page
    response = client.post(f"/en{register_url(event)}", form_data(2), follow=True)
    assert "you are on the waiting list" in response.content.decode()
    assert Registration.objects.get(email="ichiro2@example.jp").status == Status.WAITLISTED


def test_lottery_event_offers_the_lottery(client):
    event = make_event(
        registration_mode=RegistrationMode.LOTTERY,
        registration_closes=timezone.now() + datetime.timedelta(days=3),
        lottery_draw_at=timezone.now() + datetime.timedelta(days=4),
    )
    event_page = client.get(f"/en{event_url(event)}").content.decode()
    assert f'<a class="button" href="/en{register_url(event)}">Enter the lottery</a>' in event_page
    form_page = main_of(client.get(f"/en{register_url(event)}"))
    assert "10 seats, decided by lottery" in form_page
    assert '<button type="submit" class="button">Enter the lottery</button>' in form_page
    client.post(register_url(event), form_data())
    assert Registration.objects.get().status == Status.APPLIED


def test_information_only_event_has_no_register_link_or_form(client):
    event = make_event(registration_mode=RegistrationMode.NONE)
    assert register_url(event) not in client.get(event_url(event)).content.decode()
    response = client.get(f"/en{register_url(event)}")
    assert response.context["form"] is None
    assert "This event does not take registrations." in main_of(response)


def test_cancelled_event_register_page_says_so_without_a_form(client):
    event = make_event(cancelled_at=timezone.now(), cancellation_reason_ja="大雨のため中止します。")
    response = client.get(register_url(event))
    main = main_of(response)
    assert "大雨のため中止します。" in main
    assert "<form" not in main


def test_form_errors_are_summarised_with_links_to_the_fields(client, event):
    response = client.post(f"/en{register_url(event)}", form_data(privacy_consent="", phone="1"))
    assert response.status_code == 400
    main = main_of(response)
    summary = main.split('class="errorlist error-summary" role="alert">', 1)[1].split("</div>")[0]
    assert '<a href="#id_phone">Phone' in summary
    assert '<a href="#id_privacy_consent">' in summary
    assert not Registration.objects.exists()


def test_staff_only_event_register_page_is_hidden_from_visitors(client):
    event = make_event(visibility=Visibility.STAFF)
    assert client.get(register_url(event)).status_code == 404
    assert client.post(register_url(event), form_data()).status_code == 404


def test_register_page_refuses_other_methods(client, event):
    assert client.put(register_url(event)).status_code == 405


def test_register_url_name_is_unchanged(event):
    assert reverse("events:register", kwargs={"pk": event.pk}) == register_url(event)
    assert event.get_absolute_url() == event_url(event)


def test_before_registration_opens_both_pages_say_when_it_opens(client):
    opens = datetime.datetime(2099, 4, 1, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Tokyo
    event = make_event(
        start=datetime.datetime(2099, 5, 1, 1, 0, tzinfo=datetime.UTC), registration_opens=opens
    )

    for url in (event_url(event), register_url(event)):
        main = main_of(client.get(url))
        assert "2099年4月1日（水）10:00" in main
        assert "終了しました" not in main
        assert 'name="csrfmiddlewaretoken"' not in main
    assert register_url(event) not in main_of(client.get(event_url(event)))


def test_a_cancelled_event_with_a_future_opening_is_simply_closed(client):
    event = make_event(
        start=timezone.now() + datetime.timedelta(days=60),
        registration_opens=timezone.now() + datetime.timedelta(days=30),
        cancelled_at=timezone.now(),
    )

    assert "2099" not in main_of(client.get(event_url(event)))
    assert not event.registration_opens_later


def test_cached_event_page_and_list_show_the_seats_a_registration_just_took(
    client, django_assert_num_queries
):
    event = make_event(capacity=1)
    assert "1 of 1 seats left" in client.get("/en" + event_url(event)).text
    client.get("/en/events/")
    with django_assert_num_queries(0):
        client.get("/en" + event_url(event))  # the body is a cached fragment

    client.post(register_url(event), form_data())

    page = client.get("/en" + event_url(event)).text
    assert "Join the waiting list" in page
    assert "Full — waiting list" in client.get("/en/events/").text


def test_the_home_page_and_profile_sections_show_seats_just_taken(client):
    event = make_event(capacity=1, municipality_id="133086")
    profile = "/en/municipalities/133086/"
    assert "1 seat left" in client.get("/en/").text
    assert "1 seat left" in client.get(profile).text

    client.post(register_url(event), form_data())

    assert "Full — waiting list" in client.get("/en/").text
    assert "Full — waiting list" in client.get(profile).text
