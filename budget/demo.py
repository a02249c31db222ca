"""The program budget of this fiscal year: a line per initiative kind, spending from the records
(grants, goods, event costs, credits) and entered rows for contracted work."""

import datetime

from core.fiscal import current_fiscal_year

from .models import BudgetLine, Expenditure

# (title ja, title en, source, budget, initiative title ja)
LINES = [
    ("助成金交付", "Grants to municipalities", "grants", 30_000_000, "みどり東京・温暖化防止プロジェクト助成金交付"),
    ("共通啓発物品", "Awareness goods", "goods", 2_500_000, "共通啓発物品の作成・配布"),
    ("展示会出展", "Exhibition booth", "events:exhibition", 6_000_000, None),
    ("体験型一般公開講座", "Public experiential courses", "events:public_course", 1_500_000, None),
    ("みどり体験交流事業", "Children's green experience", "events:children", 1_200_000, "みどり体験交流事業"),
    ("市区町村職員共同研修", "Joint staff training", "events:staff_training", 800_000, "市区町村職員共同研修"),
    ("カーボン・オフセット", "Carbon offsetting", "offsets", 600_000, None),
    ("ホームページ運営", "Website", "", 4_000_000, "ECOネット東京62の運営"),
    ("温室効果ガス排出量算定", "Emissions calculation", "", 3_000_000, "温室効果ガス排出量の算定・公表"),
    ("共同行動・コンテスト", "Joint action and contests", "", 5_000_000, "TOKYO EARTH WORKERS collection"),
]  # fmt: skip

# (line title ja, month, day, description, payee, amount)
ENTERED = [
    ("ホームページ運営", 4, 30, "サーバー・保守委託（4〜6月）", "保守委託事業者", 780_000),
    ("ホームページ運営", 7, 31, "サーバー・保守委託（7〜9月）", "保守委託事業者", 780_000),
    ("温室効果ガス排出量算定", 6, 28, "排出量算定業務委託（前金）", "算定業務受託者", 1_500_000),
    ("共同行動・コンテスト", 9, 15, "コンテスト会場借上げ", "会場運営者", 420_000),
]


def seed(*, scale: str, out) -> None:
    from initiatives.models import Initiative

    fiscal_year = current_fiscal_year()
    if BudgetLine.objects.filter(fiscal_year=fiscal_year).exists():
        return
    initiatives = dict(
        Initiative.objects.filter(fiscal_year=fiscal_year).values_list("title_ja", "pk")
    )
    lines = {}
    for position, (title_ja, title_en, source, amount, initiative) in enumerate(LINES):
        lines[title_ja] = BudgetLine.objects.create(
            fiscal_year=fiscal_year,
            title=title_ja,
            title_ja=title_ja,
            title_en=title_en,
            source=source,
            amount=amount,
            position=position,
            initiative_id=initiatives.get(initiative),
        )
    Expenditure.objects.bulk_create(
        Expenditure(
            line=lines[title],
            spent_on=datetime.date(fiscal_year, month, day),
            description=description,
            payee=payee,
            amount=amount,
        )
        for title, month, day, description, payee, amount in ENTERED
    )
    out.write(f"Budget: {len(LINES)} lines of FY{fiscal_year} with their spending.")
