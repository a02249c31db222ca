"""Work plans as the program wrote them: FY2011 results and the FY2012 plan from the program's
overview (shared/domain/seed-program-overview-ja.txt), and this fiscal year under today's rules.

Each year has its own text: nothing is copied from one year to another, and the grants
initiative names the cap of that year's grant program.
"""

import datetime

from core.fiscal import current_fiscal_year, wareki_fiscal_year
from municipalities.models import Municipality

from .models import (
    Action,
    AwarenessGood,
    Distribution,
    GoodsPurchase,
    Initiative,
    Status,
    WorkPlan,
    WorkPlanStatus,
)

GOODS = {
    "goya": ("ゴーヤの種", "Goya seeds", "袋", "bags"),
    "clear_file": ("クリアファイル", "Clear files", "枚", "pieces"),
    "stand": ("レジカウンター設置用スタンド", "Checkout counter stands", "台", "stands"),
}
OKUTAMA, HINOHARA, MACHIDA = "133086", "133078", "132098"


def _man_yen(amount: int) -> str:
    """1500000 → 150万円, as the program's documents write the cap."""
    return f"{amount // 10_000:,}万円"


def _yen_in_english(cap: str) -> str:
    """150万円 → ¥1,500,000, for the English text."""
    return f"¥{int(cap.removesuffix('万円').replace(',', '')) * 10_000:,}"


def _cap_of(fiscal_year: int) -> int:
    from grants.models import GrantProgram, cap_of_fiscal_year

    program = GrantProgram.objects.filter(fiscal_year=fiscal_year).first()
    return program.cap_per_municipality if program else cap_of_fiscal_year(fiscal_year)


# (action, title ja, title en, summary ja, summary en, result ja, lead, recurring)
def _fy2011(cap: str) -> list[tuple]:
    return [
        (Action.AWARENESS, "共通啓発物品の作成・配布", "Common awareness goods",
         "「みどり東京・温暖化防止プロジェクト」の普及と地球温暖化防止のため、グリーンカーテン用のタネ（ゴーヤ）とクリアファイルを作成し、各市区町村に配布する。",
         "Goya seeds for green curtains and clear files, made once and handed to every municipality.",
         "グリーンカーテン用のタネ（ゴーヤ）とクリアファイルを62市区町村に配布しました。", None, True),
        (Action.COOPERATION, "温室効果ガス標準算定手法の共有化推進", "Shared standard method for greenhouse-gas emissions",
         "島しょ部の算定手法を確立し、「62市区町村共通版温室効果ガス標準算定手法」により全団体の排出量を算定する。",
         "Complete the method for the islands and compute every municipality's emissions with the shared standard method.",
         "平成23年度に島しょ部の算定手法も確立し、62市区町村全ての温室効果ガス排出量を算定し、公表しました。", None, True),
        (Action.AWARENESS, "レジ袋削減キャンペーン", "Plastic bag reduction campaign",
         "「レジ袋削減に関する共同アピール」に基づき、レジカウンター設置用スタンドを配布する。",
         "Checkout counter stands handed out under the joint appeal to cut plastic bags.",
         "レジカウンター設置用スタンドを配布し、レジ袋削減に向けた普及・啓発を実施しました。", None, True),
        (Action.COOPERATION, "みどり東京・温暖化防止プロジェクト助成金交付", "Project grants",
         f"市区町村が実施する自然環境保護、地球温暖化防止対策事業に対して、各団体{cap}を上限とする助成金を交付する。",
         f"Grants of up to {_yen_in_english(cap)} per municipality for its own nature and warming projects.",
         f"各団体{cap}を上限とする助成金を交付しました。", None, True),
        (Action.AWARENESS, "エコプロダクツ2011への出展", "Booth at Eco-Products 2011",
         "国内最大級の環境展示会「エコプロダクツ2011」に出展し、共同事業と市区町村の環境施策を発表する。",
         "A booth at Eco-Products 2011, Japan's largest environmental exhibition.",
         "オール東京62市区町村共同事業及び市区町村の実施している環境施策を発表しました。", None, True),
        (Action.AWARENESS, "ホームページの維持管理", "The project's website",
         "プロジェクトのホームページを随時更新し、本プロジェクトの情報や市区町村の環境イベント等の情報を提供する。",
         "Keep the project's website up to date with its news and the municipalities' events.",
         "「エコニュース」「エコアカデミー」等の新たなコンテンツを導入し、「ECOネット東京62」としてリニューアルしました。", None, True),
        (Action.COOPERATION, "市区町村職員共同研修", "Joint training for municipal staff",
         "市区町村職員を対象に「展示イベントプロデュース研修」を実施する。",
         "Exhibition and event production training for municipal staff.",
         "「展示イベントプロデュース研修」を実施しました。", None, True),
        (Action.PLACES, "体験型一般公開講座（森林セラピー）", "Public course: forest therapy",
         "都民を対象に「森林セラピー」を奥多摩町、檜原村で実施する。",
         "Forest therapy for Tokyo residents in Okutama and Hinohara.",
         "奥多摩町と檜原村で「森林セラピー」を実施しました。", OKUTAMA, True),
        (Action.PLACES, "体験型一般公開講座（フットパス）", "Public course: footpath walk",
         "都民を対象に「フットパス」を町田市で実施する。",
         "A footpath walk in Machida for Tokyo residents.",
         "町田市で「フットパス」を実施しました。", MACHIDA, True),
        (Action.COOPERATION, "カーボン・オフセットの研究", "Carbon offset research",
         "参加自治体による個別の検討を進め、岩手県釜石市のJ-VERを共同購入して各自治体のイベント・会議でオフセットする。自治体向けのガイドブックを作成する。",
         "J-VER credits from Kamaishi bought jointly to offset the municipalities' events and meetings; a guidebook for municipalities.",
         "釜石市のJ-VERを共同購入してイベント・会議でオフセットし、自治体向けのガイドブックを作成しました。", None, True),
        (Action.PLACES, "みどり体験交流事業", "Green experience exchange for children",
         "平成23年7月から11月に、子どもたちが東京都内の様々な自然、文化や地球温暖化防止の取組を体験する。",
         "From July to November 2011, children experience Tokyo's nature, culture and warming prevention.",
         "子どもたちが森との関わりや水と緑の大切さを学びました。", None, True),
        (Action.PLACES, "みんなで環境を考える共同行動の実施", "Joint action: thinking about the environment together",
         "TOKYO EARTH WORKERS collection2012を開催し、「環境活動コンテスト」と「クリエイティブコンテスト（アート作品・ミュージック作品）」を行う。",
         "TOKYO EARTH WORKERS collection2012: the environmental activity contest and the creative contest (art and music).",
         "平成24年2月12日にTOKYO EARTH WORKERS collection2012を開催しました。", None, True),
        (Action.COOPERATION, "（仮称）共同行動参加システムの実施設計及び構築", "Design and build of the joint action participation system",
         "団体が共同行動に参加し、活動を登録できるシステムを設計・構築する。",
         "Design and build the system in which organisations join the joint action and register their activities.",
         "実施設計を行い、システムを構築しました。", None, False),
    ]  # fmt: skip


def _fy2012(cap: str) -> list[tuple]:
    return [
        (Action.AWARENESS, "みどりの保全・地球温暖化防止に向けた普及・啓発の推進", "Awareness for green conservation and warming prevention",
         "みどりの保全や地球温暖化防止に向けた意識向上や実践行動につなげるための普及・啓発を行う。62市区町村に共通啓発物品としてグリーンカーテン用のタネを配布する。",
         "Awareness that leads to action; green curtain seeds handed to all 62 municipalities as the common goods.",
         "", None, True),
        (Action.COOPERATION, "温室効果ガス標準算定手法の共有化推進", "Shared standard method for greenhouse-gas emissions",
         "62市区町村共通版の標準算定手法により、62市区町村の温室効果ガス排出量を算定し、公表する。",
         "Compute and publish the emissions of all 62 with the shared standard method.",
         "", None, True),
        (Action.COOPERATION, "各団体の実施する事業との連携", "Working with the municipalities' own events",
         "62市区町村の実施する環境イベント等と連携した取組を行う。",
         "Joint activities with the environmental events the 62 municipalities hold.",
         "", None, True),
        (Action.COOPERATION, "みどり東京・温暖化防止プロジェクト助成金交付", "Project grants",
         f"62市区町村がそれぞれ実施する、みどりの保全・温暖化防止に関する事業に対して、1市区町村{cap}を限度として助成する。",
         f"Grants of at most {_yen_in_english(cap)} per municipality for its own green conservation and warming projects.",
         "", None, True),
        (Action.COOPERATION, "「チャレンジ25キャンペーン」との連携", "Link with the Challenge 25 campaign",
         "国の「チャレンジ25キャンペーン」等との連携を図る。",
         "Link the project with the national Challenge 25 campaign.",
         "", None, True),
        (Action.AWARENESS, "エコプロダクツ2012への出展", "Booth at Eco-Products 2012",
         "オール東京62市区町村共同事業及び市区町村の環境活動・施策等を発表するため、エコプロダクツ2012に出展する。",
         "A booth at Eco-Products 2012 presenting the joint project and the municipalities' work.",
         "", None, True),
        (Action.COOPERATION, "再生可能エネルギーとスマート・コミュニティ研究", "Renewable energy and smart community research",
         "基礎自治体におけるスマート・コミュニティの可能性について実践的な研究を進め、研修・見学会等を通じ普及啓発する。",
         "Practical research on smart communities in municipalities, shared through training and site visits.",
         "", None, True),
        (Action.PLACES, "みんなで環境を考える共同行動の実施", "Joint action: thinking about the environment together",
         "企業や学校、地域関係団体等の環境に係る活動について審査会（コンテスト）を開催し、みんなで環境を考える機運および活動の質を高める。",
         "A contest of the environmental activities of companies, schools and community groups.",
         "", None, True),
        (Action.AWARENESS, "ホームページの維持管理・コンテンツの充実", "Website and its content",
         "ホームページ「ECOネット東京62」を適宜更新し、「エコニュース」「エコアカデミー」等のコンテンツを充実する。",
         "Keep ECO Net Tokyo 62 current and grow its Eco News and Eco Academy.",
         "", None, True),
        (Action.PLACES, "体験型一般公開講座", "Public experiential courses",
         "東京の自然を森林セラピーなどで体験・再発見し、「エネルギー」についてのポイントを学ぶ。",
         "Rediscover Tokyo's nature through forest therapy and learn the essentials of energy.",
         "", OKUTAMA, True),
    ]  # fmt: skip


def _current(fiscal_year: int, cap: str) -> list[tuple]:
    era = wareki_fiscal_year(fiscal_year)
    return [
        (Action.AWARENESS, "共通啓発物品の作成・配布", "Common awareness goods",
         "グリーンカーテン用のゴーヤの種を62市区町村の窓口とイベントで配り、家庭での省エネと緑化を呼びかける。",
         "Goya seeds for green curtains handed out at the counters and events of all 62 municipalities.",
         "", None, True),
        (Action.COOPERATION, "温室効果ガス排出量の算定・公表", "Greenhouse-gas emissions of all 62",
         "62市区町村共通の算定手法で全団体の温室効果ガス排出量を算定し、部門別・ガス別に公表する。",
         "Compute every municipality's emissions with the shared method and publish them by sector and gas.",
         "", None, True),
        (Action.COOPERATION, "みどり東京・温暖化防止プロジェクト助成金交付", "Project grants",
         f"{era}は、市区町村が実施する自然環境保護・地球温暖化防止の事業に、1団体{cap}を上限として助成する。",
         f"Grants of up to {_yen_in_english(cap)} per municipality for its own nature and warming projects.",
         "", None, True),
        (Action.AWARENESS, f"エコプロ{fiscal_year}への出展", f"Booth at Eco-Pro {fiscal_year}",
         "東京ビッグサイトの環境展示会「エコプロ」に出展し、62市区町村の脱炭素と自然共生の取組を紹介する。",
         "A booth at the Eco-Pro exhibition showing the 62 municipalities' decarbonisation and nature work.",
         "", None, True),
        (Action.AWARENESS, "ECOネット東京62の運営", "Running ECO Net Tokyo 62",
         "エコニュース、エコアカデミー、イベント情報を更新し、メールマガジンで届ける。",
         "Eco News, Eco Academy and events kept current and sent out in the newsletter.",
         "", None, True),
        (Action.COOPERATION, "市区町村職員共同研修", "Joint training for municipal staff",
         "環境担当職員を対象に、脱炭素と生物多様性の施策を学ぶ合同研修を行う。",
         "Joint training on decarbonisation and biodiversity policy for municipal environment staff.",
         "", None, True),
        (Action.PLACES, "体験型一般公開講座（森林セラピー）", "Public course: forest therapy",
         "奥多摩町と檜原村の森林セラピーロードで、都民向けの体験講座を開く。",
         "Forest therapy courses on the therapy roads of Okutama and Hinohara.",
         "", OKUTAMA, True),
        (Action.PLACES, "体験型一般公開講座（里山散策）", "Public course: satoyama walk",
         "町田市の谷戸と雑木林をめぐる里山散策を、抽選で参加者を決めて行う。",
         "A satoyama walk through Machida's valleys and woods, places drawn by lottery.",
         "", MACHIDA, True),
        (Action.COOPERATION, "カーボン・オフセットの推進", "Carbon offsetting",
         "J-クレジットを共同購入し、共同事業のイベントと会議の排出量をオフセットする。",
         "J-Credits bought jointly to offset the joint project's events and meetings.",
         "", None, True),
        (Action.PLACES, "みどり体験交流事業", "Green experience exchange for children",
         "夏から秋に、子どもたちが多摩と島しょの自然に触れ、水と緑のつながりを学ぶ。",
         "From summer to autumn, children meet the nature of Tama and the islands.",
         "", None, True),
        (Action.PLACES, "TOKYO EARTH WORKERS collection", "TOKYO EARTH WORKERS collection",
         "環境活動コンテストとクリエイティブコンテストを開き、公開の最終審査と一般投票で表彰する。",
         "The environmental activity and creative contests, with a public finale and a public vote.",
         "", None, True),
        (Action.COOPERATION, "共同行動参加システムの運営", "Running the joint action system",
         "団体の参加登録と活動報告を受け付け、宣言と活動の広がりを公表する。",
         "Organisations join and report their activities; the pledges and their reach are published.",
         "", None, True),
    ]  # fmt: skip


PLAN_TITLES = {
    2011: ("平成23年度「みどり東京・温暖化防止プロジェクト」の取り組み", "FY2011 results of the Green Tokyo project"),
    2012: ("平成24年度事業の概要", "Outline of the FY2012 program"),
}  # fmt: skip


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


def _plan(fiscal_year: int, rows: list[tuple], status: str) -> list[Initiative]:
    title_ja, title_en = PLAN_TITLES.get(
        fiscal_year,
        (f"{wareki_fiscal_year(fiscal_year)} 事業計画", f"FY{fiscal_year} work plan"),
    )
    WorkPlan.objects.get_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "title": title_ja,
            "title_ja": title_ja,
            "title_en": title_en,
            "status": WorkPlanStatus.PUBLISHED,
        },
    )
    plan = []
    for position, (
        action,
        title,
        title_en_,
        summary,
        summary_en,
        result,
        lead,
        recurring,
    ) in enumerate(rows):
        initiative, _created = Initiative.objects.get_or_create(
            fiscal_year=fiscal_year,
            title_ja=title,
            defaults={
                "title": title,
                "title_en": title_en_,
                "summary": summary,
                "summary_ja": summary,
                "summary_en": summary_en,
                "result_ja": result,
                "action": action,
                "lead_municipality_id": lead,
                "status": status,
                "position": position,
                "recurring": recurring,
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


def _buy(
    initiative: Initiative, good: AwarenessGood, quantity: int, amount: int, day: datetime.date
) -> None:
    GoodsPurchase.objects.get_or_create(
        initiative=initiative, good=good,
        defaults={"quantity": quantity, "amount": amount, "purchased_on": day, "supplier": "印刷・資材 納入業者"},
    )  # fmt: skip


def seed(*, scale: str, out) -> None:
    past = _plan(2011, _fy2011(_man_yen(_cap_of(2011))), Status.COMPLETED)
    goya, clear_file, stand = _good("goya"), _good("clear_file"), _good("stand")
    _buy(past[0], goya, 200 * 62, 1_240_000, datetime.date(2011, 4, 25))
    _distribute(past[0], goya, 200, datetime.date(2011, 5, 20))
    _distribute(past[0], clear_file, 500, datetime.date(2011, 5, 20))
    _distribute(past[2], stand, 10, datetime.date(2011, 9, 1))
    _plan(2012, _fy2012(_man_yen(_cap_of(2012))), Status.COMPLETED)
    fiscal_year = current_fiscal_year()
    current = _plan(
        fiscal_year, _current(fiscal_year, _man_yen(_cap_of(fiscal_year))), Status.UNDER_WAY
    )
    _buy(current[0], goya, 300 * 62, 1_860_000, datetime.date(fiscal_year, 4, 20))
    _distribute(current[0], goya, 300, datetime.date(fiscal_year, 5, 15))
    out.write(f"Work plans of FY2011 (results), FY2012 (plan) and FY{fiscal_year} are in place.")
