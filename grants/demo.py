"""Demo grants: a program per recent fiscal year and applications in every state.

`--scale large` and `xlarge` add the benchmark sets (demo_large.py).
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from core.audit import record_audit
from core.fiscal import TOKYO, current_fiscal_year, wareki_fiscal_year
from core.money import format_yen

from .demo_large import BENCH_APPLICATIONS, seed_bench
from .models import (
    Application,
    Attachment,
    BudgetLine,
    CostCategory,
    GrantProgram,
    NoticeKind,
    ReportPhoto,
    Status,
    cap_of_fiscal_year,
)
from .notices import issue_notice

# The notices each state has had on its way, as the moves would have issued them.
DEMO_NOTICES = {
    Status.RETURNED: (NoticeKind.RETURN,),
    Status.REJECTED: (NoticeKind.REJECTION,),
    Status.DECIDED: (NoticeKind.DECISION,),
    Status.CHANGE_REQUESTED: (NoticeKind.DECISION,),
    Status.REPORTED: (NoticeKind.DECISION,),
    Status.CONFIRMED: (NoticeKind.DECISION, NoticeKind.CONFIRMATION),
    Status.CLAIMED: (NoticeKind.DECISION, NoticeKind.CONFIRMATION),
    Status.PAID: (NoticeKind.DECISION, NoticeKind.CONFIRMATION),
}
DEMO_EMAIL = "grants-demo@demo.eco62.example"
DEMO_PDF = b"%PDF-1.4\n% demo plan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CATEGORIES = [
    ("報償費（講師謝礼）", "Honoraria (lecturers)", True),
    ("需用費（消耗品・印刷製本）", "Supplies and printing", True),
    ("役務費（広告・郵送）", "Services (advertising, postage)", True),
    ("委託料", "Contracted work", True),
    ("使用料及び賃借料（会場）", "Venue hire", True),
    ("食糧費", "Food and drink", False),
]

# (municipality, title ja, title en, summary ja, results ja, status, requested, granted)
DEMO_PROJECTS = [
    (
        "131016",
        "屋上緑化とグリーンカーテンの普及講座",
        "Rooftop greening and green curtain course",
        "区内の事業所と家庭に向けて、屋上緑化とゴーヤのグリーンカーテンの講座を開き、苗を配布する。",
        "講座を4回開き、延べ210人が参加。ゴーヤの苗1,500株を配布し、夏の室温が平均2℃下がったとの報告が寄せられた。",
        Status.PAID,
        600_000,
        500_000,
    ),
    (
        "131016",
        "打ち水大作戦",
        "Uchimizu water-sprinkling day",
        "雨水を使った打ち水を商店街と小学校で実施し、ヒートアイランド対策を呼びかける。",
        "",
        Status.DECIDED,
        300_000,
        300_000,
    ),
    (
        "132012",
        "高尾山麓の里山保全ボランティア",
        "Satoyama volunteers at the foot of Mt Takao",
        "市民ボランティアと間伐・下草刈りを行い、里山の生きものを観察する。",
        "年間12回の活動に延べ480人が参加し、2.5haの下草刈りと間伐を行った。カタクリの群落が回復しつつある。",
        Status.CONFIRMED,
        900_000,
        800_000,
    ),
    (
        "132012",
        "ごみ減量フェア",
        "Waste reduction fair",
        "フードドライブとリユース市を開き、家庭ごみの減量を呼びかける。",
        "",
        Status.SUBMITTED,
        150_000,
        None,
    ),
    (
        "131121",
        "みどりのカーテンコンテスト",
        "Green curtain contest",
        "家庭や学校のグリーンカーテンを募集し、優秀な取組を表彰する。",
        "",
        Status.RESUBMITTED,
        400_000,
        None,
    ),
    (
        "131121",
        "区民環境講座「海ごみを考える」",
        "Citizens' course on marine litter",
        "多摩川河口の清掃と海洋プラスチックの学習会。",
        "",
        Status.RETURNED,
        350_000,
        None,
    ),
    (
        "132098",
        "町田の里山散策路整備",
        "Machida footpath improvement",
        "散策路の案内板を整備し、自然観察会を開く。",
        "案内板を8基設置し、観察会に親子90人が参加した。",
        Status.REPORTED,
        1_000_000,
        700_000,
    ),
    (
        "133086",
        "奥多摩森林セラピー体験",
        "Okutama forest therapy experience",
        "都市部の住民を招き、森林セラピーロードで体験会を開く。",
        "",
        Status.CHANGE_REQUESTED,
        800_000,
        600_000,
    ),
    (
        "133078",
        "檜原村 源流の森づくり",
        "Hinohara headwater forest",
        "源流域の植樹と水源林の学習会を行う。",
        "源流域にヤマザクラとミズナラ300本を植樹し、水源林の学習会に村内外から65人が参加した。",
        Status.CLAIMED,
        500_000,
        450_000,
    ),
    (
        "131130",
        "エコドライブ講習会",
        "Eco-driving course",
        "公用車と区民を対象にエコドライブ講習を行う。",
        "",
        Status.REJECTED,
        200_000,
        None,
    ),
    (
        "131130",
        "省エネ家電買替え相談会",
        "Energy-saving appliance advice",
        "家電販売店と協力し相談会を開く予定だったが、会場の都合で取り下げた。",
        "",
        Status.WITHDRAWN,
        250_000,
        None,
    ),
    (
        "131016",
        "環境フェスティバル出展",
        "Environment festival booth",
        "区の環境フェスティバルで温暖化防止のブースを出展する。",
        "",
        Status.DRAFT,
        200_000,
        None,
    ),
]


def _program(fiscal_year: int) -> GrantProgram:
    cap = cap_of_fiscal_year(fiscal_year)
    program, created = GrantProgram.objects.get_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "title_ja": f"{fiscal_year}年度 みどり東京・温暖化防止プロジェクト助成金",
            "title_en": f"FY{fiscal_year} Green Tokyo and warming prevention grant",
            "cap_per_municipality": cap,
            "opens_at": datetime.datetime(fiscal_year, 4, 1, 9, tzinfo=TOKYO),
            "closes_at": datetime.datetime(fiscal_year + 1, 1, 31, 17, tzinfo=TOKYO),
            "guidance_ja": (
                f"{wareki_fiscal_year(fiscal_year)}に各市区町村が実施する自然保護・温暖化防止の"
                f"取組に助成します。1市区町村あたり{cap // 10_000:,}万円を上限に、対象経費の"
                "合計まで申請できます。事業計画書と見積書を添付してください。"
            ),
            "guidance_en": (
                f"Grants for each municipality's own nature protection and warming prevention "
                f"projects in FY{fiscal_year}, up to {format_yen(cap)} per municipality. "
                "Attach the plan and estimates."
            ),
        },
    )
    if created:
        CostCategory.objects.bulk_create(
            [
                CostCategory(program=program, name_ja=ja, name_en=en, eligible=eligible, order=i)
                for i, (ja, en, eligible) in enumerate(CATEGORIES)
            ]
        )
    return program


def _photo(seed: int) -> ContentFile:
    """A small drawn picture of trees, so the showcase has something to show."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not secrets
    image = Image.new("RGB", (960, 540), (190, 225, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 960, 540), fill=(90, 150, 80))
    for _ in range(9):
        x = rng.randint(40, 920)
        draw.rectangle((x - 6, 300, x + 6, 400), fill=(110, 80, 50))
        draw.ellipse((x - 50, 200, x + 50, 320), fill=(40, rng.randint(110, 160), 60))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"demo-{seed}.jpg")


def _seed_demo(out) -> None:
    if Application.objects.filter(contact_email=DEMO_EMAIL).exists():
        return
    current = current_fiscal_year()
    programs = {fy: _program(fy) for fy in (2011, 2012, current - 2, current - 1, current)}
    secretariat = User.objects.filter(email="secretariat@demo.eco62.example").first()
    now = timezone.now()
    committed_statuses = {
        Status.DECIDED,
        Status.CHANGE_REQUESTED,
        Status.REPORTED,
        Status.CONFIRMED,
        Status.CLAIMED,
        Status.PAID,
    }
    for index, (
        code,
        title_ja,
        title_en,
        summary,
        results,
        status,
        requested,
        granted,
    ) in enumerate(DEMO_PROJECTS):
        # Completed projects belong to last year; open ones to this year.
        done = status in (Status.PAID, Status.CONFIRMED, Status.CLAIMED)
        program = programs[current - 1 if done else current]
        eligible_actual = (
            int(granted * 0.9)
            if granted
            and status in (Status.REPORTED, Status.CONFIRMED, Status.CLAIMED, Status.PAID)
            else None
        )
        confirmed = (
            min(granted, eligible_actual)
            if status in (Status.CONFIRMED, Status.CLAIMED, Status.PAID)
            else None
        )
        application = Application.objects.create(
            program=program,
            municipality_id=code,
            status=status,
            title_ja=title_ja,
            title_en=title_en,
            summary_ja=summary,
            purpose="地域の自然保護と地球温暖化防止の普及啓発",
            period_start=datetime.date(program.fiscal_year, 6, 1),
            period_end=datetime.date(program.fiscal_year + 1, 2, 28),
            requested_amount=requested,
            granted_amount=granted if status in committed_statuses else None,
            confirmed_amount=confirmed,
            paid_amount=confirmed if status == Status.PAID else None,
            results_ja=results,
            actual_cost=int(requested * 1.1) if eligible_actual else None,
            eligible_actual_cost=eligible_actual,
            contact_name="環境政策課 担当者",
            contact_department="環境政策課",
            contact_email=DEMO_EMAIL,
            submitted_at=None if status == Status.DRAFT else now,
            decided_at=now if granted or status == Status.REJECTED else None,
            secretariat_note={
                Status.RETURNED: "見積書の内訳が不足しています。講師謝礼の単価を追記してください。",
                Status.REJECTED: "対象経費に該当しない支出が大半のため、不交付とします。",
            }.get(status, ""),
        )
        categories = list(program.cost_categories.all())
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    application=application,
                    category=categories[0],
                    description="講師謝礼",
                    eligible=True,
                    amount=requested // 2,
                ),
                BudgetLine(
                    application=application,
                    category=categories[1],
                    description="チラシ印刷・資材",
                    eligible=True,
                    amount=requested - requested // 2,
                ),
                BudgetLine(
                    application=application,
                    category=categories[5],
                    description="参加者の飲食",
                    eligible=False,
                    amount=30_000,
                ),
            ]
        )
        Attachment.objects.create(
            application=application,
            file=ContentFile(DEMO_PDF, name="plan.pdf"),
            original_name="事業計画書.pdf",
            size=len(DEMO_PDF),
        )
        if results:
            ReportPhoto.objects.create(
                application=application,
                image=_photo(index),
                caption=title_ja,
                alt_text=f"{title_ja}の活動の様子（イラスト）",
            )
        if status == Status.CHANGE_REQUESTED:
            application.change_requests.create(
                reason="天候不良により体験会を1回追加し、期間を延長したい。",
                new_period_end=datetime.date(program.fiscal_year + 1, 3, 20),
            )
        record_audit(
            subject=application,
            actor=secretariat,
            action="demo",
            to_state=status,
            note="seed_demo",
        )
        for kind in DEMO_NOTICES.get(status, ()):
            issue_notice(application=application, kind=kind, actor=secretariat)
    out.write(
        f"Grants: {len(DEMO_PROJECTS)} demo applications in every state. Sign in as "
        "staff.chiyoda@demo.eco62.example (municipal staff) or secretariat@demo.eco62.example "
        "to try the course in the admin."
    )


def seed(*, scale: str, out) -> None:
    _seed_demo(out)
    if scale in BENCH_APPLICATIONS:
        seed_bench(scale=scale, program_for=_program, out=out)
