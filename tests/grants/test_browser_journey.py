"""Municipal staff apply in the admin, the secretariat decides, staff see the outcome."""

import pytest
from playwright.sync_api import expect

from grants.models import Application, Status

from .conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def sign_in(page, base, email):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(base + "/admin/")


def test_staff_apply_secretariat_decides_staff_see_the_balance(
    live_server, page, program, chiyoda_staff, secretariat_user, tmp_path
):
    plan = tmp_path / "事業計画書.pdf"
    plan.write_bytes(PDF_BYTES)
    base = live_server.url

    sign_in(page, base, chiyoda_staff.email)
    page.goto(base + "/admin/grants/application/add/")
    page.select_option("#id_program", str(program.pk))
    page.fill("#id_title_ja", "グリーンカーテン講座")
    page.fill("#id_summary_ja", "ゴーヤの苗を配り、育て方の講座を開く。")
    page.fill("#id_purpose", "家庭の夏の節電")
    page.fill("#id_period_start", "2026-06-01")
    page.fill("#id_period_end", "2026-09-30")
    page.fill("#id_contact_name", "緑 花子")
    page.fill("#id_contact_email", "midori@example.jp")
    page.fill("#id_budget_lines-0-description", "ゴーヤの苗")
    page.fill("#id_budget_lines-0-amount", "１２０，０００")
    page.fill("#id_budget_lines-1-description", "講師謝礼")
    page.fill("#id_budget_lines-1-amount", "80,000")
    page.set_input_files("#id_attachments-0-file", str(plan))
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/change/")
    application = Application.objects.get()
    assert application.municipality_id == "131016"
    assert application.budget_lines.count() == 2

    page.locator("a.grant-move[href$='/move/submit/']").click()
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/change/")
    application.refresh_from_db()
    assert (application.status, application.requested_amount) == (Status.SUBMITTED, 200_000)

    page.context.clear_cookies()
    sign_in(page, base, secretariat_user.email)
    page.goto(base + f"/admin/grants/application/{application.pk}/change/")
    page.locator("a.grant-move[href$='/move/decide/']").click()
    page.fill("#id_granted_amount", "150,000")
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/change/")
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == (Status.DECIDED, 150_000)

    page.context.clear_cookies()
    sign_in(page, base, chiyoda_staff.email)
    page.goto(base + f"/admin/grants/application/{application.pk}/change/")
    body = page.locator("#content-main").inner_text()
    assert "¥150,000" in body  # the granted amount
    assert "¥850,000 / ¥1,000,000" in body  # what is left of the cap
    expect(page.locator("a.grant-move[href$='/move/report/']")).to_be_visible()


def test_showcase_fits_a_360px_phone(live_server, phone_page, program):
    from .conftest import make_application

    make_application(program, status=Status.DECIDED, granted=300_000, title="とても長い事業名" * 6)
    phone_page.goto(live_server.url + "/grants/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("link", name="とても長い事業名", exact=False).first.click()
    phone_page.wait_for_url("**/grants/*/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
