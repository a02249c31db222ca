"""The secretariat decides a grant, screens entries, publishes emissions and the annual report."""

import re

import pytest
from django.core import mail

from contests.models import EntryStatus
from emissions.models import Edition, EditionStatus
from grants.models import Status
from initiatives.models import Initiative
from reports.models import AnnualReport, ReportStatus
from tests.contests.helpers import make_contest, make_entry
from tests.emissions.helpers import ADACHI_FY2022_ROWS, RESULTS_HEADER, csv_bytes
from tests.grants.conftest import make_application

from .conftest import sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_decides_screens_publishes_and_reports(
    live_server, page, watch, program, secretariat_user, tmp_path
):
    base = live_server.url
    watch(page)
    application = make_application(
        program, status=Status.SUBMITTED, requested=300_000, title="屋上緑化の普及啓発"
    )
    contest = make_contest("screening", year=2026)
    good = make_entry(contest, title="森の呼吸", name="秘密 太郎")
    off_topic = make_entry(
        contest, title="関係のない作品", name="別の 人", email="other@example.jp"
    )
    Initiative.objects.create(
        fiscal_year=2026, title_ja="62市区町村共同研修", summary_ja="研修", action="cooperation"
    )
    results_csv = tmp_path / "results.csv"
    results_csv.write_bytes(csv_bytes(RESULTS_HEADER, ADACHI_FY2022_ROWS, encoding="cp932"))

    sign_in_to_admin(page, base, secretariat_user.email)

    # Decide the grant: 交付決定 for less than requested.
    page.goto(base + f"/admin/grants/application/{application.pk}/change/")
    page.locator("a.grant-move[href$='/move/decide/']").click()
    page.fill("#id_granted_amount", "２５０，０００")
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/change/")
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == (Status.DECIDED, 250_000)
    assert "¥250,000" in page.locator("#content-main").inner_text()

    # Screen the contest entries: accept one, reject the other with a reason.
    for entry, decision in ((good, "accept"), (off_topic, "reject")):
        page.goto(base + f"/admin/contests/entry/{entry.pk}/change/")
        page.get_by_role("link", name="採択または不採択").click()
        page.check(f"input[name=decision][value={decision}]")
        if decision == "reject":
            page.fill("textarea[name=reason]", "募集テーマと関係がないため。")
        page.get_by_role("button", name="判定を記録する").click()
        page.wait_for_url(re.compile(r".*/admin/contests/entry/\d+/change/$"))
    good.refresh_from_db()
    off_topic.refresh_from_db()
    assert (good.status, off_topic.status) == (EntryStatus.ACCEPTED, EntryStatus.REJECTED)
    assert any(
        m.to == ["other@example.jp"] and "募集テーマと関係がないため。" in m.body
        for m in mail.outbox
    )

    # Publish an emissions edition: upload, check, publish; the public sees it.
    page.goto(base + "/admin/emissions/edition/")
    page.locator(".object-tools").get_by_role("link", name="公表値の取込み").click()
    page.fill("#id_label", "2024年5月公表 (FY2022版)")
    page.set_input_files("#id_file", str(results_csv))
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/emissions/edition/\d+/change/$"))
    edition = Edition.objects.get()
    assert edition.status != EditionStatus.OFFICIAL
    page.get_by_role("button", name="公式版として公表").click()
    page.wait_for_url(re.compile(r".*/admin/emissions/edition/\d+/change/$"))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.OFFICIAL
    page.goto(base + "/emissions/131211/")
    assert "2,206.6" in page.locator("main").inner_text()

    # Build the annual report (eagerly here), then publish it.
    page.goto(base + "/admin/reports/annualreport/build/")
    page.fill("#id_fiscal_year", "2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/reports/annualreport/\d+/change/$"))
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.BUILT, report.progress_note
    page.goto(base + "/admin/reports/annualreport/")
    page.check(f"input[name=_selected_action][value='{report.pk}']")
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    page.wait_for_url(base + "/admin/reports/annualreport/")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    # The public reads it, with what the year brought.
    page.goto(base + "/reports/")
    page.get_by_role("link", name=re.compile("2026|令和8")).first.click()
    page.wait_for_url(base + "/reports/2026/")
    text = page.locator("main").inner_text()
    assert "62市区町村共同研修" in text
    assert "屋上緑化の普及啓発" in text and "¥250,000" in text  # the grants chapter
    assert "TOKYO EARTH WORKERS collection 2026" in text  # the contests chapter
    assert page.request.get(base + "/reports/2026/pdf/").status == 200
