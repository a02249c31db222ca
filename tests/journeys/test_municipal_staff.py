"""Chiyoda's staff apply for a grant, follow it, report on it, and post an event."""

import datetime

import pytest
from django.utils import timezone, translation

from events.models import Event
from grants import services as grants
from grants.models import Application, Status
from tests.grants.conftest import PDF_BYTES

from .conftest import sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def status_label(status) -> str:
    with translation.override("ja"):
        return str(status.label)


def test_staff_apply_follow_report_and_post_an_event(
    live_server,
    page,
    watch,
    program,
    chiyoda_staff,
    secretariat_user,
    tmp_path,  # noqa: F811
):
    base = live_server.url
    watch(page)
    plan = tmp_path / "事業計画書.pdf"
    plan.write_bytes(PDF_BYTES)

    # Log in with the password alone (2FA is off in the test settings).
    sign_in_to_admin(page, base, chiyoda_staff.email)

    # Apply: the application with its budget lines and plan, then submit it.
    page.goto(base + "/admin/grants/application/add/")
    page.select_option("#id_program", str(program.pk))
    page.fill("#id_title_ja", "打ち水と緑のカーテン講座")
    page.fill("#id_summary_ja", "区民向けに打ち水と緑のカーテンの講座を開く。")
    page.fill("#id_purpose", "ヒートアイランド対策")
    page.fill("#id_period_start", "2026-06-01")
    page.fill("#id_period_end", "2026-09-30")
    page.fill("#id_contact_name", "環境 花子")
    page.fill("#id_contact_email", "kankyo@chiyoda.example.jp")
    page.fill("#id_budget_lines-0-description", "ゴーヤの苗")
    page.fill("#id_budget_lines-0-amount", "１５０，０００")
    page.fill("#id_budget_lines-1-description", "講師謝礼")
    page.fill("#id_budget_lines-1-amount", "50,000")
    page.set_input_files("#id_attachments-0-file", str(plan))
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/change/")
    application = Application.objects.get()
    assert application.municipality_id == "131016"
    assert sorted(application.budget_lines.values_list("amount", flat=True)) == [50_000, 150_000]

    page.locator("a.grant-move[href$='/move/submit/']").click()
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/change/")
    application.refresh_from_db()
    assert (application.status, application.requested_amount) == (Status.SUBMITTED, 200_000)

    # Follow it in the list: it waits for the secretariat.
    page.goto(base + "/admin/grants/application/")
    row = page.locator("#result_list tr", has_text="打ち水と緑のカーテン講座")
    assert status_label(Status.SUBMITTED) in row.inner_text()

    # The secretariat decides (its part, through the service).
    grants.decide_application(
        application_id=application.pk, actor=secretariat_user, granted_amount=180_000
    )

    page.reload()
    row = page.locator("#result_list tr", has_text="打ち水と緑のカーテン講座")
    assert status_label(Status.DECIDED) in row.inner_text()
    row.get_by_role("link").first.click()
    page.wait_for_url("**/change/")
    assert "¥180,000" in page.locator("#content-main").inner_text()

    # File the completion report.
    page.locator("a.grant-move[href$='/move/report/']").click()
    page.fill("#id_results", "講座を3回開き、延べ120人が参加した。")
    page.fill("#id_actual_cost", "190,000")
    page.fill("#id_eligible_actual_cost", "180,000")
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/change/")
    application.refresh_from_db()
    assert application.status == Status.REPORTED
    assert (application.actual_cost, application.eligible_actual_cost) == (190_000, 180_000)
    assert application.reported_at is not None
    assert "report" not in [
        m.value for m in grants.allowed_moves(chiyoda_staff, application)
    ]  # reported once
    assert page.locator("a.grant-move[href$='/move/report/']").count() == 0

    # Post an event for the municipality, published at once.
    start = timezone.localtime() + datetime.timedelta(days=20)
    page.goto(base + "/admin/events/event/add/")
    page.fill("#id_title_ja", "千代田 打ち水大作戦")
    page.fill("#id_description_ja", "みんなで打ち水をして涼しくしましょう。")
    page.select_option("#id_category", "public_course")
    page.fill("#id_start_0", start.strftime("%Y-%m-%d"))
    page.fill("#id_start_1", "10:00")
    page.fill("#id_end_0", start.strftime("%Y-%m-%d"))
    page.fill("#id_end_1", "12:00")
    page.select_option("#id_visibility", "public")
    page.check("#id_is_published")
    page.select_option("#id_registration_mode", "first_come")
    page.fill("#id_capacity", "30")
    page.fill("#id_max_party_size", "4")
    page.locator("input[name=_save]").click()
    page.wait_for_url(base + "/admin/events/event/")
    event = Event.objects.get(title_ja="千代田 打ち水大作戦")
    assert event.municipality_id == "131016"

    # The public sees it in the events list and on Chiyoda's page.
    page.goto(base + "/events/")
    page.get_by_role("link", name="千代田 打ち水大作戦").click()
    page.wait_for_url(f"{base}/events/{event.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "千代田 打ち水大作戦"
