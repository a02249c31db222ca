import csv
import datetime
import io
import re
import types
import zlib

import pytest

from core.contributions import ReportSection
from initiatives import reporting as initiatives_chapter
from initiatives.models import AwarenessGood, Distribution, Initiative
from reports import reporting as own_chapter
from reports import services
from reports.models import AnnualReport, ReportStatus
from reports.services import ReportError

pytestmark = pytest.mark.django_db

YEAR = 2025


def fake_grants_module(*, fail: bool = False):
    module = types.ModuleType("fake_grants_reporting")

    def annual_report_section(*, fiscal_year):
        if fail:
            raise RuntimeError("the grants ledger is unreachable")
        return ReportSection(
            app_label="grants",
            title="助成金",
            template="reports/tests/fake_chapter.html",
            context={"granted": 4_500_000, "fiscal_year": fiscal_year},
            order=20,
            figures=[("交付決定額", "¥4,500,000"), ("交付団体数", "3")],
        )

    module.annual_report_section = annual_report_section
    return module


@pytest.fixture
def contributors(monkeypatch):
    """The report's own chapter, the initiatives app's, and a stand-in for grants."""
    modules = {"reporting": [own_chapter, initiatives_chapter, fake_grants_module()]}
    monkeypatch.setattr("core.contributions.app_modules", lambda name: modules.get(name, []))
    return modules


@pytest.fixture
def initiatives(db):
    goods = Initiative.objects.create(
        fiscal_year=YEAR,
        title_ja="共通啓発物品の作成・配布",
        title_en="Awareness goods",
        summary_ja="ゴーヤの種を配布します。",
        action="awareness",
        status="completed",
    )
    Initiative.objects.create(
        fiscal_year=YEAR, title_ja="共同研修", summary_ja="研修", action="cooperation"
    )
    Initiative.objects.create(
        fiscal_year=YEAR - 1, title_ja="前年度の事業", summary_ja="前年度", action="cooperation"
    )
    goya = AwarenessGood.objects.create(
        name_ja="ゴーヤの種", name_en="Goya seeds", unit_ja="袋", unit_en="bags"
    )
    for code in ("131016", "131024", "132012"):
        Distribution.objects.create(
            initiative=goods,
            good=goya,
            municipality_id=code,
            quantity=200,
            distributed_on=datetime.date(YEAR, 5, 1),
        )
    return goods


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, where WeasyPrint keeps the font objects."""
    text = pdf
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return text


def pdf_font_names(pdf: bytes) -> set[bytes]:
    return set(re.findall(rb"/FontName\s*/([A-Za-z0-9+_-]+)", pdf_objects(pdf)))


def build(actor) -> AnnualReport:
    report = services.request_build(fiscal_year=YEAR, actor=actor)
    report.refresh_from_db()
    return report


def test_a_build_renders_html_pdf_and_csv_with_the_right_totals(
    contributors, initiatives, secretariat_user
):
    report = build(secretariat_user)
    assert report.status == ReportStatus.BUILT
    assert report.progress == 100
    assert report.chapter_titles == ["事業の概要と62市区町村", "事業計画の取り組み", "助成金"]

    rows = list(csv.reader(io.StringIO(report.csv.open("rb").read().decode("utf-8-sig"))))
    figures = {row[2]: row[3] for row in rows[1:]}
    assert figures["参加市区町村数"] == "62"
    assert figures["取り組み数"] == "2"  # the previous year's initiative is not counted
    assert figures["完了"] == "1"  # initiatives' own wording, not grants' 実施済み
    assert figures["配布物品: ゴーヤの種"] == "600"
    assert figures["交付決定額"] == "¥4,500,000"

    html = report.html.open("rb").read().decode()
    assert "令和7年度" in html
    assert "共通啓発物品の作成・配布" in html and "前年度の事業" not in html
    # The goods table: total with its unit, and how many municipalities received it.
    assert re.search(
        r"<td>ゴーヤの種</td><td class=\"num\">600 袋</td><td class=\"num\">3</td>", html
    )
    assert "granted 4500000 in 2025" in html
    english = report.html_en.open("rb").read().decode()
    assert "The program and the 62 municipalities" in english and "FY2025" in english
    assert "Initiatives of the work plan" in english and "<td>Goya seeds</td>" in english


def test_the_pdf_embeds_the_japanese_font(contributors, initiatives, secretariat_user):
    report = build(secretariat_user)
    pdf = report.pdf.open("rb").read()
    assert pdf.startswith(b"%PDF-")
    fonts = pdf_font_names(pdf)
    assert any(b"Noto-Sans-CJK-JP" in name for name in fonts), fonts
    # Embedded means a font program is in the file, subset ("ABCDEF+Name") as usual.
    assert re.search(rb"/FontFile[23]?\b", pdf_objects(pdf))
    assert all(re.match(rb"[A-Z]{6}\+", name) for name in fonts)


def test_running_the_build_job_twice_builds_once(contributors, initiatives, secretariat_user):
    report = build(secretariat_user)
    pdf_name = report.pdf.name
    again = services.build_report(report_id=report.pk)
    assert again.status == ReportStatus.BUILT
    assert again.pdf.name == pdf_name
    assert AnnualReport.objects.count() == 1


def test_a_build_interrupted_while_building_is_built_again(
    contributors, initiatives, secretariat_user
):
    report = AnnualReport.objects.create(
        fiscal_year=YEAR, version=1, status=ReportStatus.BUILDING, progress=50
    )
    assert services.build_report(report_id=report.pk).status == ReportStatus.BUILT


def test_rebuilding_adds_a_version(contributors, initiatives, secretariat_user):
    first = build(secretariat_user)
    second = build(secretariat_user)
    assert (first.version, second.version) == (1, 2)
    assert first.pdf.name != second.pdf.name


def test_a_failed_build_says_why_and_keeps_the_published_version(
    contributors, initiatives, secretariat_user, client
):
    published = build(secretariat_user)
    services.publish_report(report_id=published.pk, actor=secretariat_user)
    contributors["reporting"] = [own_chapter, initiatives_chapter, fake_grants_module(fail=True)]
    failed = build(secretariat_user)
    assert failed.status == ReportStatus.FAILED
    assert "the grants ledger is unreachable" in failed.error
    assert not failed.pdf
    published.refresh_from_db()
    assert published.status == ReportStatus.PUBLISHED
    assert client.get(f"/reports/{YEAR}/").status_code == 200


def test_publishing_a_new_version_withdraws_the_previous_one(
    contributors, initiatives, secretariat_user
):
    first = build(secretariat_user)
    services.publish_report(report_id=first.pk, actor=secretariat_user)
    second = build(secretariat_user)
    services.publish_report(report_id=second.pk, actor=secretariat_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ReportStatus.WITHDRAWN, ReportStatus.PUBLISHED)


def test_an_unbuilt_or_failed_report_cannot_be_published(secretariat_user):
    queued = AnnualReport.objects.create(fiscal_year=YEAR, version=1)
    with pytest.raises(ReportError):
        services.publish_report(report_id=queued.pk, actor=secretariat_user)


def test_only_the_secretariat_builds_and_publishes(editor_user, chiyoda_staff):
    for actor in (editor_user, chiyoda_staff):
        with pytest.raises(ReportError):
            services.request_build(fiscal_year=YEAR, actor=actor)
    report = AnnualReport.objects.create(fiscal_year=YEAR, version=1, status=ReportStatus.BUILT)
    with pytest.raises(ReportError):
        services.publish_report(report_id=report.pk, actor=editor_user)


def test_a_year_before_the_program_is_refused(secretariat_user):
    with pytest.raises(ReportError):
        services.request_build(fiscal_year=1999, actor=secretariat_user)


def test_the_report_is_useful_with_no_other_app(monkeypatch, secretariat_user):
    monkeypatch.setattr(
        "core.contributions.app_modules",
        lambda name: [own_chapter] if name == "reporting" else [],
    )
    report = build(secretariat_user)
    assert report.status == ReportStatus.BUILT
    assert "62" in report.html.open("rb").read().decode()


def test_seed_demo_seeds_the_work_plan_before_building_the_demo_report():
    from core.discovery import app_modules

    names = [module.__name__ for module in app_modules("demo")]
    assert names.index("initiatives.demo") < names.index("reports.demo")


def test_the_demo_report_shows_the_initiatives_demo_and_is_built_once(monkeypatch):
    from io import StringIO

    from initiatives import demo as initiatives_demo
    from reports import demo

    monkeypatch.setattr(
        "core.contributions.app_modules",
        lambda name: [own_chapter, initiatives_chapter] if name == "reporting" else [],
    )
    for _run in range(2):
        initiatives_demo.seed(scale="demo", out=StringIO())
        demo.seed(scale="demo", out=StringIO())
    report = AnnualReport.objects.get(fiscal_year=demo.DEMO_YEAR)
    assert report.status == ReportStatus.PUBLISHED
    csv_text = report.csv.open("rb").read().decode("utf-8-sig")
    assert '配布物品: ゴーヤの種,"12,400"' in csv_text
    assert "取り組み数,13" in csv_text


def test_the_csv_appendix_has_a_bom_and_keeps_hostile_figures_inert(monkeypatch, secretariat_user):
    from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows

    module = types.ModuleType("hostile_reporting")
    module.annual_report_section = lambda *, fiscal_year: ReportSection(
        app_label="grants",
        title="助成金",
        template="reports/tests/fake_chapter.html",
        context={"granted": 0, "fiscal_year": fiscal_year},
        order=20,
        figures=[(text, text) for text in HOSTILE_CELLS],
    )
    monkeypatch.setattr(
        "core.contributions.app_modules",
        lambda name: [module] if name == "reporting" else [],
    )
    report = build(secretariat_user)
    assert_inert(csv_rows(report.csv.open("rb").read()))
