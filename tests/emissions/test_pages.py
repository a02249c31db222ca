import io

import pytest
from django.urls import reverse

from emissions.models import Edition, MunicipalityTarget
from municipalities.models import PopulationRecord
from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows, downloaded
from tests.sitemaps import all_sitemap_xml

from .helpers import (
    ADACHI_FY2022_ROWS,
    RESULTS_HEADER,
    csv_bytes,
    published_edition,
    reference_fy2014_rows,
)


def text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_overview_reproduces_the_published_fy2014_totals(client):
    published_edition("2016年3月公表 (FY2014版)", reference_fy2014_rows())
    page = text(client.get("/en/emissions/"))
    assert "62,977.0 thousand t-CO2e" in page
    assert "47,394.0" in page and "15,424.0" in page and "159.0" in page
    # Minato is the largest: rank 1.
    assert '<td>1</td><th scope="row"><a href="/en/emissions/131032/">Minato</a>' in page


@pytest.mark.django_db
def test_adachi_karte_reproduces_the_published_fy2022_figures(client):
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    page = text(client.get("/en/emissions/131211/"))
    assert "2,206.6 thousand t-CO2e" in page  # 220.7 万t, all greenhouse gases
    assert "2,038.4 thousand t-CO2" in page  # 203.8 万t, CO2 only
    assert "<td>156.4</td>" in page  # HFCs 15.6 万t
    assert "828.4" in page and "452.0" in page and "386.0" in page


@pytest.mark.django_db
def test_every_figure_names_its_edition_and_co2_or_all_gases(client):
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    for url in ("/en/emissions/", "/en/emissions/131211/"):
        page = text(client.get(url))
        assert 'Edition: <span lang="ja">2024年5月公表 (FY2022版)</span> (official)' in page
        assert "CO2 only" in page and "all greenhouse gases" in page.lower()


@pytest.mark.django_db
def test_a_demo_edition_is_called_demo_data_and_not_official(client):
    edition = published_edition("デモ版", ADACHI_FY2022_ROWS)
    Edition.objects.filter(pk=edition.pk).update(is_demo=True)
    page = text(client.get("/en/emissions/"))
    assert 'Edition <span lang="ja">デモ版</span>: demo data, not official figures.' in page
    assert "(official)" not in page


@pytest.mark.django_db
def test_drafts_are_invisible_to_the_public(client):
    from emissions.services import import_results

    import_results(data=csv_bytes(RESULTS_HEADER, ADACHI_FY2022_ROWS), label="Draft X")
    assert "No emission figures have been published yet" in text(client.get("/en/emissions/"))
    assert client.get("/en/emissions/?edition=Draft X").status_code == 404
    assert client.get("/emissions/data.csv?edition=Draft X").status_code == 404
    assert client.get("/emissions/data.csv").status_code == 404
    assert client.get("/api/emissions/results?edition=Draft X").status_code == 404
    assert client.get("/api/emissions/editions").json() == []
    assert "Draft X" not in text(client.get("/en/emissions/131211/"))


@pytest.mark.django_db
def test_an_old_edition_shows_exactly_what_it_published(client):
    published_edition("Old", ["2021,131016,residential,CO2,1000"])
    client.get("/en/emissions/131016/?edition=Old")  # fills the cache with the old figures
    published_edition("New", ["2021,131016,residential,CO2,2500"])
    old_page = text(client.get("/en/emissions/131016/?edition=Old"))
    new_page = text(client.get("/en/emissions/131016/"))
    assert "1.0 thousand t-CO2e" in old_page and "superseded" in old_page
    assert "2.5 thousand t-CO2e" in new_page
    old_csv = b"".join(client.get("/emissions/data.csv?edition=Old").streaming_content).decode()
    assert "Old,2021,131016,residential,CO2,1000" in old_csv
    assert "2500" not in old_csv


@pytest.mark.django_db
def test_per_capita_and_changes_use_the_same_edition_and_population(client):
    published_edition(
        "E",
        [
            "2013,131016,residential,CO2,200000",
            "2020,131016,residential,CO2,130000",
            "2021,131016,residential,CO2,150000",
        ],
    )
    PopulationRecord.objects.create(
        municipality_id="131016", year=2021, population=60000, as_of="2021-10-01", source="test"
    )
    MunicipalityTarget.objects.create(municipality_id="131016", base_year=2013)
    page = text(client.get("/en/emissions/131016/"))
    assert "2.50 t-CO2e" in page  # 150,000 t / 60,000 people
    assert "+15.4 %" in page  # vs FY2020
    assert "−25.0 %" in page  # vs FY2013
    assert "114.8 thousand t" in page  # target: 200,000 × (1 − 0.426)


@pytest.mark.django_db
def test_open_data_csv_is_the_documented_format_with_a_bom(client):
    published_edition("E", ["2021,131016,residential,CO2,12.500", "2021,131024,waste,CO2,1000"])
    response = client.get("/emissions/data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        ["edition", "fiscal_year", "municipality_code", "sector", "gas", "value_t_co2e"],
        ["E", "2021", "131016", "residential", "CO2", "12.5"],
        ["E", "2021", "131024", "waste", "CO2", "1000"],
    ]


@pytest.mark.django_db
# Labels are stored without surrounding white space, so the tab and CR cases read as "=1+1".
@pytest.mark.parametrize("label", [text for text in HOSTILE_CELLS if not text[0].isspace()])
def test_open_data_csv_makes_a_hostile_edition_label_inert(client, label):
    published_edition(label, ["2021,131016,residential,CO2,1"])
    assert_inert(csv_rows(client.get("/emissions/data.csv")), hostile=[label])


@pytest.mark.django_db
def test_open_data_of_one_municipality(client):
    published_edition("E", ["2021,131016,residential,CO2,1", "2021,131024,waste,CO2,2"])
    rows = csv_rows(client.get("/emissions/data.csv?municipality=131024"))
    assert [row[2] for row in rows[1:]] == ["131024"]
    assert client.get("/emissions/data.csv?municipality=999999").status_code == 404


@pytest.mark.django_db
def test_open_data_as_excel_keeps_numbers_and_inert_text(client):
    from openpyxl import load_workbook

    published_edition("=1+1", ["2021,131016,residential,CO2,12.5"])
    response = client.get("/emissions/data.xlsx?municipality=131016")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(downloaded(response))).active
    row = [cell for cell in next(sheet.iter_rows(min_row=2))]
    assert row[0].value == "=1+1" and row[0].data_type == "s"
    assert row[5].value == 12.5


@pytest.mark.django_db
def test_comparison_shows_at_most_five_municipalities(client):
    codes = ["131016", "131024", "131032", "131041", "131059", "131067"]
    published_edition("E", [f"2021,{code},residential,CO2,1000" for code in codes])
    query = "&".join(f"m={code}" for code in codes)
    page = text(client.get(f"/en/emissions/compare/?{query}"))
    assert "Only the first 5 municipalities are compared" in page
    table = page[page.index("<table") :]
    assert table.count('<th scope="col">') == 6  # fiscal year + five municipalities


@pytest.mark.django_db
def test_unknown_municipality_is_404(client):
    assert client.get("/emissions/999999/").status_code == 404


def _publish_editions(first: int, count: int, years: int):
    for index in range(first, first + count):
        published_edition(
            f"E{index}",
            [
                f"{year},{code},{sector},{gas},{1000 + index + year}"
                for year in range(1995, 1995 + years)  # statistics are never ahead
                for code in ("131016", "131024", "131211")
                for sector in ("residential", "commercial")
                for gas in ("CO2", "CH4")
            ],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/emissions/",
        "/en/emissions/?edition=E1&year=2001",
        "/emissions/131211/",
        "/emissions/131211/?edition=E0",
        "/emissions/compare/?m=131016&m=131211",
        "/emissions/data/",
        "/municipalities/131211/",
        "/",
    ],
)
def test_public_pages_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, url):
    from django.core.cache import cache

    # The home page and profiles gather every app's section; those are cached fragments, so
    # their bound is measured once the sections are rendered.
    sections_page = url in ("/", "/municipalities/131211/")
    _publish_editions(0, 2, years=2)
    if sections_page:
        client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    _publish_editions(2, 4, years=30)
    cache.clear()
    if sections_page:
        client.get(url)
    bound = 10 if sections_page else len(few.captured_queries)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_api_lists_results_of_the_latest_official_edition(client):
    published_edition("Old", ["2021,131016,residential,CO2,1"])
    published_edition("New", ADACHI_FY2022_ROWS)
    editions = client.get("/api/emissions/editions").json()
    assert [(e["label"], e["status"]) for e in editions] == [
        ("New", "official"),
        ("Old", "superseded"),
    ]
    body = client.get("/api/emissions/results?gas=HFCs").json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "edition": "New",
        "fiscal_year": 2022,
        "municipality_code": "131211",
        "sector": "all",
        "gas": "HFCs",
        "value_t_co2e": "156400",
    }
    old = client.get("/api/emissions/results?edition=Old").json()
    assert old["items"][0]["value_t_co2e"] == "1"


@pytest.mark.django_db
def test_home_and_profile_show_the_latest_official_headline(client):
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    home = text(client.get("/en/"))
    assert "2,206.6 thousand t-CO2e" in home
    assert "All 62 municipalities, FY2022, all greenhouse gases" in home
    profile = text(client.get("/en/municipalities/131211/"))
    assert "2,206.6 thousand t-CO2e (all greenhouse gases)" in profile
    assert reverse("emissions:detail", kwargs={"code": "131211"}) in profile


@pytest.mark.django_db
def test_sitemap_lists_the_emission_pages(client):
    body = all_sitemap_xml(client)
    assert "/emissions/131211/" in body and "/en/emissions/" in body


@pytest.mark.django_db
def test_search_finds_a_municipality_emissions_page():
    from emissions.search import search

    published_edition("E", ADACHI_FY2022_ROWS)
    results = search(query="足立", limit=5)
    assert [r.url for r in results] == [reverse("emissions:detail", kwargs={"code": "131211"})]


@pytest.mark.django_db
def test_annual_report_shows_the_edition_published_in_the_fiscal_year(time_machine):
    from emissions.reporting import annual_report_section

    time_machine.move_to("2024-05-20 10:00+09:00")
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    section = annual_report_section(fiscal_year=2024)
    assert section.context["edition"].label == "2024年5月公表 (FY2022版)"
    assert ("Emission edition published", "2024年5月公表 (FY2022版)") in [
        (str(label), value) for label, value in section.figures
    ]
    assert annual_report_section(fiscal_year=2023) is None
    assert Edition.objects.count() == 1


@pytest.mark.django_db
def test_a_new_population_figure_shows_despite_the_page_cache(client):
    published_edition("E", ["2021,131016,residential,CO2,150000"])
    assert "population not available" in text(client.get("/en/emissions/131016/"))
    PopulationRecord.objects.create(
        municipality_id="131016", year=2021, population=60000, as_of="2021-10-01", source="test"
    )
    assert "2.50 t-CO2e" in text(client.get("/en/emissions/131016/"))


@pytest.mark.django_db
def test_links_of_a_superseded_edition_stay_in_that_edition(client):
    published_edition("Old", ["2021,131016,residential,CO2,1000"])
    client.get("/en/emissions/")  # caches the overview while "Old" is official
    published_edition("New", ["2021,131016,residential,CO2,2500"])
    page = text(client.get("/en/emissions/?edition=Old"))
    assert 'href="/en/emissions/131016/?edition=Old"' in page


@pytest.mark.django_db
def test_newsletter_digest_announces_an_edition_published_in_the_period(time_machine):
    import datetime

    from django.utils import timezone

    from emissions.digest import items_since

    time_machine.move_to("2024-05-20 10:00+09:00")
    published_edition("2024年5月公表 (FY2022版)", ADACHI_FY2022_ROWS)
    now = timezone.now()
    items = items_since(since=now - datetime.timedelta(days=7), until=now)
    assert [item.title_en for item in items] == [
        "Greenhouse gas emissions published: 2024年5月公表 (FY2022版)"
    ]
    assert (
        items_since(since=now + datetime.timedelta(days=1), until=now + datetime.timedelta(days=8))
        == []
    )


@pytest.mark.django_db
def test_the_home_headline_sums_as_the_overview_does_in_one_query(django_assert_num_queries):
    from io import StringIO

    from emissions import demo, selectors
    from emissions.models import Edition

    demo.seed(scale="demo", out=StringIO())
    edition = Edition.objects.latest_official()
    year = edition.fiscal_years[-1]
    with django_assert_num_queries(1):
        found = selectors.headline(edition, year)
    overview = selectors.overview(edition, year)
    assert (found.total_ghg, found.total_co2, found.previous_total_ghg) == (
        overview.total_ghg,
        overview.total_co2,
        overview.previous_total_ghg,
    )
    assert found.vs_previous == overview.vs_previous is not None


@pytest.mark.django_db
def test_the_sheet_sums_each_year_and_cell_as_the_database_does():
    """The sheet's yearly totals are its cells summed; both match a direct sum of the rows."""
    from decimal import Decimal

    from django.db.models import Q, Sum

    from emissions.models import EmissionResult
    from emissions.selectors import karte
    from municipalities.models import Municipality

    edition = published_edition(
        "Sums",
        [
            f"{year},131016,{sector},{gas},{value}"
            for year, sector, gas, value in [
                (2020, "residential", "CO2", "1000.5"),
                (2020, "commercial", "CO2", "2000.25"),
                (2020, "commercial", "CH4", "30.125"),
                (2021, "residential", "CO2", "900"),
                (2021, "waste", "N2O", "12.5"),
            ]
        ],
    )
    sheet = karte(edition, Municipality.objects.get(code="131016"), None)
    rows = EmissionResult.objects.filter(edition=edition, municipality_id="131016")
    direct = {
        row["fiscal_year"]: row
        for row in rows.values("fiscal_year").annotate(
            ghg=Sum("value"), co2=Sum("value", filter=Q(gas="CO2"))
        )
    }
    assert [year.fiscal_year for year in sheet.years] == [2020, 2021]
    for year in sheet.years:
        assert year.ghg == pytest.approx(direct[year.fiscal_year]["ghg"], abs=Decimal("1e-9"))
        assert year.co2 == pytest.approx(direct[year.fiscal_year]["co2"], abs=Decimal("1e-9"))
    assert sheet.fiscal_year == 2021
    assert sheet.breakdown == [
        ("residential", {"CO2": Decimal("900")}, Decimal("900")),
        ("waste", {"N2O": Decimal("12.5")}, Decimal("12.5")),
    ]
    assert dict(sheet.gases) == {"CO2": Decimal("900"), "N2O": Decimal("12.5")}
