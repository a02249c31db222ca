import pytest

from initiatives import reporting as initiatives_chapter
from initiatives.models import Initiative
from reports import reporting as own_chapter
from reports import services
from reports.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_chapters(monkeypatch):
    """The report's own chapter and the initiatives app's; no stand-ins for other apps."""
    monkeypatch.setattr(
        "core.contributions.app_modules",
        lambda name: [own_chapter, initiatives_chapter] if name == "reporting" else [],
    )


@pytest.fixture
def published(report_chapters, secretariat_user):
    Initiative.objects.create(
        fiscal_year=2024, title_ja="共同研修", summary_ja="研修", action="cooperation"
    )
    report = services.request_build(fiscal_year=2024, actor=secretariat_user)
    return services.publish_report(report_id=report.pk, actor=secretariat_user)


def test_the_archive_lists_published_years_only(client, published, django_assert_max_num_queries):
    AnnualReport.objects.create(fiscal_year=2023, version=1, status=ReportStatus.BUILT)
    with django_assert_max_num_queries(6):
        response = client.get("/reports/")
    assert response.status_code == 200
    assert [r.fiscal_year for r in response.context["reports"]] == [2024]
    assert "令和6年度" in response.content.decode()


def test_a_published_report_page_shows_the_chapters_in_each_language(client, published):
    japanese = client.get("/reports/2024/").content.decode()
    assert "事業の概要と62市区町村" in japanese and "事業計画の取り組み" in japanese
    assert "共同研修" in japanese
    english = client.get("/en/reports/2024/").content.decode()
    assert "The program and the 62 municipalities" in english and "FY2024" in english
    assert "Initiatives of the work plan" in english


def test_the_pdf_and_csv_download_from_the_public_page(client, published):
    pdf = client.get("/reports/2024/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    csv = client.get("/reports/2024/csv/")
    assert csv.status_code == 200
    assert "参加市区町村数" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_unpublished_versions_are_not_public(client, report_chapters, secretariat_user):
    services.request_build(fiscal_year=2024, actor=secretariat_user)
    assert client.get("/reports/2024/").status_code == 404
    assert client.get("/reports/2024/pdf/").status_code == 404
    assert client.get("/reports/2024/exe/").status_code == 404


def test_the_api_lists_published_reports(client, published):
    data = client.get("/api/reports/").json()
    assert [(r["fiscal_year"], r["version"]) for r in data] == [(2024, 1)]
    assert data[0]["pdf_url"] == "/reports/2024/pdf/"


def test_the_home_page_links_the_latest_report(client, published):
    body = client.get("/").content.decode()
    assert 'href="/reports/2024/"' in body


def test_the_sitemap_lists_published_reports(client, published):
    # /sitemap.xml is an index of one sitemap per section.
    assert "/sitemap-reports.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-reports.xml").content.decode()
    assert "/reports/2024/" in body and "/en/reports/2024/" in body


def test_secretariat_starts_a_build_in_the_admin_and_sees_progress(
    client, report_chapters, secretariat_user
):
    client.force_login(secretariat_user)
    form = client.get("/admin/reports/annualreport/build/")
    assert form.status_code == 200
    response = client.post("/admin/reports/annualreport/build/", {"fiscal_year": 2024})
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/reports/annualreport/{report.pk}/change/")
    progress = client.get(f"/admin/reports/annualreport/{report.pk}/progress/").json()
    assert progress["status"] == "built" and progress["progress"] == 100
    assert progress["finished"]
    assert client.get(f"/admin/reports/annualreport/{report.pk}/change/").status_code == 200
    pdf = client.get(f"/admin/reports/annualreport/{report.pk}/file/pdf/")
    assert pdf.status_code == 200


def test_the_admin_build_form_reports_a_refusal(client, report_chapters, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post("/admin/reports/annualreport/build/", {"fiscal_year": 2001})
    assert response.status_code == 200
    assert not AnnualReport.objects.exists()


def test_publishing_from_the_admin_action(client, report_chapters, secretariat_user):
    report = services.request_build(fiscal_year=2024, actor=secretariat_user)
    client.force_login(secretariat_user)
    client.post(
        "/admin/reports/annualreport/",
        {"action": "publish", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_home_forgets_a_withdrawn_report(client, published, secretariat_user):
    assert 'href="/reports/2024/"' in client.get("/").content.decode()
    services.withdraw_report(report_id=published.pk, actor=secretariat_user)
    assert 'href="/reports/2024/"' not in client.get("/").content.decode()
