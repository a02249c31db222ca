import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from core.contributions import collect_search_results
from library import demo
from library.models import Category, Document
from tests.sitemaps import all_sitemap_xml

pytestmark = pytest.mark.django_db

GUIDEBOOK = "自治体向けカーボン・オフセット ガイドブック"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def library():
    demo.seed(scale="demo", out=StringIO())
    return Document.objects.get(title_ja=GUIDEBOOK)


def _pdf_bytes(title: str) -> bytes:
    from core.printing import html_to_pdf

    return html_to_pdf(f"<html lang='ja'><body><h1>{title}</h1></body></html>", stylesheets=[])


def test_demo_holds_the_guidebook_and_the_standard_method_as_real_pdfs(library):
    method = Document.objects.get(category=Category.METHOD)
    assert "標準算定手法" in method.title_ja
    version = library.versions.get()
    assert version.file_format == "pdf" and version.size > 1000
    text = PdfReader(io.BytesIO(version.file.open("rb").read())).pages[0].extract_text()
    assert "ガイドブック" in text.replace(" ", "")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_list_and_page_answer_in_both_languages_with_size_and_type(
    client, library, prefix, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        listing = client.get(f"{prefix}/library/")
    assert listing.status_code == 200
    assert library.title in listing.text or library.title_en in listing.text
    page = client.get(f"{prefix}/library/{library.pk}/")
    assert page.status_code == 200
    assert "PDF" in page.text
    assert ("KB" in page.text) or ("バイト" in page.text) or ("MB" in page.text)
    if prefix:
        assert "Carbon offset guidebook for municipalities" in page.text


def test_list_filters_and_searches(client, library):
    assert GUIDEBOOK in client.get("/library/", {"category": "guidebook"}).text
    assert GUIDEBOOK not in client.get("/library/", {"category": "method"}).text
    assert GUIDEBOOK not in client.get("/library/", {"fiscal_year": 2012}).text
    assert GUIDEBOOK in client.get("/library/", {"q": "釜石"}).text
    assert GUIDEBOOK not in client.get("/library/", {"q": "スマート"}).text
    okutama = client.get("/library/", {"municipality": "133086"}).text
    assert "森林セラピーロード" in okutama and GUIDEBOOK not in okutama
    for hostile in (
        {"fiscal_year": "99999999999"},
        {"category": "<x>"},
        {"q": "x" * 5000},
        {"page": "-1"},
    ):
        assert client.get("/library/", hostile).status_code == 200


def test_the_file_is_served_only_while_the_document_is_published(client, library):
    url = f"{library.get_absolute_url()}files/1/"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    library.is_published = False
    library.save()
    assert client.get(url).status_code == 404
    assert client.get(library.get_absolute_url()).status_code == 404
    library.is_published = True
    library.published_at = timezone.now() + datetime.timedelta(days=1)
    library.save()
    assert client.get(url).status_code == 404


def test_search_sitemap_profile_and_api_show_the_documents(client, library):
    assert any(
        r.url == library.get_absolute_url() for r in collect_search_results(query="ガイドブック")
    )
    assert library.get_absolute_url() in all_sitemap_xml(client)
    assert "森林セラピーロード案内" in client.get("/municipalities/133086/").text
    data = client.get("/api/library/documents", {"category": "guidebook"}).json()
    item = data["items"][0]
    assert item["title_ja"] == GUIDEBOOK and item["file_format"] == "pdf" and item["file_size"] > 0
    assert client.get(item["file_url"]).status_code == 200


def test_a_new_upload_is_checked_by_content_and_old_versions_stay(
    client, library, secretariat_user
):
    client.force_login(secretariat_user)
    change = f"/admin/library/document/{library.pk}/change/"
    form = {
        "title_ja": library.title_ja, "title_en": library.title_en, "fiscal_year": 2011,
        "category": "guidebook", "municipality": "", "summary_ja": library.summary_ja,
        "summary_en": library.summary_en, "is_published": "on",
        "published_at_0": "2026-04-01", "published_at_1": "10:00:00",
        "versions-TOTAL_FORMS": "1", "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "0", "versions-MAX_NUM_FORMS": "1000",
        "versions-0-id": library.versions.get().pk, "versions-0-document": library.pk,
    }  # fmt: skip
    fake = SimpleUploadedFile(
        "guide.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = client.post(change, {**form, "new_file": fake})
    assert response.status_code == 200  # refused: it is not a PDF whatever its name says
    assert library.versions.count() == 1
    real = SimpleUploadedFile("改訂版.pdf", _pdf_bytes("改訂版"), "application/pdf")
    response = client.post(change, {**form, "new_file": real, "version_note": "第2版"})
    assert response.status_code == 302, response.content[:2000]
    versions = list(library.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].file.open("rb").read().startswith(b"%PDF")  # the first file is kept
    assert versions[1].note == "第2版" and not versions[1].file.name.endswith("改訂版.pdf")
    page = client.get(library.get_absolute_url())
    assert f"{library.get_absolute_url()}files/2/" in page.text
    assert f"{library.get_absolute_url()}files/1/" in page.text  # listed as an earlier version


def test_navigation_links_the_library(client, library):
    assert 'href="/library/"' in client.get("/").text
