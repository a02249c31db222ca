"""A school registers on a phone, confirms, is approved, pledges and reports an activity."""

import re

import pytest
from django.core import mail

from participation import services
from participation.models import ActivityVersion, Organisation, OrganisationStatus, Pledge
from tests.browser.watching import wait_for_image
from tests.participation.conftest import PASSWORD, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_school_registers_pledges_and_reports_on_a_phone(
    live_server, phone_page, watch, secretariat_user, campaign, tmp_path
):
    base = live_server.url
    page = watch(phone_page)

    # Register the organisation.
    page.goto(base + "/participation/")
    page.get_by_role("link", name="団体登録").first.click()
    page.wait_for_url(base + "/participation/register/")
    assert fits(page)
    page.fill("#id_name_ja", "八王子市立みどり中学校")
    page.select_option("#id_kind", "school")
    page.select_option("#id_municipality", "132012")
    page.fill("#id_address", "東京都八王子市元本郷町3-24-1")
    page.fill("#id_contact_name", "緑川 先生")
    page.fill("#id_email", "midori@school.example.jp")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url(base + "/participation/register/done/")
    school = Organisation.objects.get(name_ja="八王子市立みどり中学校")
    assert school.status != OrganisationStatus.APPROVED

    # Confirm the address through the e-mailed link.
    message = next(m for m in mail.outbox if m.to == ["midori@school.example.jp"])
    page.goto(base + re.search(r"/participation/confirm/\S+/", message.body).group(0))
    assert page.get_by_role("heading", level=1).inner_text() == "メールアドレスを確認しました"

    # The secretariat approves it (its part, through the service).
    services.approve_organisation(organisation_id=school.pk, actor=secretariat_user)

    # Sign in; the school is listed publicly now.
    page.goto(base + "/participation/login/")
    page.fill("#id_email", "midori@school.example.jp")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(base + "/participation/account/")
    assert "八王子市立みどり中学校" in page.locator("main").inner_text()

    # Pledge for the campaign.
    page.goto(base + f"/participation/campaigns/{campaign.slug}/")
    counter = page.locator(".participation-counters li").first
    assert counter.inner_text().startswith("0")
    page.get_by_role("button", name="団体として宣言する").click()
    page.wait_for_url(base + f"/participation/campaigns/{campaign.slug}/")
    assert Pledge.objects.filter(organisation=school, campaign=campaign).exists()
    assert page.locator(".participation-counters li").first.inner_text().startswith("1")
    assert page.get_by_role("button", name="団体として宣言する").count() == 0

    # Report an activity with a photo; it waits for the secretariat's check.
    photo = tmp_path / "satoyama.png"
    photo.write_bytes(png_bytes())
    page.goto(base + "/participation/account/activities/new/")
    assert fits(page)
    page.fill("#id_title", "里山の間伐体験")
    page.fill("#id_held_on", "2026-10-18")
    page.select_option("#id_municipality", "132012")
    page.select_option("#id_category", "greenery")
    page.fill("#id_description", "2年生40人が間伐と植樹を体験しました。")
    page.fill("#id_participants", "40")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_photo_alt", "間伐した木を運ぶ生徒たち")
    page.get_by_role("button", name="確認に送る").click()
    page.wait_for_url(re.compile(r".*/participation/account/activities/\d+/$"))
    version = ActivityVersion.objects.get(title="里山の間伐体験")

    page.goto(base + f"/participation/organisations/{school.pk}/")
    profile = page.locator("main").inner_text()
    assert "グリーンカーテン" in profile  # the pledge
    assert "里山の間伐体験" not in profile  # not checked yet

    services.approve_activity_version(version_id=version.pk, actor=secretariat_user)

    # Published: on the organisation's page and Hachioji's, with its photo.
    page.reload()
    assert "里山の間伐体験" in page.locator("main").inner_text()
    page.goto(base + "/municipalities/132012/")
    page.get_by_role("link", name="里山の間伐体験").click()
    page.wait_for_url(re.compile(r".*/participation/activities/\d+/$"))
    image = page.get_by_role("img", name="間伐した木を運ぶ生徒たち")
    wait_for_image(page, image)
    assert fits(page)
