import datetime
from io import StringIO

import pytest
import time_machine
from django.utils import translation

from initiatives import demo
from initiatives.models import Action, AwarenessGood, Distribution, Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_plan():
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=False):
        demo.seed(scale="demo", out=StringIO())
    return Initiative.objects.all()


@pytest.fixture(autouse=True)
def fiscal_2026():
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=True):
        yield


def test_demo_plan_has_every_kind_of_action_and_distributions_to_all_62(work_plan):
    assert set(work_plan.values_list("action", flat=True)) == set(Action.values)
    goya = AwarenessGood.objects.get(name_ja="ゴーヤの種")
    assert Distribution.objects.filter(good=goya, initiative__fiscal_year=2011).count() == 62


def test_index_groups_the_current_fiscal_year_by_action(
    client, work_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/initiatives/")
    assert response.status_code == 200
    assert response.context["fiscal_year"] == 2026
    groups = {
        group["action"].value: len(group["initiatives"]) for group in response.context["by_action"]
    }
    assert sum(groups.values()) == Initiative.objects.filter(fiscal_year=2026).count()
    assert "令和8年度" in response.text


def test_past_fiscal_year_and_unknown_year(client, work_plan):
    assert client.get("/initiatives/2011/").status_code == 200
    assert client.get("/initiatives/1999/").status_code == 404


def test_detail_shows_totals_with_bounded_queries(client, work_plan, django_assert_max_num_queries):
    initiative = Initiative.objects.get(fiscal_year=2011, title_ja="共通啓発物品の作成・配布")
    with django_assert_max_num_queries(6):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    totals = {row["good"].name_ja: row["total"] for row in response.context["totals"]}
    assert totals == {"ゴーヤの種": 200 * 62, "クリアファイル": 500 * 62}


def test_hidden_initiative_is_404(client, work_plan):
    initiative = Initiative.objects.first()
    initiative.is_public = False
    initiative.save()
    assert client.get(initiative.get_absolute_url()).status_code == 404


def test_english_page_falls_back_with_a_note(client, work_plan):
    initiative = Initiative.objects.filter(fiscal_year=2011).first()
    initiative.title_en = ""
    initiative.save()
    response = client.get("/en" + initiative.get_absolute_url())
    assert "available in Japanese only" in response.text
    assert initiative.title_ja in response.text


def test_municipality_profile_lists_goods_received(client, work_plan):
    response = client.get("/municipalities/131016/")
    assert "ゴーヤの種" in response.text
    assert "森林セラピー" in client.get("/municipalities/133086/").text  # Okutama runs it


def test_api_lists_initiatives_with_distributions(client, work_plan):
    data = client.get("/api/initiatives/", {"fiscal_year": 2011}).json()
    assert len(data) == 13  # every initiative of the program's FY2011 overview
    first = next(item for item in data if item["title_ja"] == "共通啓発物品の作成・配布")
    assert len(first["distributions"]) == 124


def test_staff_see_only_their_own_distributions_in_admin(client, work_plan, chiyoda_staff):
    client.force_login(chiyoda_staff)
    listed = client.get("/admin/initiatives/distribution/").context["cl"].result_list
    assert {d.municipality_id for d in listed} == {"131016"}
    other = Distribution.objects.exclude(municipality_id="131016").first()
    assert client.get(f"/admin/initiatives/distribution/{other.pk}/change/").status_code == 404


def test_seed_is_idempotent(work_plan):
    counts = (Initiative.objects.count(), Distribution.objects.count())
    demo.seed(scale="demo", out=StringIO())
    assert (Initiative.objects.count(), Distribution.objects.count()) == counts


def test_report_section_for_the_fiscal_year(work_plan):
    from initiatives.reporting import annual_report_section

    section = annual_report_section(fiscal_year=2011)
    assert section.figures[0][1] == "13"
    assert annual_report_section(fiscal_year=1999) is None


@pytest.fixture
def distributions(db):
    """Goya seeds for Chiyoda and Hachioji only (moved here from the reports app's tests)."""
    initiative = Initiative.objects.create(
        fiscal_year=2024, title_ja="啓発物品", summary_ja="配布", action="awareness"
    )
    goya = AwarenessGood.objects.create(name_ja="ゴーヤの種", unit_ja="袋")
    own = Distribution.objects.create(
        initiative=initiative,
        good=goya,
        municipality_id="131016",
        quantity=10,
        distributed_on=datetime.date(2024, 5, 1),
    )
    other = Distribution.objects.create(
        initiative=initiative,
        good=goya,
        municipality_id="132012",
        quantity=20,
        distributed_on=datetime.date(2024, 5, 1),
    )
    return own, other


def test_municipal_staff_cannot_open_another_municipalitys_distribution(
    client, chiyoda_staff, distributions
):
    own, other = distributions
    client.force_login(chiyoda_staff)
    listed = client.get("/admin/initiatives/distribution/").context["cl"].result_list
    assert list(listed) == [own]
    for suffix in ("change", "history", "delete"):
        url = f"/admin/initiatives/distribution/{other.pk}/{suffix}/"
        assert client.get(url).status_code == 404
    assert client.get(f"/admin/initiatives/distribution/{own.pk}/change/").status_code == 200


def test_a_municipality_profile_lists_only_the_goods_it_received(client, distributions):
    body = client.get("/municipalities/131016/").text
    assert "ゴーヤの種 10 袋" in body
    assert "ゴーヤの種" not in client.get("/municipalities/131024/").text


def test_report_chapter_totals_the_goods_of_the_fiscal_year(work_plan):
    from initiatives.reporting import annual_report_section

    with translation.override("ja"):
        section = annual_report_section(fiscal_year=2011)
    figures = dict(section.figures)
    assert figures["配布物品: ゴーヤの種"] == "12,400"
    assert figures["配布物品: クリアファイル"] == "31,000"
    assert figures["配布物品: レジカウンター設置用スタンド"] == "620"
    goods = {
        good.name_ja: (good.quantity, good.municipalities) for good in section.context["goods"]
    }
    assert goods["ゴーヤの種"] == (12_400, 62)
    # The current year's goya seeds are not counted in FY2011.
    assert annual_report_section(fiscal_year=2026).context["goods"][0].quantity == 300 * 62
