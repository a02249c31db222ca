"""A whole contest in a real browser: enter, confirm, screen, judge, publish, see the award."""

import re

import pytest
from django.core import mail

from accounts.roles import Role
from contests.models import Entry, EntryStatus
from tests.conftest import make_staff

from .helpers import jpeg_bytes, make_contest, make_judge, set_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def log_in(chromium, live_server, email):
    context = chromium.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_entry_to_award_in_the_gallery(live_server, page, chromium, settings, tmp_path):
    settings.SITE_URL = live_server.url
    judge = make_judge("judge@example.jp")
    secretariat = make_staff("secretariat@example.jp", Role.SECRETARIAT)
    contest = make_contest("entries_open", judges=[judge])
    art = contest.categories.get(kind="art")
    image_path = tmp_path / "my-forest.jpg"
    image_path.write_bytes(jpeg_bytes(size=(800, 600), exif=True))

    # A visitor enters the art category with an image.
    page.goto(live_server.url + "/contests/2027/")
    page.get_by_role("link", name="応募する").first.click()
    page.wait_for_url(live_server.url + "/contests/2027/enter/")
    page.select_option("#id_category", str(art.pk))
    page.fill("#id_title", "森の呼吸")
    page.fill("#id_description", "多摩の森を描きました。")
    page.set_input_files("#id_image", str(image_path))
    page.select_option("#id_entrant_type", "individual")
    page.fill("#id_entrant_name", "山田 花子")
    page.fill("#id_email", "hanako@example.jp")
    page.fill("#id_display_name", "はなこ")
    page.select_option("#id_municipality", "131016")
    assert not page.is_visible("#id_guardian_name")  # shown only for entrants under 18
    page.check("#id_rights_consent")
    page.check("#id_licence_consent")
    page.get_by_role("button", name="応募を送信する").click()
    page.wait_for_url(live_server.url + "/contests/2027/entered/")
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.UNCONFIRMED

    # ... and confirms by the link in the e-mail.
    link = re.search(r"http\S+/contests/entry/confirm/\S+", mail.outbox[0].body)[0]
    page.goto(link)
    page.get_by_role("button", name="応募を確定する").click()
    page.get_by_role("heading", name="応募が確定しました").wait_for()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert "応募 2027-0001 の受付" in mail.outbox[-1].subject

    # The deadline passes; the secretariat accepts the entry in the admin.
    set_phase(contest, "screening")
    office = log_in(chromium, live_server, secretariat.email)
    office.goto(live_server.url + f"/admin/contests/entry/{entry.pk}/change/")
    office.get_by_role("link", name="採択または不採択").click()
    office.get_by_label("採択", exact=True).check()
    office.get_by_role("button", name="判定を記録する").click()
    office.wait_for_url(re.compile(r".*/admin/contests/entry/\d+/change/$"))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED

    # Judging opens; the judge scores without seeing who entered.
    set_phase(contest, "judging")
    judging = log_in(chromium, live_server, judge.email)
    judging.goto(live_server.url + "/contests/judging/")
    judging.get_by_role("link", name=re.compile(str(art.name))).click()
    judging.get_by_role("link", name="2027-0001").click()
    body = judging.content()
    assert "山田" not in body and "hanako@example.jp" not in body and "はなこ" not in body
    for field in judging.locator("input[name^=criterion_]").all():
        field.fill("9")
    judging.get_by_role("button", name="採点を保存する").click()
    judging.get_by_text("採点を保存しました。").wait_for()
    assert entry.reviews.get().weighted_score == 90

    # The secretariat gives the グランプリ and publishes the results.
    office.goto(live_server.url + "/contests/manage/2027/")
    office.select_option(f"#award-{entry.pk}", "grand_prix")
    office.check(f"#finalist-{entry.pk}")
    office.locator(f"form[action$='/entries/{entry.pk}/award/'] button").click()
    office.get_by_text("応募 2027-0001 を保存しました。").wait_for()
    office.get_by_role("button", name="結果を今すぐ発表する").click()
    office.get_by_text("結果を発表しました。").wait_for()

    # The visitor sees the award in the gallery, with the published image only.
    page.goto(live_server.url + "/contests/2027/gallery/")
    card = page.locator(".contests-work", has_text="森の呼吸")
    assert "グランプリ" in card.inner_text()
    image_src = card.locator("img").get_attribute("src")
    assert image_src.startswith("/media/contests/gallery/")
    assert page.request.get(live_server.url + image_src).status == 200
    page.goto(live_server.url + "/contests/2027/results/")
    assert "森の呼吸" in page.locator("main").inner_text()
