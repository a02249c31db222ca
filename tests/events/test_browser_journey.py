"""A visitor finds a course, registers, cancels from the e-mail; the waiting list moves up."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration, Status

from .conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_form(page, *, name, kana, email):
    page.locator("#id_name").fill(name)
    page.locator("#id_kana").fill(kana)
    page.locator("#id_email").fill(email)
    page.locator("#id_phone").fill("042-000-0000")
    page.locator("#id_party_size").select_option("1")
    page.locator("#id_privacy_consent").check()
    page.locator("form[action$='/register/'] button[type=submit]").click()


def test_visitor_registers_cancels_by_email_link_and_the_next_person_is_promoted(live_server, page):
    event = make_event(title_ja="町田 里山散策 小野路を歩く", municipality_id="132098", capacity=1)
    base = live_server.url

    # A visitor finds the course through the list filtered to Machida.
    page.goto(base + "/events/")
    page.locator("#id_municipality").select_option("132098")
    page.get_by_role("button", name=re.compile("表示|Show")).click()
    page.get_by_role("link", name="町田 里山散策 小野路を歩く").click()
    page.wait_for_url(f"{base}/events/{event.pk}/")
    page.get_by_role("link", name="申し込む", exact=True).click()
    page.wait_for_url(f"{base}/events/{event.pk}/register/")
    fill_form(page, name="町田 太郎", kana="マチダ タロウ", email="taro@example.jp")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    expect(page.locator(".messages")).to_be_visible()

    # A second visitor finds it full and joins the waiting list.
    page.goto(f"{base}/events/{event.pk}/")
    page.get_by_role("link", name="キャンセル待ちに申し込む").click()
    page.wait_for_url(f"{base}/events/{event.pk}/register/")
    fill_form(page, name="多摩 花子", kana="タマ ハナコ", email="hanako@example.jp")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    assert Registration.objects.get(email="hanako@example.jp").status == Status.WAITLISTED

    confirmation = next(m for m in mail.outbox if m.to == ["taro@example.jp"])
    assert confirmation.attachments[0][0] == "event.ics"
    cancel_link = re.search(r"https?://\S+/events/cancel/\S+/", confirmation.body).group(0)
    path = cancel_link.split("/events/cancel/", 1)[1]

    page.goto(f"{base}/events/cancel/{path}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/events/{event.pk}/")

    assert Registration.objects.get(email="taro@example.jp").status == Status.CANCELLED
    assert Registration.objects.get(email="hanako@example.jp").status == Status.CONFIRMED
    promoted = [m for m in mail.outbox if m.to == ["hanako@example.jp"]]
    assert len(promoted) == 2  # waiting-list notice, then the promotion with the calendar file
    assert promoted[-1].attachments


def test_event_list_and_form_fit_a_360px_phone(live_server, phone_page):
    event = make_event()
    for path in (
        "/events/",
        f"/events/{event.pk}/",
        f"/events/{event.pk}/register/",
        "/events/calendar/",
    ):
        phone_page.goto(live_server.url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, path
