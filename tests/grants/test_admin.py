"""The admin for every role: scoping (404), permissions (403), moves as buttons, files, CSV."""

import pytest

from accounts.models import AccessEvent
from grants.models import Application, Status
from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows, downloaded

from .conftest import ADMIN_BASE, PDF_BYTES, make_application, object_urls


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
    assert client.get(ADMIN_BASE).status_code == 403


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
    assert client.get(f"{ADMIN_BASE}{chiyoda_app.pk}/attachments/{other.pk}/").status_code == 404


def test_list_and_autocomplete_show_only_own_municipality(
    client, chiyoda_staff, chiyoda_app, hachioji_app
):
    client.force_login(chiyoda_staff)
    response = client.get(ADMIN_BASE)
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
    assert set(client.get(ADMIN_BASE).context["cl"].result_list) == {chiyoda_app, hachioji_app}


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
    url = f"{ADMIN_BASE}{chiyoda_app.pk}/move/decide/"
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
        f"{ADMIN_BASE}{chiyoda_app.pk}/move/decide/", {"granted_amount": "300,000"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("¥100,000" in m for m in shown), shown
    chiyoda_app.refresh_from_db()
    assert chiyoda_app.status == Status.SUBMITTED


def test_forced_move_that_is_not_allowed_is_refused(client, chiyoda_staff, chiyoda_app):
    client.force_login(chiyoda_staff)
    url = f"{ADMIN_BASE}{chiyoda_app.pk}/move/decide/"
    assert client.get(url).status_code == 302  # not offered
    response = client.post("/en" + url, {"granted_amount": "300,000"}, follow=True)
    assert any("Only the secretariat" in str(m) for m in response.context["messages"])
    chiyoda_app.refresh_from_db()
    assert chiyoda_app.status == Status.SUBMITTED


def test_unknown_move_is_404(client, secretariat_user, chiyoda_app):
    client.force_login(secretariat_user)
    assert client.get(f"{ADMIN_BASE}{chiyoda_app.pk}/move/approve_everything/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/grants/grantprogram/{program}/summary/",
        "/admin/grants/grantprogram/{program}/summary.csv",
        ADMIN_BASE + "export.csv",
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
    rows = csv_rows(client.get(ADMIN_BASE + "export.csv"))
    assert_inert(rows)
    submitted = rows[0].index("申請日時" if "申請日時" in rows[0] else "Submitted at")
    assert {row[submitted] for row in rows[1:]} == {"2026/05/01 13:00"}


def test_xlsx_exports_keep_hostile_text_as_text(client, program, secretariat_user):
    import io

    from openpyxl import load_workbook

    make_application(program, status=Status.DECIDED, title="=1+1", granted=400_000)
    client.force_login(secretariat_user)
    for url in (
        ADMIN_BASE + "export.csv?format=xlsx",
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
    body = downloaded(client.get(ADMIN_BASE + "export.csv")).decode("utf-8-sig")
    assert chiyoda_app.contact_email in body
    client.post(ADMIN_BASE, {"action": "export_csv", "_selected_action": [chiyoda_app.pk]})
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
