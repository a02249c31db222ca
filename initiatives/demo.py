"""The FY2011 work plan from the program's own overview, and this fiscal year's plan."""

import datetime

from core.fiscal import current_fiscal_year
from municipalities.models import Municipality

from .models import Action, AwarenessGood, Distribution, Initiative, Status

GOODS = {
    "goya": ("ゴーヤの種", "Goya seeds", "袋", "bags"),
    "clear_file": ("クリアファイル", "Clear files", "枚", "pieces"),
    "stand": ("レジカウンター設置用スタンド", "Checkout counter stands", "台", "stands"),
}

# (action, title ja, title en, summary ja, summary en, result ja, lead municipality code)
FY2011 = [
    (
        Action.AWARENESS,
        "共通啓発物品の作成・配布",
        "Common awareness goods",
        "プロジェクトの普及と地球温暖化防止のため、グリーンカーテン用のタネ（ゴーヤ）とクリアファイルを作成し、各市区町村に配布します。",
        "Goya seeds for green curtains and clear files, made once for all and handed to every municipality.",
        "グリーンカーテン用のタネ（ゴーヤ）とクリアファイルを62市区町村に配布しました。",
        None,
    ),
    (
        Action.COOPERATION,
        "温室効果ガス標準算定手法の共有化推進",
        "Shared standard method for greenhouse-gas emissions",
        "「62市区町村共通版温室効果ガス標準算定手法」により、62市区町村全ての温室効果ガス排出量を算定し、公表します。",
        "Every municipality's greenhouse-gas emissions computed and published with one standard method.",
        "島しょ部の算定手法を確立し、62市区町村全ての排出量を算定・公表しました。",
        None,
    ),
    (
        Action.AWARENESS,
        "レジ袋削減キャンペーン",
        "Plastic bag reduction campaign",
        "「レジ袋削減に関する共同アピール」に基づき、レジカウンター設置用スタンドを配布し、普及・啓発を行います。",
        "Counter stands distributed under the joint appeal to cut plastic bags.",
        "レジカウンター設置用スタンドを配布し、レジ袋削減を呼びかけました。",
        None,
    ),
    (
        Action.COOPERATION,
        "みどり東京・温暖化防止プロジェクト助成金交付",
        "Project grants",
        "市区町村が実施する自然環境保護、地球温暖化防止対策事業に対して、各団体150万円を上限とする助成金を交付します。",
        "Grants of up to ¥1,500,000 per municipality for its own nature and warming projects.",
        "各団体150万円を上限に助成金を交付しました。",
        None,
    ),
    (
        Action.AWARENESS,
        "エコプロダクツ2011への出展",
        "Booth at Eco-Products 2011",
        "国内最大級の環境展示会「エコプロダクツ」に出展し、共同事業と市区町村の環境施策を発表します。",
        "A booth at Japan's largest environmental exhibition.",
        "共同事業及び市区町村の環境施策を発表しました。",
        None,
    ),
    (
        Action.COOPERATION,
        "市区町村職員共同研修",
        "Joint training for municipal staff",
        "市区町村職員を対象に「展示イベントプロデュース研修」を実施します。",
        "Event-production training for municipal staff.",
        "展示イベントプロデュース研修を実施しました。",
        None,
    ),
    (
        Action.PLACES,
        "体験型一般公開講座（森林セラピー）",
        "Public course: forest therapy",
        "都民を対象に「森林セラピー」を奥多摩町、檜原村で実施します。",
        "Forest therapy for Tokyo residents in Okutama and Hinohara.",
        "奥多摩町と檜原村で実施しました。",
        "133086",
    ),
    (
        Action.PLACES,
        "体験型一般公開講座（フットパス）",
        "Public course: footpath walk",
        "都民を対象に「フットパス」を町田市で実施します。",
        "A footpath walk in Machida.",
        "町田市で実施しました。",
        "132098",
    ),
    (
        Action.COOPERATION,
        "カーボン・オフセットの研究",
        "Carbon offset research",
        "岩手県釜石市のJ-VERを共同購入し、各自治体のイベント・会議でオフセットします。自治体向けのガイドブックを作成します。",
        "J-VER credits from Kamaishi bought jointly and used to offset events and meetings; a guidebook.",
        "J-VERを共同購入してオフセットし、ガイドブックを作成しました。",
        None,
    ),
    (
        Action.PLACES,
        "みどり体験交流事業",
        "Green experience exchange for children",
        "7月から11月に、子どもたちが東京都内の様々な自然、文化や地球温暖化防止の取り組みを体験します。",
        "From July to November, children experience Tokyo's nature, culture and warming prevention.",
        "子どもたちが都内の自然と文化を体験しました。",
        None,
    ),
]


def _good(key: str) -> AwarenessGood:
    name_ja, name_en, unit_ja, unit_en = GOODS[key]
    good, _created = AwarenessGood.objects.get_or_create(
        name_ja=name_ja,
        defaults={
            "name": name_ja,
            "name_en": name_en,
            "unit": unit_ja,
            "unit_ja": unit_ja,
            "unit_en": unit_en,
        },
    )
    return good


def _plan(fiscal_year: int, status: str) -> list[Initiative]:
    plan = []
    for position, (
        action,
        title_ja,
        title_en,
        summary_ja,
        summary_en,
        result_ja,
        lead,
    ) in enumerate(FY2011):
        initiative, _created = Initiative.objects.get_or_create(
            fiscal_year=fiscal_year,
            title_ja=title_ja,
            defaults={
                "title": title_ja,
                "title_en": title_en,
                "summary": summary_ja,
                "summary_ja": summary_ja,
                "summary_en": summary_en,
                "result_ja": result_ja if status == Status.COMPLETED else "",
                "action": action,
                "lead_municipality_id": lead,
                "status": status,
                "position": position,
            },
        )
        plan.append(initiative)
    return plan


def _distribute(
    initiative: Initiative, good: AwarenessGood, quantity: int, day: datetime.date
) -> None:
    existing = set(
        Distribution.objects.filter(initiative=initiative, good=good).values_list(
            "municipality_id", flat=True
        )
    )
    Distribution.objects.bulk_create(
        Distribution(
            initiative=initiative,
            good=good,
            municipality_id=code,
            quantity=quantity,
            distributed_on=day,
        )
        for code in Municipality.objects.values_list("code", flat=True)
        if code not in existing
    )


def seed(*, scale: str, out) -> None:
    past = _plan(2011, Status.COMPLETED)
    _distribute(past[0], _good("goya"), 200, datetime.date(2011, 5, 20))
    _distribute(past[0], _good("clear_file"), 500, datetime.date(2011, 5, 20))
    _distribute(past[2], _good("stand"), 10, datetime.date(2011, 9, 1))
    current = _plan(current_fiscal_year(), Status.UNDER_WAY)
    _distribute(current[0], _good("goya"), 300, datetime.date(current_fiscal_year(), 5, 15))
    out.write("Work plans of FY2011 and the current fiscal year are in place.")
