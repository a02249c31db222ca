"""Applying in the admin: the add form, its refusals and files, read-only pages, move buttons."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from grants.models import WORKFLOW, Application, Status, by_secretariat
from tests import uploads

from .conftest import ADMIN_BASE, PDF_BYTES, make_application, object_urls


def add_form_data(client, program, **overrides):
    page = client.get(ADMIN_BASE + "add/")
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "program": program.pk,
            "municipality": "132012",  # forced back to the staff member's own
            "title_ja": "グリーンカーテン講座",
            "summary_ja": "ゴーヤの種を配り講座を開く。",
            "purpose": "家庭の節電",
            "period_start": "2026-06-01",
            "period_end": "2026-09-30",
            "requested_amount": "",
            "contact_name": "緑 花子",
            "contact_email": "midori@example.jp",
            "budget_lines-TOTAL_FORMS": "2",
            "budget_lines-0-description": "種と苗",
            "budget_lines-0-eligible": "on",
            "budget_lines-0-amount": "１２０，０００",
            "budget_lines-1-description": "会場費",
            "budget_lines-1-eligible": "on",
            "budget_lines-1-amount": "30,000",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": "plan",
            "attachments-0-file": SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
        }
    )
    data.update(overrides)
    return data


def test_staff_create_an_application_for_their_own_municipality(client, chiyoda_staff, program):
    client.force_login(chiyoda_staff)
    response = client.post(ADMIN_BASE + "add/", add_form_data(client, program))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    application = Application.objects.get()
    assert application.municipality_id == "131016"
    assert application.created_by == chiyoda_staff
    assert [line.amount for line in application.budget_lines.all()] == [120_000, 30_000]
    assert application.attachments.get().original_name == "plan.pdf"
    assert AuditEntry.objects.filter(object_id=str(application.pk), action="edit").exists()


def test_secretariat_cannot_apply(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get(ADMIN_BASE + "add/").status_code == 403


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("-5,000", "cannot be negative"),
        ("1,500,000", "remaining balance of ¥1,000,000"),
        ("12.5", "whole yen"),
        ("0", "more than ¥0"),
        ("١٥٠٠٠٠", "whole yen"),
        ("2,147,483,648", "at most ¥2,147,483,647"),
    ],
)
def test_money_input_refusals_say_why(client, chiyoda_staff, program, typed, error):
    client.force_login(chiyoda_staff)
    response = client.post(
        "/en" + ADMIN_BASE + "add/", add_form_data(client, program, requested_amount=typed)
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Application.objects.exists()


def test_requested_amount_above_the_remaining_balance_is_refused(client, chiyoda_staff, program):
    make_application(program, status=Status.DECIDED, granted=700_000)
    client.force_login(chiyoda_staff)
    response = client.post(
        "/en" + ADMIN_BASE + "add/", add_form_data(client, program, requested_amount="400,000")
    )
    assert "remaining balance of ¥300,000" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"<html><script>alert(1)</script></html>"),
        ("report.docx", b"PK\x03\x04not really a zip"),
        ("evil.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ],
)
def test_attachment_type_is_checked_by_content(client, chiyoda_staff, program, name, content):
    client.force_login(chiyoda_staff)
    data = add_form_data(client, program)
    data["attachments-0-file"] = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post("/en" + ADMIN_BASE + "add/", data)
    assert response.status_code == 200
    assert "This type of file is not accepted. Upload PDF, JPEG, PNG" in response.content.decode()


@pytest.mark.parametrize("case", sorted(uploads.HOSTILE_DOCUMENTS) + ["polyglot-oversize"])
def test_hostile_attachments_are_refused_without_a_server_error(
    client, chiyoda_staff, program, case
):
    if case == "polyglot-oversize":
        name, content = "plan.jpg", uploads.oversized("plan.jpg", 20).read()
    else:
        name, build = uploads.HOSTILE_DOCUMENTS[case]
        content = build()
    client.force_login(chiyoda_staff)
    data = add_form_data(client, program)
    data["attachments-0-file"] = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post("/en" + ADMIN_BASE + "add/", data)
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_a_polyglot_attachment_is_stored_as_a_clean_pdf_under_a_random_name(
    client, chiyoda_staff, program
):
    client.force_login(chiyoda_staff)
    data = add_form_data(client, program)
    data["attachments-0-file"] = SimpleUploadedFile(
        "見積書.php.pdf", uploads.pdf_zip_polyglot(), "application/pdf"
    )
    client.post("/en" + ADMIN_BASE + "add/", data)
    attachment = Application.objects.get().attachments.get()
    assert attachment.original_name == "見積書.php.pdf"
    assert re.fullmatch(r"grants/[0-9a-f]{32}\.pdf", attachment.file.name)
    with attachment.file.open("rb") as stored:
        assert b"PK\x03\x04" not in stored.read()


def test_submitted_application_content_is_read_only(client, chiyoda_staff, chiyoda_app):
    client.force_login(chiyoda_staff)
    response = client.get(object_urls(chiyoda_app)["change"])
    assert "title_ja" not in response.context["adminform"].form.fields


def test_add_page_shows_the_guidance_and_the_remaining_balance(client, chiyoda_staff, program):
    program.guidance_ja = "事業計画書を添付してください。"
    program.save()
    make_application(program, status=Status.DECIDED, granted=400_000)
    client.force_login(chiyoda_staff)
    page = client.get(ADMIN_BASE + "add/").content.decode()
    assert "事業計画書を添付してください。" in page
    assert "¥600,000" in page


def test_audit_trail_is_shown_to_the_municipality_and_the_secretariat(
    client, chiyoda_staff, secretariat_user, hachioji_staff, application
):
    from grants import services

    services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    for user in (chiyoda_staff, secretariat_user):
        client.force_login(user)
        for kind in ("change", "history"):
            page = client.get(f"{ADMIN_BASE}{application.pk}/{kind}/").content.decode()
            assert chiyoda_staff.email in page
            assert "交付申請する" in page  # the move, by its label
    client.force_login(hachioji_staff)
    assert client.get(f"{ADMIN_BASE}{application.pk}/history/").status_code == 404


def test_submitted_attachments_stay_as_submitted_and_show_no_storage_url(
    client, chiyoda_staff, chiyoda_app
):
    client.force_login(chiyoda_staff)
    page = client.get(object_urls(chiyoda_app)["change"]).content.decode()
    stored = chiyoda_app.attachments.get().file.name
    assert stored not in page  # only the permission-checked download link is shown
    assert object_urls(chiyoda_app)["attachment"] in page


def test_amounts_are_shown_as_yen_once_read_only(client, secretariat_user, chiyoda_app):
    client.force_login(secretariat_user)
    page = client.get(object_urls(chiyoda_app)["change"]).content.decode()
    assert "¥300,000" in page


def test_program_admin_is_read_only_for_staff_and_closed_to_editors(
    client, program, chiyoda_staff, editor_user, secretariat_user
):
    url = f"/admin/grants/grantprogram/{program.pk}/change/"
    client.force_login(chiyoda_staff)
    assert client.get("/admin/grants/grantprogram/").status_code == 200
    assert client.get(url).status_code == 200
    assert client.get("/admin/grants/grantprogram/add/").status_code == 403
    client.post(url, {"cap_per_municipality": 9_999_999})
    program.refresh_from_db()
    assert program.cap_per_municipality == 1_000_000
    client.force_login(editor_user)
    assert client.get(url).status_code == 403
    client.force_login(secretariat_user)
    assert client.get("/admin/grants/grantprogram/add/").status_code == 200


def test_a_line_in_an_ineligible_category_cannot_be_marked_eligible(client, chiyoda_staff, program):
    from grants.models import CostCategory

    food = CostCategory.objects.create(program=program, name_ja="食糧費", eligible=False)
    client.force_login(chiyoda_staff)
    data = add_form_data(client, program)
    data["budget_lines-1-category"] = food.pk
    response = client.post("/en" + ADMIN_BASE + "add/", data)
    assert response.status_code == 200
    assert "is not an eligible cost" in response.content.decode()


def test_worklists_show_whose_turn_it_is(client, secretariat_user, program):
    waiting_for_secretariat = make_application(program, status=Status.SUBMITTED)
    waiting_for_municipality = make_application(program, status=Status.RETURNED)
    client.force_login(secretariat_user)
    listed = client.get(ADMIN_BASE, {"awaiting": "secretariat"}).context["cl"].result_list
    assert list(listed) == [waiting_for_secretariat]
    listed = client.get(ADMIN_BASE, {"awaiting": "municipality"}).context["cl"].result_list
    assert list(listed) == [waiting_for_municipality]


def test_approving_a_change_shows_what_changes(client, secretariat_user, program):
    from grants.models import ChangeRequest

    application = make_application(program, status=Status.CHANGE_REQUESTED, granted=300_000)
    ChangeRequest.objects.create(
        application=application, reason="雨天順延", new_granted_amount=250_000
    )
    client.force_login(secretariat_user)
    page = client.get(f"{ADMIN_BASE}{application.pk}/move/approve_change/").content.decode()
    assert "雨天順延" in page and "¥250,000" in page


MOVE_POSTS = {
    "submit": {},
    "return": {"reason": "見積書を添付してください"},
    "resubmit": {},
    "decide": {"granted_amount": "２５０，０００"},
    "reject": {"reason": "対象外"},
    "withdraw": {"reason": ""},
    "request_change": {"reason": "期間延長", "new_period_end": "2027-03-20"},
    "approve_change": {"note": ""},
    "refuse_change": {"reason": "理由不十分"},
    "report": {"results": "120人参加", "actual_cost": "400,000", "eligible_actual_cost": "200,000"},
    "return_report": {"reason": "領収書不足"},
    "confirm": {},
    "claim": {},
    "pay": {},
}


@pytest.mark.parametrize(
    ("move", "source"),
    [(move, spec.sources[0]) for move, spec in WORKFLOW.moves.items()],
    ids=str,
)
def test_every_move_is_a_button_for_its_side_that_does_the_move(
    client, program, chiyoda_staff, secretariat_user, move, source
):
    from .test_services import prepared

    application = prepared(program, source)
    own, other = (
        (secretariat_user, chiyoda_staff)
        if WORKFLOW[move].allowed is by_secretariat
        else (chiyoda_staff, secretariat_user)
    )
    button = f"/move/{move.value}/"
    client.force_login(other)
    assert button not in client.get(object_urls(application)["change"]).content.decode()
    client.force_login(own)
    assert button in client.get(object_urls(application)["change"]).content.decode()
    response = client.post(f"{ADMIN_BASE}{application.pk}{button}", MOVE_POSTS[move.value])
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == WORKFLOW[move].target


@pytest.mark.parametrize(
    ("actual_cost", "error"),
    [("2,147,483,648", "¥2,147,483,647"), ("0", "¥0"), ("٤٠٠٠٠٠", "whole yen")],
)
def test_a_completion_report_past_the_yen_column_is_a_form_error(
    client, program, chiyoda_staff, actual_cost, error
):
    from .test_services import prepared

    application = prepared(program, Status.DECIDED)
    client.force_login(chiyoda_staff)
    posted = {**MOVE_POSTS["report"], "actual_cost": actual_cost}
    response = client.post(f"/en{ADMIN_BASE}{application.pk}/move/report/", posted)
    assert response.status_code == 200
    assert error in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DECIDED and application.actual_cost is None


def test_staff_may_throw_away_their_own_draft_only(client, chiyoda_staff, program):
    draft = make_application(program, status=Status.DRAFT)
    client.force_login(chiyoda_staff)
    assert client.get(f"{ADMIN_BASE}{draft.pk}/delete/").status_code == 200
    client.post(f"{ADMIN_BASE}{draft.pk}/delete/", {"post": "yes"})
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_the_changelist_names_fiscal_years_in_the_japanese_era(
    client, secretariat_user, chiyoda_app
):
    client.force_login(secretariat_user)
    html = client.get(ADMIN_BASE, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "令和8年度（2026年度）" in html
    assert "FY2026" not in html
