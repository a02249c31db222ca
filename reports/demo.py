"""The FY2011 (平成23年度) initiatives of the program's overview, goods for all 62, a report."""

import datetime

from django.utils import timezone

from municipalities.models import Municipality

from .models import Action, AnnualReport, Distribution, Initiative, ReportStatus
from .sections import forget_latest_report

DEMO_YEAR = 2011

INITIATIVES = [
    (
        Action.AWARENESS,
        "共通啓発物品の作成・配布",
        "Awareness goods for every municipality",
        "グリーンカーテン用のタネ（ゴーヤ）とクリアファイルを各市区町村に配布しました。",
        "Seeds for green curtains (goya) and clear files went to every municipality.",
    ),
    (
        Action.COOPERATION,
        "温室効果ガス標準算定手法の共有化推進",
        "Sharing the standard method for greenhouse gas emissions",
        "島しょ部の算定手法も確立し、62市区町村全ての温室効果ガス排出量を算定し、公表しました。",
        "With the islands' method in place, the emissions of all 62 were computed and published.",
    ),
    (
        Action.AWARENESS,
        "レジ袋削減キャンペーン",
        "Campaign to cut plastic bags",
        "「レジ袋削減に関する共同アピール」に基づき、レジカウンター設置用スタンドを配布しました。",
        "Following the joint appeal, counter stands were handed out to shops.",
    ),
    (
        Action.COOPERATION,
        "みどり東京・温暖化防止プロジェクト助成金交付",
        "Grants of the project",
        "市区町村が実施する自然環境保護、地球温暖化防止対策事業に、各団体150万円を上限に助成しました。",
        "Grants of up to ¥1,500,000 per municipality for nature and climate projects.",
    ),
    (
        Action.PLACES_TO_ACT,
        "エコプロダクツ2011への出展",
        "Booth at Eco-Products 2011",
        "国内最大級の環境展示会に出展し、共同事業と市区町村の環境施策を発表しました。",
        "A booth at Japan's largest environmental exhibition presented the joint project.",
    ),
    (
        Action.PLACES_TO_ACT,
        "体験型一般公開講座",
        "Public experiential courses",
        "奥多摩町・檜原村での森林セラピー、町田市のフットパスを開催しました。",
        "Forest therapy in Okutama and Hinohara, footpath walks in Machida.",
    ),
]

GOODS = [("ゴーヤの種", 200), ("クリアファイル", 500)]


def seed(*, scale: str, out) -> None:
    seed_initiatives()
    if not AnnualReport.objects.filter(fiscal_year=DEMO_YEAR).exists():
        from .services import build_report

        report = AnnualReport.objects.create(fiscal_year=DEMO_YEAR, version=1)
        report = build_report(report_id=report.pk)
        if report.status == ReportStatus.BUILT:
            AnnualReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.PUBLISHED, published_at=timezone.now()
            )
            forget_latest_report()
    out.write(f"reports: FY{DEMO_YEAR} initiatives and a published annual report")


def seed_initiatives() -> None:
    if not Initiative.objects.filter(fiscal_year=DEMO_YEAR).exists():
        created = []
        for order, (action, title_ja, title_en, text_ja, text_en) in enumerate(INITIATIVES, 1):
            created.append(
                Initiative.objects.create(
                    fiscal_year=DEMO_YEAR,
                    action=action,
                    title_ja=title_ja,
                    title_en=title_en,
                    description_ja=text_ja,
                    description_en=text_en,
                    run_by_ja="事務局",
                    run_by_en="Secretariat",
                    order=order,
                )
            )
        codes = list(Municipality.objects.values_list("code", flat=True))
        Distribution.objects.bulk_create(
            Distribution(
                initiative=created[0],
                municipality_id=code,
                item=item,
                quantity=quantity,
                distributed_on=datetime.date(DEMO_YEAR, 5, 10),
            )
            for code in codes
            for item, quantity in GOODS
        )
