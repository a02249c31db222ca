"""The admin for every role: scoping (404), permissions (403), moves as buttons, files, CSV."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AccessEvent
from core.models import AuditEntry
from grants.models import WORKFLOW, Application, Status, by_secretariat
from tests import uploads
from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows, downloaded

from .conftest import PDF_BYTES, make_application

BASE = "/admin/grants/application/"


@pytest.fixture
def chiyoda_app(program):
    return make_application(program, "131016", status=Status.SUBMITTED)


@pytest.fixture
def hachioji_app(program):
    return make_application(program, "132012", status=Status.SUBMITTED, title="八王子の森づくり")


def object_urls(application):
    attachment = application.attachments.get()
    return {
        "change": f"{BASE}{application.pk}/change/",
        "history": f"{BASE}{application.pk}/history/",
        "delete": f"{BASE}{application.pk}/delete/",
        "attachment": f"{BASE}{application.pk}/attachments/{attachment.pk}/",
        "move": f"{BASE}{application.pk}/move/withdraw/",
    }


@pytest.mark.parametrize("kind", ["change", "history", "delete", "attachment", "move"])
def test_another_municipalitys_application_is_404_on_every_url(
    client, chiyoda_staff, hachioji_app, kind
):
    client.force_login(chiyoda_staff)
    assert client.get(object_urls(hachioji_app)[kind]).status_code == 404
    assert client.post(object_urls(hachioji_app)[kind], {"post": "yes"}).status_code == 404
    hachioji_app.refresh_from_db()
    assert hachioji_app.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("change", 200), ("history", 200), ("delete", 403), ("attachment", 200), ("move", 200)],
)
def test_own_municipalitys_application_is_reachable(
    client, chiyoda_staff, chiyoda_app, kind, expected
):
    client.force_login(chiyoda_staff)
    assert client.get(object_urls(chiyoda_app)[kind]).status_code == expected


@pytest.mark.parametrize("kind", ["change", "history", "attachment"])
def test_secretariat_reaches_every_application(client, secretariat_user, hachioji_app, kind):
    client.force_login(secretariat_user)
    assert client.get(object_urls(hachioji_app)[kind]).status_code == 200


@pytest.mark.parametrize("kind", ["change", "history", "delete", "attachment", "move"])
def test_editor_and_anonymous_never_reach_applications(client, editor_user, chiyoda_app, kind):
    url = object_urls(chiyoda_app)[kind]
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(editor_user)
    assert client.get(url).status_code in (403, 404)
    assert client.get(BASE).status_code == 403


def test_attachment_is_streamed_privately(client, chiyoda_staff, chiyoda_app):
    client.force_login(chiyoda_staff)
    response = client.get(object_urls(chiyoda_app)["attachment"])
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    stored = chiyoda_app.attachments.get().file
    assert stored.name.startswith("grants/") and "事業計画書" not in stored.name
    client.logout()
    # Whatever URL the storage would name, the file is not served there.
    with pytest.raises(NotImplementedError):
        stored.storage.url(stored.name)  # private files have no public URL at all


def test_attachment_of_another_application_cannot_be_reached_through_own(
    client, chiyoda_staff, chiyoda_app, hachioji_app
):
    client.force_login(chiyoda_staff)
    other = hachioji_app.attachments.get()
    assert client.get(f"{BASE}{chiyoda_app.pk}/attachments/{other.pk}/").status_code == 404


def test_list_and_autocomplete_show_only_own_municipality(
    client, chiyoda_staff, chiyoda_app, hachioji_app
):
    client.force_login(chiyoda_staff)
    response = client.get(BASE)
    assert list(response.context["cl"].result_list) == [chiyoda_app]
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "grants",
            "model_name": "application",
            "field_name": "municipality",
            "term": "",
        },
    )
    assert [row["id"] for row in autocomplete.json()["results"]] == ["131016"]


def test_secretariat_list_shows_every_municipality(
    client, secretariat_user, chiyoda_app, hachioji_app
):
    client.force_login(secretariat_user)
    assert set(client.get(BASE).context["cl"].result_list) == {chiyoda_app, hachioji_app}


def test_change_page_offers_only_allowed_moves_and_shows_the_balance(
    client, chiyoda_staff, secretariat_user, chiyoda_app
):
    client.force_login(chiyoda_staff)
    page = client.get(object_urls(chiyoda_app)["change"]).content.decode()
    assert "/move/withdraw/" in page and "/move/decide/" not in page
    assert "¥1,000,000" in page  # the remaining balance (nothing decided yet) and the cap
    client.force_login(secretariat_user)
    page = client.get(object_urls(chiyoda_app)["change"]).content.decode()
    assert "/move/decide/" in page and "/move/withdraw/" not in page


def test_secretariat_decides_through_the_button(client, secretariat_user, chiyoda_app):
    client.force_login(secretariat_user)
    url = f"{BASE}{chiyoda_app.pk}/move/decide/"
    assert "300,000" in client.get(url).content.decode()  # proposes the requested amount
    response = client.post(url, {"granted_amount": "２５０，０００", "note": ""})
    assert response.status_code == 302
    chiyoda_app.refresh_from_db()
    assert (chiyoda_app.status, chiyoda_app.granted_amount) == (Status.DECIDED, 250_000)


def test_refused_decision_is_shown_as_a_message_with_the_balance(
    client, secretariat_user, program, chiyoda_app
):
    make_application(program, status=Status.DECIDED, granted=900_000)
    client.force_login(secretariat_user)
    response = client.post(
        f"{BASE}{chiyoda_app.pk}/move/decide/", {"granted_amount": "300,000"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("¥100,000" in m for m in shown), shown
    chiyoda_app.refresh_from_db()
    assert chiyoda_app.status == Status.SUBMITTED


def test_forced_move_that_is_not_allowed_is_refused(client, chiyoda_staff, chiyoda_app):
    client.force_login(chiyoda_staff)
    url = f"{BASE}{chiyoda_app.pk}/move/decide/"
    assert client.get(url).status_code == 302  # not offered
    response = client.post("/en" + url, {"granted_amount": "300,000"}, follow=True)
    assert any("Only the secretariat" in str(m) for m in response.context["messages"])
    chiyoda_app.refresh_from_db()
    assert chiyoda_app.status == Status.SUBMITTED


def test_unknown_move_is_404(client, secretariat_user, chiyoda_app):
    client.force_login(secretariat_user)
    assert client.get(f"{BASE}{chiyoda_app.pk}/move/approve_everything/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/grants/grantprogram/{program}/summary/",
        "/admin/grants/grantprogram/{program}/summary.csv",
        BASE + "export.csv",
    ],
)
def test_secretariat_figures_and_csv_are_secretariat_only(
    client, program, chiyoda_staff, editor_user, secretariat_user, chiyoda_app, url
):
    url = url.format(program=program.pk)
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (chiyoda_staff, editor_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 200


def test_csv_export_is_inert_with_a_bom_and_tokyo_times(client, program, secretariat_user):
    import datetime

    one_pm_in_tokyo = datetime.datetime(2026, 5, 1, 4, 0, tzinfo=datetime.UTC)
    for text in HOSTILE_CELLS:
        application = make_application(program, status=Status.SUBMITTED, title=text)
        Application.objects.filter(pk=application.pk).update(
            contact_name=text, submitted_at=one_pm_in_tokyo
        )
    client.force_login(secretariat_user)
    rows = csv_rows(client.get(BASE + "export.csv"))
    assert_inert(rows)
    submitted = rows[0].index("申請日時" if "申請日時" in rows[0] else "Submitted at")
    assert {row[submitted] for row in rows[1:]} == {"2026/05/01 13:00"}


def test_xlsx_exports_keep_hostile_text_as_text(client, program, secretariat_user):
    import io

    from openpyxl import load_workbook

    make_application(program, status=Status.DECIDED, title="=1+1", granted=400_000)
    client.force_login(secretariat_user)
    for url in (
        BASE + "export.csv?format=xlsx",
        f"/admin/grants/grantprogram/{program.pk}/summary.csv?format=xlsx",
    ):
        sheet = load_workbook(io.BytesIO(downloaded(client.get(url)))).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not [cell for cell in cells if cell.data_type == "f"]
        assert any(cell.value == 400_000 and cell.data_type == "n" for cell in cells)


def test_csv_exports_with_contact_persons_are_access_logged(
    client, program, secretariat_user, chiyoda_app
):
    client.force_login(secretariat_user)
    body = downloaded(client.get(BASE + "export.csv")).decode("utf-8-sig")
    assert chiyoda_app.contact_email in body
    client.post(BASE, {"action": "export_csv", "_selected_action": [chiyoda_app.pk]})
    logged = AccessEvent.objects.filter(kind=AccessEvent.Kind.PERSONAL_DATA_EXPORT)
    assert [(e.user, e.count) for e in logged.order_by("pk")] == [
        (secretariat_user, 1),
        (secretariat_user, 1),
    ]


def test_summary_shows_each_municipalitys_figures(client, program, secretariat_user):
    make_application(program, status=Status.DECIDED, granted=400_000)
    client.force_login(secretariat_user)
    body = downloaded(client.get(f"/admin/grants/grantprogram/{program.pk}/summary.csv")).decode(
        "utf-8-sig"
    )
    chiyoda = next(line for line in body.splitlines() if line.startswith("131016"))
    assert chiyoda.split(",")[4:] == ["400000", "0", "0", "600000"]


# --- Creating an application in the admin --------------------------------------------------


def add_form_data(client, program, **overrides):
    page = client.get(BASE + "add/")
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
    response = client.post(BASE + "add/", add_form_data(client, program))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    application = Application.objects.get()
    assert application.municipality_id == "131016"
    assert application.created_by == chiyoda_staff
    assert [line.amount for line in application.budget_lines.all()] == [120_000, 30_000]
    assert application.attachments.get().original_name == "plan.pdf"
    assert AuditEntry.objects.filter(object_id=str(application.pk), action="edit").exists()


def test_secretariat_cannot_apply(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get(BASE + "add/").status_code == 403


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
        "/en" + BASE + "add/", add_form_data(client, program, requested_amount=typed)
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Application.objects.exists()


def test_requested_amount_above_the_remaining_balance_is_refused(client, chiyoda_staff, program):
    make_application(program, status=Status.DECIDED, granted=700_000)
    client.force_login(chiyoda_staff)
    response = client.post(
        "/en" + BASE + "add/", add_form_data(client, program, requested_amount="400,000")
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
    response = client.post("/en" + BASE + "add/", data)
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
    response = client.post("/en" + BASE + "add/", data)
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
    client.post("/en" + BASE + "add/", data)
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
    page = client.get(BASE + "add/").content.decode()
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
            page = client.get(f"{BASE}{application.pk}/{kind}/").content.decode()
            assert chiyoda_staff.email in page
            assert "交付申請する" in page  # the move, by its label
    client.force_login(hachioji_staff)
    assert client.get(f"{BASE}{application.pk}/history/").status_code == 404


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
    response = client.post("/en" + BASE + "add/", data)
    assert response.status_code == 200
    assert "is not an eligible cost" in response.content.decode()


def test_worklists_show_whose_turn_it_is(client, secretariat_user, program):
    waiting_for_secretariat = make_application(program, status=Status.SUBMITTED)
    waiting_for_municipality = make_application(program, status=Status.RETURNED)
    client.force_login(secretariat_user)
    listed = client.get(BASE, {"awaiting": "secretariat"}).context["cl"].result_list
    assert list(listed) == [waiting_for_secretariat]
    listed = client.get(BASE, {"awaiting": "municipality"}).context["cl"].result_list
    assert list(listed) == [waiting_for_municipality]


def test_approving_a_change_shows_what_changes(client, secretariat_user, program):
    from grants.models import ChangeRequest

    application = make_application(program, status=Status.CHANGE_REQUESTED, granted=300_000)
    ChangeRequest.objects.create(
        application=application, reason="雨天順延", new_granted_amount=250_000
    )
    client.force_login(secretariat_user)
    page = client.get(f"{BASE}{application.pk}/move/approve_change/").content.decode()
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
    response = client.post(f"{BASE}{application.pk}{button}", MOVE_POSTS[move.value])
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
    response = client.post(f"/en{BASE}{application.pk}/move/report/", posted)
    assert response.status_code == 200
    assert error in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DECIDED and application.actual_cost is None


def test_staff_may_throw_away_their_own_draft_only(client, chiyoda_staff, program):
    draft = make_application(program, status=Status.DRAFT)
    client.force_login(chiyoda_staff)
    assert client.get(f"{BASE}{draft.pk}/delete/").status_code == 200
    client.post(f"{BASE}{draft.pk}/delete/", {"post": "yes"})
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_the_changelist_names_fiscal_years_in_the_japanese_era(
    client, secretariat_user, chiyoda_app
):
    client.force_login(secretariat_user)
    html = client.get(BASE, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "令和8年度（2026年度）" in html
    assert "FY2026" not in html
