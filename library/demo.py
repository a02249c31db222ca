"""The documents the program overview names: the carbon-offset guidebook for municipalities and
the standard calculation method (FY2011), and the outline of the FY2012 plan. Each file is a
generated PDF standing in for the printed original."""

from django.template.loader import render_to_string
from django.utils import translation

from core.files import Checked, CheckedUpload
from core.printing import html_to_pdf

from .models import Category, Document
from .services import add_version

# (title ja, title en, fiscal year, category, summary ja, summary en, municipality, sections)
DOCUMENTS = [
    (
        "自治体向けカーボン・オフセット ガイドブック",
        "Carbon offset guidebook for municipalities",
        2011,
        Category.GUIDEBOOK,
        "参加自治体が岩手県釜石市のJ-VERを共同購入し、イベントや会議の排出量をオフセットした経験をもとに、自治体がカーボン・オフセットに取り組む手順をまとめたガイドブックです。",
        "How a municipality offsets the emissions of its events and meetings, from the joint purchase of J-VER credits from Kamaishi, Iwate.",
        None,
        [
            ("カーボン・オフセットとは", "日常生活や経済活動で避けられない温室効果ガスの排出について、まず削減努力を行い、それでも排出される分を他の場所での削減・吸収量（クレジット）で埋め合わせる考え方です。"),
            ("共同購入の手順", "参加自治体の必要量を取りまとめ、釜石地方森林組合の森林吸収プロジェクトによるJ-VERを共同で購入しました。"),
            ("イベント・会議での活用", "会場の電力、参加者の移動、配布物から排出量を見積もり、購入したクレジットを無効化して埋め合わせます。"),
        ],
    ),
    (
        "62市区町村共通版 温室効果ガス標準算定手法",
        "Standard method for the greenhouse-gas emissions of the 62 municipalities",
        2011,
        Category.METHOD,
        "島しょ部の算定手法を確立し、62市区町村すべての温室効果ガス排出量を同じ方法で算定するための手法書です。部門ごとの活動量と排出係数、都全体の値の按分方法を定めています。",
        "The shared method used to compute every municipality's emissions: activity data and emission factors by sector, and how Tokyo-wide figures are apportioned.",
        None,
        [
            ("算定の考え方", "排出量は活動量に排出係数を乗じて求めます。市区町村独自の統計がない部門は、都全体のエネルギー消費量を指標により按分します。"),
            ("部門と指標", "製造業は製造品出荷額等、家庭は世帯数、自動車は自動車保有台数を按分の指標とします。"),
            ("島しょ部", "船舶による排出を運輸部門に含め、島しょ部の9町村についても算定できるようにしました。"),
        ],
    ),
    (
        "平成24年度事業の概要",
        "Outline of the FY2012 program",
        2012,
        Category.PLAN,
        "オール東京62市区町村共同事業「みどり東京・温暖化防止プロジェクト」の平成24年度の事業計画の概要です。",
        "The outline of the joint project's work plan for FY2012.",
        None,
        [
            ("普及・啓発", "62市区町村に共通啓発物品としてグリーンカーテン用のタネを配布します。"),
            ("新たな取組", "エコプロダクツ2012への出展、再生可能エネルギーとスマート・コミュニティ研究、「チャレンジ25キャンペーン」との連携に取り組みます。"),
        ],
    ),
    (
        "奥多摩町 森林セラピーロード案内",
        "Okutama forest therapy roads",
        2011,
        Category.MATERIAL,
        "体験型一般公開講座で歩いた奥多摩町の森林セラピーロードの案内です。",
        "A guide to the forest therapy roads of Okutama walked in the public courses.",
        "133086",
        [("コース", "登計トレイルは、奥多摩駅から歩いて行ける森林セラピーロードです。")],
    ),
]  # fmt: skip


def _pdf(title: str, sections: list[tuple[str, str]]) -> bytes:
    with translation.override("ja"):
        html = render_to_string(
            "library/demo_document.html", {"title": title, "sections": sections}
        )
    return html_to_pdf(html, stylesheets=[])


def seed(*, scale: str, out) -> None:
    for (
        title_ja,
        title_en,
        fiscal_year,
        category,
        summary_ja,
        summary_en,
        code,
        sections,
    ) in DOCUMENTS:
        document, created = Document.objects.get_or_create(
            title_ja=title_ja,
            defaults={
                "title": title_ja,
                "title_en": title_en,
                "fiscal_year": fiscal_year,
                "category": category,
                "summary": summary_ja,
                "summary_ja": summary_ja,
                "summary_en": summary_en,
                "municipality_id": code,
                "is_published": True,
            },
        )
        if created:
            pdf = _pdf(title_ja, sections)
            add_version(
                document_id=document.pk,
                checked_file=CheckedUpload(Checked(format="pdf", data=pdf), f"{title_ja}.pdf"),
                actor=None,
            )
    out.write(f"Library: {len(DOCUMENTS)} documents with their files.")
