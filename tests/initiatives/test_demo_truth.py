"""The demo tells the truth of the domain: each year's plan is its own, and states agree."""

import re
import unicodedata
from io import StringIO

import pytest
import time_machine

from core.dated_text import dated_expressions
from core.fiscal import era_of_year
from grants import demo as grants_demo
from grants.models import Application, GrantProgram, Status
from initiatives import demo as initiatives_demo
from initiatives.models import Initiative, WorkPlan

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title_ja", "title_en", "summary_ja", "summary_en", "result_ja", "result_en")
CONFIRMED_OR_LATER = {Status.CONFIRMED, Status.CLAIMED, Status.PAID}
REPORTED_OR_LATER = {Status.REPORTED, *CONFIRMED_OR_LATER}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=False):
        grants_demo.seed(scale="demo", out=StringIO())
        initiatives_demo.seed(scale="demo", out=StringIO())
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=True):
        yield


def _years_named(text: str) -> set[int]:
    """The fiscal or calendar years a text names, era years converted."""
    years = set()
    for expression in dated_expressions(text):
        expression = unicodedata.normalize("NFKC", expression)
        western = re.match(r"(19|20)\d\d", expression)
        if western:
            years.add(int(western.group(0)))
            continue
        era = re.match(r"(平成|令和)(元|\d+)", expression)
        if era:
            number = 1 if era.group(2) == "元" else int(era.group(2))
            years.add({"平成": 1988, "令和": 2018}[era.group(1)] + number)
    return years


def test_demo_has_the_work_plans_of_fy2011_fy2012_and_this_year(demo):
    assert set(WorkPlan.objects.values_list("fiscal_year", flat=True)) == {2011, 2012, 2026}
    fy2012 = set(Initiative.objects.filter(fiscal_year=2012).values_list("title_ja", flat=True))
    assert "エコプロダクツ2012への出展" in fy2012
    assert "再生可能エネルギーとスマート・コミュニティ研究" in fy2012
    assert "「チャレンジ25キャンペーン」との連携" in fy2012


def test_no_demo_text_is_copied_across_fiscal_years(demo):
    seen: dict[str, int] = {}
    for initiative in Initiative.objects.all():
        for field in ("summary_ja", "summary_en", "result_ja"):
            text = getattr(initiative, field)
            if not text:
                continue
            assert seen.setdefault(text, initiative.fiscal_year) == initiative.fiscal_year, text
            named = _years_named(text)
            # A fiscal year spans two calendar years (collection2012 was held in February 2012).
            assert named <= {initiative.fiscal_year, initiative.fiscal_year + 1}, (text, named)
        for field in TEXT_FIELDS:
            text = getattr(initiative, field) or ""
            assert _years_named(text) <= {initiative.fiscal_year, initiative.fiscal_year + 1}, text
    for program in GrantProgram.objects.all():
        era, _year = era_of_year(program.fiscal_year)
        assert _years_named(program.guidance_ja) <= {program.fiscal_year}
        assert era.name in program.guidance_ja


def test_each_years_grant_text_names_that_years_cap(demo):
    for plan in WorkPlan.objects.all():
        cap = GrantProgram.objects.get(fiscal_year=plan.fiscal_year).cap_per_municipality
        grants = Initiative.objects.get(
            fiscal_year=plan.fiscal_year, title_ja="みどり東京・温暖化防止プロジェクト助成金交付"
        )
        amounts = set(re.findall(r"(\d+)万円", grants.summary_ja + (grants.result_ja or "")))
        assert amounts == {str(cap // 10_000)}, (plan.fiscal_year, amounts)
    assert GrantProgram.objects.get(fiscal_year=2011).cap_per_municipality == 1_500_000
    assert GrantProgram.objects.get(fiscal_year=2026).cap_per_municipality == 1_000_000
    fy2026 = " ".join(
        text or "" for row in Initiative.objects.filter(fiscal_year=2026).values_list(*TEXT_FIELDS)
        for text in row
    )  # fmt: skip
    assert "150万円" not in fy2026 and "2011" not in fy2026 and "平成" not in fy2026


def test_showcase_states_agree_with_the_records(demo, client):
    funded = list(Application.objects.funded().select_related("program"))
    assert funded
    for project in funded:
        assert project.granted_amount, project
        assert (project.confirmed_amount is not None) == (project.status in CONFIRMED_OR_LATER)
        assert bool(project.results) == (project.status in REPORTED_OR_LATER), project
        assert (project.paid_amount is not None) == (project.status == Status.PAID)
        page = client.get(project.get_absolute_url()).text
        if project.status in REPORTED_OR_LATER:
            assert "実施中" not in page, project
        else:
            assert "実施中" in page and "確定額" not in page, project
