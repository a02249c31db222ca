from io import StringIO

import pytest
import time_machine

from budget import demo as budget_demo
from budget.models import BudgetLine
from core.dated_text import dated_expressions
from core.workflow import ServiceError
from grants import demo as grants_demo
from grants.models import CostCategory, GrantProgram
from initiatives import demo as initiatives_demo
from initiatives import services
from initiatives.models import Initiative, WorkPlan, WorkPlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_year():
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=False):
        for module in (grants_demo, initiatives_demo, budget_demo):
            module.seed(scale="demo", out=StringIO())
    with time_machine.travel("2026-06-01 10:00 +09:00", tick=True):
        yield


def _texts_of_year(fiscal_year: int):
    """Every copied text field of the year's drafts: (model, pk, field, text)."""
    program = GrantProgram.objects.get(fiscal_year=fiscal_year)
    records = [
        (program, ("title_ja", "title_en", "guidance_ja", "guidance_en")),
        (
            WorkPlan.objects.get(fiscal_year=fiscal_year),
            ("title_ja", "title_en", "introduction_ja", "introduction_en"),
        ),
        *[(c, ("name_ja", "name_en")) for c in CostCategory.objects.filter(program=program)],
        *[
            (i, ("title_ja", "title_en", "summary_ja", "summary_en", "result_ja", "result_en"))
            for i in Initiative.objects.filter(fiscal_year=fiscal_year)
        ],
        *[
            (b, ("title_ja", "title_en", "note"))
            for b in BudgetLine.objects.filter(fiscal_year=fiscal_year)
        ],
    ]
    for obj, fields in records:
        for field in fields:
            yield (
                f"{obj._meta.app_label}.{obj._meta.model_name}",
                obj.pk,
                field,
                getattr(obj, field) or "",
            )


def test_dated_expressions_are_found_in_every_spelling():
    assert dated_expressions("エコプロダクツ2011への出展") == ["2011"]
    assert dated_expressions("平成24年度事業の概要") == ["平成24年度"]
    assert dated_expressions("令和元年の取組と令和八年度") == ["令和元年", "令和八年度"]
    assert dated_expressions("collection２０１２（R8年度）") == ["2012", "R8"]
    assert dated_expressions("FY2026 work plan") == ["2026"]
    assert dated_expressions("62市区町村、150万円、1,000,000円、第15号") == []


def test_rolling_fy2026_over_creates_fy2027_drafts_with_the_cap_and_every_dated_text_flagged(
    demo_year, secretariat_user
):
    plan = services.start_fiscal_year(from_year=2026, actor=secretariat_user)
    assert plan.fiscal_year == 2027
    assert plan.status == WorkPlanStatus.DRAFT
    program = GrantProgram.objects.get(fiscal_year=2027)
    assert program.cap_per_municipality == 1_000_000
    assert program.opens_at.year == GrantProgram.objects.get(fiscal_year=2026).opens_at.year + 1
    assert CostCategory.objects.filter(program=program).count() == 6
    copied = Initiative.objects.filter(fiscal_year=2027)
    assert copied.count() == Initiative.objects.filter(fiscal_year=2026, recurring=True).count()
    assert not copied.filter(is_public=True).exists()  # drafts until the plan is published
    assert not any(initiative.result_ja for initiative in copied)
    lines = BudgetLine.objects.filter(fiscal_year=2027)
    assert lines.count() == BudgetLine.objects.filter(fiscal_year=2026).count()
    assert all(line.initiative is None or line.initiative.fiscal_year == 2027 for line in lines)
    flagged = {(flag["model"], flag["pk"], flag["field"]) for flag in plan.review_flags}
    dated = [
        (model, pk, field, text)
        for model, pk, field, text in _texts_of_year(2027)
        if dated_expressions(text)
    ]
    assert dated, "the demo's FY2026 text names its year somewhere (エコプロ2026, 令和8年度)"
    unflagged = [row for row in dated if row[:3] not in flagged]
    assert unflagged == []


def test_the_cap_of_the_new_year_follows_the_rule_of_that_year(secretariat_user):
    import datetime

    from core.fiscal import TOKYO

    for fiscal_year in (2007, 2016):
        GrantProgram.objects.create(
            fiscal_year=fiscal_year,
            title_ja="助成金",
            cap_per_municipality=1,
            opens_at=datetime.datetime(fiscal_year, 4, 1, tzinfo=TOKYO),
            closes_at=datetime.datetime(
                fiscal_year + 1, 2, 29 if fiscal_year == 2007 else 28, tzinfo=TOKYO
            ),
        )
        WorkPlan.objects.create(fiscal_year=fiscal_year, title_ja="計画", title="計画")
        services.start_fiscal_year(from_year=fiscal_year, actor=secretariat_user)
    assert GrantProgram.objects.get(fiscal_year=2008).cap_per_municipality == 1_500_000
    assert GrantProgram.objects.get(fiscal_year=2017).cap_per_municipality == 1_000_000
    closes = GrantProgram.objects.get(fiscal_year=2008).closes_at.astimezone(TOKYO)
    assert closes.date() == datetime.date(2009, 2, 28)  # from 29 February 2008


def test_a_year_is_started_once_and_only_by_the_secretariat(
    demo_year, secretariat_user, chiyoda_staff
):
    with pytest.raises(ServiceError):
        services.start_fiscal_year(from_year=2026, actor=chiyoda_staff)
    services.start_fiscal_year(from_year=2026, actor=secretariat_user)
    with pytest.raises(ServiceError) as refused:
        services.start_fiscal_year(from_year=2026, actor=secretariat_user)
    assert "2027" in refused.value.message


def test_publishing_waits_for_the_review_of_dated_text(demo_year, secretariat_user):
    plan = services.start_fiscal_year(from_year=2026, actor=secretariat_user)
    with pytest.raises(ServiceError):
        services.publish_work_plan(work_plan_id=plan.pk, actor=secretariat_user)
    services.mark_reviewed(work_plan_id=plan.pk, actor=secretariat_user)
    plan = services.publish_work_plan(work_plan_id=plan.pk, actor=secretariat_user)
    assert plan.status == WorkPlanStatus.PUBLISHED
    assert Initiative.objects.filter(fiscal_year=2027, is_public=False).count() == 0


def test_admin_action_and_command_start_the_next_year(demo_year, client, secretariat_user):
    from django.core.management import call_command

    client.force_login(secretariat_user)
    plan = WorkPlan.objects.get(fiscal_year=2026)
    response = client.post(
        "/admin/initiatives/workplan/",
        {"action": "start_next_fiscal_year", "_selected_action": [plan.pk]},
        follow=True,
    )
    assert "2027" in response.text
    assert WorkPlan.objects.filter(fiscal_year=2027).exists()
    page = client.get(
        f"/admin/initiatives/workplan/{WorkPlan.objects.get(fiscal_year=2027).pk}/change/"
    )
    assert "エコプロ2026" in page.text  # the flagged text is listed for review
    out = StringIO()
    call_command("start_fiscal_year", "--from", "2027", "--as", secretariat_user.email, stdout=out)
    assert "FY2028" in out.getvalue()
