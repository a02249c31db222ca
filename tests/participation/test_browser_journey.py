"""A school registers, confirms, is approved, pledges, reports with a photo, and is published."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from participation import services
from participation.models import ActivityVersion, Organisation, Pledge
from tests.browser.watching import wait_for_image

from .conftest import PASSWORD, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_school_joins_pledges_and_reports_an_activity(
    live_server, page, secretariat_user, campaign, tmp_path
):
    page.goto(live_server.url + "/participation/")
    page.get_by_role("link", name="団体登録").first.click()
    page.fill("#id_name_ja", "千代田区立さくら小学校")
    page.fill("#id_name_en", "Sakura Elementary School")
    page.select_option("#id_kind", "school")
    page.select_option("#id_municipality", "131016")
    page.fill("#id_address", "東京都千代田区1-2-3")
    page.fill("#id_contact_name", "桜井 先生")
    page.fill("#id_email", "sakura@school.example.jp")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url(re.compile(r".*/participation/register/done/$"))

    link = re.search(r"/participation/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link)
    assert page.get_by_role("heading", level=1).inner_text() == "メールアドレスを確認しました"
    school = Organisation.objects.get(name_ja="千代田区立さくら小学校")
    services.approve_organisation(organisation_id=school.pk, actor=secretariat_user)

    page.goto(live_server.url + "/participation/login/")
    page.fill("#id_email", "sakura@school.example.jp")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r".*/participation/account/$"))

    page.goto(live_server.url + f"/participation/campaigns/{campaign.slug}/")
    page.get_by_role("button", name="団体として宣言する").click()
    page.wait_for_url(re.compile(rf".*/participation/campaigns/{campaign.slug}/$"))
    assert Pledge.objects.filter(organisation=school, campaign=campaign).exists()

    photo = tmp_path / "goya.png"
    photo.write_bytes(png_bytes())
    page.goto(live_server.url + "/participation/account/activities/new/")
    page.fill("#id_title", "校舎のゴーヤのカーテン")
    page.fill("#id_held_on", "2026-07-15")
    page.select_option("#id_municipality", "131016")
    page.select_option("#id_category", "greenery")
    page.fill("#id_description", "6年生がゴーヤを育て、教室の温度を記録しました。")
    page.fill("#id_participants", "95")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_photo_alt", "窓を覆うゴーヤの葉")
    page.get_by_role("button", name="確認に送る").click()
    page.wait_for_url(re.compile(r".*/participation/account/activities/\d+/$"))

    page.goto(live_server.url + "/municipalities/131016/")
    assert page.get_by_text("校舎のゴーヤのカーテン").count() == 0
    version = ActivityVersion.objects.get(title="校舎のゴーヤのカーテン")
    services.approve_activity_version(version_id=version.pk, actor=secretariat_user)

    page.goto(live_server.url + "/municipalities/131016/")
    page.get_by_role("link", name="校舎のゴーヤのカーテン").click()
    page.wait_for_url(re.compile(r".*/participation/activities/\d+/$"))
    image = page.get_by_role("img", name="窓を覆うゴーヤの葉")
    expect(image).to_be_visible()
    wait_for_image(page, image)
