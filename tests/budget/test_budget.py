import datetime
import re

import pytest
from django.utils import timezone

from budget import services
from budget.models import BudgetLine, Expenditure
from core.fiscal import TOKYO
from core.models import AuditEntry
from events.models import Category, Event
from grants.models import Application, GrantProgram, Status
from initiatives.models import Action, AwarenessGood, GoodsPurchase, Initiative
from offsets.models import CreditPurchase, Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _program(fiscal_year):
    return GrantProgram.objects.create(
        fiscal_year=fiscal_year,
        title_ja=f"FY{fiscal_year} 助成金",
        cap_per_municipality=1_000_000,
        opens_at=datetime.datetime(fiscal_year, 4, 1, tzinfo=TOKYO),
        closes_at=datetime.datetime(fiscal_year + 1, 1, 31, tzinfo=TOKYO),
    )


def _application(program, code, status, granted=None, confirmed=None):
    return Application.objects.create(
        program=program,
        municipality_id=code,
        status=status,
        title_ja="事業",
        summary_ja="概要",
        purpose="目的",
        period_start=datetime.date(program.fiscal_year, 6, 1),
        period_end=datetime.date(program.fiscal_year + 1, 2, 1),
        requested_amount=900_000,
        granted_amount=granted,
        confirmed_amount=confirmed,
        contact_name="担当",
        contact_email="a@example.jp",
    )


def _event(category, start, cost):
    return Event.objects.create(
        title_ja=f"催し {start:%Y-%m-%d %H:%M}",
        description_ja="説明",
        category=category,
        start=start,
        end=start + datetime.timedelta(hours=1),
        cost_yen=cost,
    )


@pytest.fixture
def records():
    """Two fiscal years of every kind of spending, with rows that a wrong filter would catch."""
    this_year, last_year = _program(2026), _program(2025)
    grants = [
        _application(this_year, "131016", Status.DECIDED, granted=500_000),
        _application(this_year, "131016", Status.CONFIRMED, granted=300_000, confirmed=250_000),
        _application(this_year, "132012", Status.PAID, granted=800_000, confirmed=800_000),
        _application(this_year, "132012", Status.REJECTED),
        _application(this_year, "131121", Status.WITHDRAWN, granted=400_000),
        _application(this_year, "131121", Status.SUBMITTED),
        _application(last_year, "131016", Status.PAID, granted=900_000, confirmed=900_000),
    ]
    events = [
        _event(Category.EXHIBITION, datetime.datetime(2026, 12, 4, 10, tzinfo=TOKYO), 2_400_000),
        # 31 March 23:30 in Tokyo is still FY2026; 1 April 00:10 is FY2027.
        _event(Category.EXHIBITION, datetime.datetime(2027, 3, 31, 23, 30, tzinfo=TOKYO), 100_000),
        _event(Category.EXHIBITION, datetime.datetime(2027, 4, 1, 0, 10, tzinfo=TOKYO), 700_000),
        _event(Category.PUBLIC_COURSE, datetime.datetime(2026, 5, 17, 9, tzinfo=TOKYO), 150_000),
        _event(Category.PUBLIC_COURSE, datetime.datetime(2026, 3, 20, 9, tzinfo=TOKYO), 90_000),
        _event(Category.PUBLIC_COURSE, datetime.datetime(2026, 6, 1, 9, tzinfo=TOKYO), None),
    ]
    credits = [
        CreditPurchase.objects.create(
            scheme=Scheme.J_VER, source_project="釜石", tonnes=t, price_yen=p, purchased_on=d
        )
        for t, p, d in (
            (10, 88_000, datetime.date(2026, 4, 1)),
            (5, 44_000, datetime.date(2027, 3, 31)),
            (7, 61_600, datetime.date(2026, 3, 31)),
        )
    ]
    goya = AwarenessGood.objects.create(name_ja="ゴーヤの種", unit_ja="袋")
    plan = {
        fy: Initiative.objects.create(
            fiscal_year=fy, title_ja="共通啓発物品", summary_ja="配布", action=Action.AWARENESS
        )
        for fy in (2025, 2026)
    }
    goods = [
        GoodsPurchase.objects.create(
            initiative=plan[fy], good=goya, quantity=q, amount=a, purchased_on=d
        )
        for fy, q, a, d in (
            (2026, 12_400, 1_240_000, datetime.date(2026, 4, 20)),
            (2026, 1_000, 100_000, datetime.date(2026, 9, 1)),
            (2025, 9_000, 900_000, datetime.date(2025, 4, 20)),
        )
    ]
    lines = {
        source: BudgetLine.objects.create(
            fiscal_year=2026, title_ja=title, title=title, source=source, amount=amount, position=i
        )
        for i, (source, title, amount) in enumerate(
            (
                ("grants", "助成金", 2_000_000),
                ("events:exhibition", "展示会", 2_000_000),
                ("events:public_course", "講座", 500_000),
                ("offsets", "オフセット", 300_000),
                ("goods", "啓発物品", 2_000_000),
                ("", "ホームページ", 1_000_000),
            )
        )
    }
    BudgetLine.objects.create(fiscal_year=2025, title="前年度", source="grants", amount=1)
    entered = [
        Expenditure.objects.create(
            line=lines[""], spent_on=datetime.date(2026, 5, 1), description="保守", amount=300_000
        ),
        Expenditure.objects.create(
            line=lines[""], spent_on=datetime.date(2026, 8, 1), description="保守", amount=300_000
        ),
        Expenditure.objects.create(
            line=lines["goods"],
            spent_on=datetime.date(2026, 6, 1),
            description="送料",
            amount=20_000,
        ),
    ]
    return {"grants": grants, "events": events, "credits": credits, "goods": goods,
            "lines": lines, "entered": entered}  # fmt: skip


def _direct_spending(records) -> dict[str, int]:
    """What each line spent, summed here by hand over the records."""
    start = datetime.datetime(2026, 4, 1, tzinfo=TOKYO)
    end = datetime.datetime(2027, 4, 1, tzinfo=TOKYO)
    committed = {Status.DECIDED, Status.CHANGE_REQUESTED, Status.REPORTED, Status.CONFIRMED,
                 Status.CLAIMED, Status.PAID}  # fmt: skip
    spent = {
        "grants": sum(
            (a.confirmed_amount if a.confirmed_amount is not None else a.granted_amount)
            for a in records["grants"]
            if a.program.fiscal_year == 2026 and a.status in committed
        ),
        **{
            f"events:{category}": sum(
                e.cost_yen or 0
                for e in records["events"]
                if e.category == category and start <= e.start < end
            )
            for category in (Category.EXHIBITION, Category.PUBLIC_COURSE)
        },
        "offsets": sum(
            c.price_yen
            for c in records["credits"]
            if datetime.date(2026, 4, 1) <= c.purchased_on <= datetime.date(2027, 3, 31)
        ),
        "goods": sum(g.amount for g in records["goods"] if g.initiative.fiscal_year == 2026),
        "": 0,
    }
    for row in records["entered"]:
        spent[row.line.source] += row.amount
    return spent


def _screen_figures(html: str) -> dict[str, dict[str, str]]:
    figures = {}
    for line_id, row in re.findall(r'<tr data-line="([^"]+)">(.*?)</tr>', html, re.S):
        figures[line_id] = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', row))
    return figures


def _yen(text: str) -> int:
    return int(text.replace("¥", "").replace(",", ""))


def test_fiscal_year_screen_equals_direct_sums_of_the_records(client, records, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get("/admin/budget/budgetline/fiscal-year/2026/")
    assert response.status_code == 200
    screen = _screen_figures(response.text)
    spent = _direct_spending(records)
    assert spent["grants"] == 500_000 + 250_000 + 800_000  # the data is as varied as intended
    for source, line in records["lines"].items():
        row = screen[str(line.pk)]
        assert _yen(row["budget"]) == line.amount
        assert _yen(row["spent"]) == spent[source], source
        assert _yen(row["remaining"]) == line.amount - spent[source]
        assert (
            row["rate"] == f"{spent[source] * 1000 // line.amount / 10:.1f}%"
            or row["rate"] == f"{round(spent[source] * 100 / line.amount, 1):.1f}%"
        )
    total_budget = sum(line.amount for line in records["lines"].values())
    assert _yen(screen["total"]["budget"]) == total_budget
    assert _yen(screen["total"]["spent"]) == sum(spent.values())


def test_annual_report_settlement_uses_the_same_figures(records):
    from budget.reporting import annual_report_section

    section = annual_report_section(fiscal_year=2026)
    spent = _direct_spending(records)
    by_title = {row["title"]: row for row in section.context["rows"]}
    for source, line in records["lines"].items():
        assert by_title[line.title]["spent"] == spent[source]
    assert section.context["total"]["spent"] == sum(spent.values())


def test_screen_is_for_the_secretariat_only(client, records, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.get("/admin/budget/budgetline/fiscal-year/2026/")
    assert response.status_code in (302, 403)


def test_expenditure_over_its_line_is_refused_with_a_translated_message(records, secretariat_user):
    line = records["lines"][""]  # 1,000,000 budget, 600,000 spent
    with pytest.raises(services.BudgetError) as refused:
        services.record_expenditure(
            line_id=line.pk,
            spent_on=datetime.date(2026, 10, 1),
            description="改修",
            amount=400_001,
            actor=secretariat_user,
        )
    assert "¥400,001" in refused.value.message
    assert "¥400,000" in refused.value.message
    assert "予算" in refused.value.message  # Japanese, the default language
    assert not Expenditure.objects.filter(description="改修").exists()
    services.record_expenditure(
        line_id=line.pk, spent_on=datetime.date(2026, 10, 1), description="改修", amount=400_000,
        actor=secretariat_user,
    )  # fmt: skip


def test_an_override_needs_a_reason_and_is_audited(records, secretariat_user, chiyoda_staff):
    line = records["lines"][""]
    with pytest.raises(services.BudgetError):
        services.record_expenditure(
            line_id=line.pk,
            spent_on=datetime.date(2026, 10, 1),
            description="追加",
            amount=500_000,
            actor=chiyoda_staff,
            override_reason="緊急",
        )
    services.record_expenditure(
        line_id=line.pk, spent_on=datetime.date(2026, 10, 1), description="追加", amount=500_000,
        actor=secretariat_user, override_reason="サーバー障害の緊急対応",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action=services.EXCEED_ACTION, object_id=str(line.pk))
    assert "サーバー障害の緊急対応" in entry.note
    assert entry.actor == secretariat_user
    assert services.line_figures(line).remaining == -100_000


def test_expenditure_must_fall_in_the_lines_fiscal_year(records, secretariat_user):
    with pytest.raises(services.BudgetError):
        services.record_expenditure(
            line_id=records["lines"][""].pk,
            spent_on=datetime.date(2027, 4, 1),
            description="x",
            amount=1,
            actor=secretariat_user,
        )


def test_a_correction_counts_only_its_increase_and_a_moved_row_counts_whole(
    records, secretariat_user
):
    line = records["lines"][""]  # 1,000,000 budget, two rows of 300,000
    first, _second, postage = records["entered"]

    def correct(row, amount, line_id):
        return services.save_expenditure(
            expenditure_id=row.pk,
            line_id=line_id,
            spent_on=datetime.date(2026, 10, 1),
            description=row.description,
            amount=amount,
            actor=secretariat_user,
        )

    with pytest.raises(services.BudgetError):
        correct(first, 700_001, line.pk)
    correct(first, 700_000, line.pk)  # 300,000 more: exactly what is left
    assert services.line_figures(line).remaining == 0
    with pytest.raises(services.BudgetError):
        correct(postage, 1, line.pk)  # from another line, its whole amount is new here
    postage.refresh_from_db()
    assert postage.line == records["lines"]["goods"]
    assert Expenditure.objects.count() == 3


def test_admin_change_form_saves_a_correction_within_its_line(client, records, secretariat_user):
    client.force_login(secretariat_user)
    first = records["entered"][0]
    response = client.post(
        f"/admin/budget/expenditure/{first.pk}/change/",
        {"line": first.line_id, "spent_on": "2026-05-01", "description": "保守", "payee": "",
         "amount": "700,000", "override_reason": ""},
    )  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.amount, first.recorded_by) == (700_000, secretariat_user)
    assert Expenditure.objects.count() == 3


def test_grant_commitment_over_the_grants_line_is_refused(records, secretariat_user):
    # 2,000,000 budget, 1,550,000 committed.
    with pytest.raises(services.BudgetError):
        services.check_commitment(
            fiscal_year=2026, source="grants", amount=450_001, actor=secretariat_user, what="x"
        )
    line = services.check_commitment(
        fiscal_year=2026, source="grants", amount=450_000, actor=secretariat_user, what="x"
    )
    assert line == records["lines"]["grants"]
    # A year without a grants line keeps no budget.
    assert (
        services.check_commitment(
            fiscal_year=2030, source="grants", amount=10**9, actor=secretariat_user, what="x"
        )
        is None
    )


def test_admin_form_refuses_an_expenditure_over_its_line(client, records, secretariat_user):
    client.force_login(secretariat_user)
    line = records["lines"][""]
    response = client.post(
        "/admin/budget/expenditure/add/",
        {"line": line.pk, "spent_on": "2026-10-01", "description": "改修", "payee": "",
         "amount": "４００，００１", "override_reason": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "予算" in response.text and "¥400,000" in response.text
    assert not Expenditure.objects.filter(description="改修").exists()
    response = client.post(
        "/admin/budget/expenditure/add/",
        {"line": line.pk, "spent_on": "2026-10-01", "description": "改修", "payee": "",
         "amount": "400,001", "override_reason": "年度末の緊急改修"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Expenditure.objects.get(description="改修").recorded_by == secretariat_user
    assert AuditEntry.objects.filter(action=services.EXCEED_ACTION).count() == 1


def test_changelist_shows_each_lines_figures(client, records, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get("/admin/budget/budgetline/?fiscal_year=2026")
    assert response.status_code == 200
    assert "¥1,550,000" in response.text  # the grants line's spending
    assert timezone.now()


def test_deciding_a_grant_past_the_grants_line_is_refused_unless_the_reason_is_recorded(
    records, secretariat_user
):
    from grants import services as grants_services

    program = GrantProgram.objects.get(fiscal_year=2026)
    application = _application(program, "131130", Status.SUBMITTED)  # 900,000 requested
    with pytest.raises(grants_services.ApplicationError) as refused:
        grants_services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=450_001
        )
    assert "¥450,000" in refused.value.message  # 2,000,000 − 1,550,000 left
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    grants_services.decide_application(
        application_id=application.pk,
        actor=secretariat_user,
        granted_amount=600_000,
        budget_override_reason="補正予算の成立見込み",
    )
    assert AuditEntry.objects.filter(
        action=services.EXCEED_ACTION, note__contains="補正予算の成立見込み"
    ).exists()
    assert services.line_figures(records["lines"]["grants"]).spent == 2_150_000
