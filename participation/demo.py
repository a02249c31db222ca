"""Demo organisations, campaigns, pledges and activity reports (idempotent).

`scale="large"` adds the benchmark set of issue 10: 2,000 approved organisations with pledges and
published activities, written with bulk_create.
"""

import datetime
import random
import secrets

from django.db import connection
from django.utils import timezone

from accounts.models import User
from core.fiscal import TOKYO
from municipalities.models import Municipality

from .models import (
    Activity,
    ActivityCategory,
    ActivityVersion,
    Campaign,
    MemberRole,
    Membership,
    Organisation,
    OrganisationStatus,
    OrganisationType,
    Pledge,
    VersionStatus,
)

CAMPAIGNS = (
    {
        "slug": "reji-bukuro",
        "title_ja": "レジ袋削減キャンペーン",
        "title_en": "Cut plastic bags",
        "summary_ja": "マイバッグを持ち、レジ袋をもらわない・渡さない取組を広げます。",
        "summary_en": "Bring your own bag: no plastic bags handed out or taken.",
        "pledge_text_ja": "私たちは、マイバッグの利用を呼びかけ、レジ袋の削減に取り組みます。",
        "pledge_text_en": "We encourage reusable bags and cut the use of plastic bags.",
        "starts_on": datetime.date(2009, 2, 1),
    },
    {
        "slug": "green-curtain",
        "title_ja": "グリーンカーテン（緑のカーテン）",
        "title_en": "Green curtains",
        "summary_ja": "ゴーヤなどのつる性植物で窓辺を覆い、夏の冷房を減らします。",
        "summary_en": "Climbing plants such as goya shade windows and cut summer cooling.",
        "pledge_text_ja": "私たちは、事業所や校舎の窓辺にグリーンカーテンを育てます。",
        "pledge_text_en": "We grow green curtains on the windows of our premises.",
        "starts_on": datetime.date(2012, 4, 1),
    },
)

ORGANISATIONS = (
    ("株式会社みどり電機", "Midori Denki Co., Ltd.", OrganisationType.COMPANY, "131016"),
    (
        "八王子市立第三小学校",
        "Hachioji Daisan Elementary School",
        OrganisationType.SCHOOL,
        "132012",
    ),
    ("世田谷区立桜丘中学校", "Sakuragaoka Junior High School", OrganisationType.SCHOOL, "131121"),
    (
        "町田里山保全の会",
        "Machida Satoyama Conservation Group",
        OrganisationType.COMMUNITY_GROUP,
        "132098",
    ),
    ("NPO法人多摩川エコネット", "Tamagawa Eco Net (NPO)", OrganisationType.NPO, "132080"),
    (
        "練馬区商店街エコ推進会",
        "Nerima Shopping Streets Eco Group",
        OrganisationType.COMMUNITY_GROUP,
        "131202",
    ),
    (
        "奥多摩森林ボランティアの会",
        "Okutama Forest Volunteers",
        OrganisationType.COMMUNITY_GROUP,
        "133086",
    ),
    (
        "株式会社東京グリーン建設",
        "Tokyo Green Construction Co., Ltd.",
        OrganisationType.COMPANY,
        "131032",
    ),
    ("日野市立ひまわり保育園", "Himawari Nursery, Hino", OrganisationType.SCHOOL, "132128"),
    (
        "NPO法人八丈島の自然を守る会",
        "Hachijojima Nature Society (NPO)",
        OrganisationType.NPO,
        "134015",
    ),
    ("有限会社さくらベーカリー", "Sakura Bakery Ltd.", OrganisationType.COMPANY, "131156"),
    ("檜原村むらづくり協議会", "Hinohara Village Council", OrganisationType.OTHER, "133078"),
)

ACTIVITIES = (
    (
        "ゴーヤのグリーンカーテンを育てました",
        ActivityCategory.GREENERY,
        120,
        85,
        "校舎南側の窓20か所にゴーヤを植え、7月から9月まで教室の室温を記録しました。",
        "エアコン使用の削減 190 kWh × 0.45 kg-CO2/kWh（電力会社の排出係数）",
    ),
    (
        "多摩川河川敷の清掃活動",
        ActivityCategory.CLEANUP,
        64,
        None,
        "地域の皆さんと河川敷のごみを拾い、可燃・不燃・資源に分別しました。約240kgを回収。",
        "",
    ),
    (
        "マイバッグ持参の呼びかけ",
        ActivityCategory.WASTE,
        30,
        410,
        "商店街の店頭でマイバッグを配布し、レジ袋の辞退率を3か月で42%から68%に上げました。",
        "辞退されたレジ袋 6,800 枚 × 0.06 kg-CO2/枚",
    ),
    (
        "里山の下草刈りと生き物観察会",
        ActivityCategory.NATURE,
        45,
        None,
        "雑木林の下草刈りの後、親子で昆虫と植物を観察しました。",
        "",
    ),
    (
        "オフィスの照明をLEDに更新",
        ActivityCategory.ENERGY,
        150,
        5200,
        "本社3フロアの蛍光灯をLEDに替え、昼休みの消灯を徹底しました。",
        "年間削減電力 11,600 kWh × 0.45 kg-CO2/kWh",
    ),
    (
        "小学生向け環境出前授業",
        ActivityCategory.EDUCATION,
        90,
        None,
        "地球温暖化の仕組みと家庭でできる省エネを、クイズと実験で学びました。",
        "",
    ),
)

DEMO_MEMBER_EMAIL = "member.midori@demo.eco62.example"
LARGE_DOMAIN = "large.demo.eco62.example"
LARGE_ORGANISATIONS = 2000


def seed(*, scale: str, out) -> None:
    campaigns = [_campaign(data) for data in CAMPAIGNS]
    _demo_organisations(campaigns, out)
    if scale in ("large", "xlarge"):  # the same 2,000 organisations at both
        _large(campaigns, out)


def _campaign(data: dict) -> Campaign:
    campaign, _created = Campaign.objects.get_or_create(slug=data["slug"], defaults=data)
    return campaign


def _demo_organisations(campaigns: list[Campaign], out) -> None:
    if Organisation.objects.filter(email__endswith="@demo.eco62.example").exists():
        return
    now = timezone.now()
    today = timezone.localdate(timezone=TOKYO)
    for index, (name_ja, name_en, kind, code) in enumerate(ORGANISATIONS):
        organisation = Organisation.objects.create(
            name_ja=name_ja,
            name_en=name_en,
            kind=kind,
            municipality_id=code,
            address=f"東京都{Municipality.objects.get(pk=code).name}1-{index + 1}-1",
            contact_name="環境 太郎",
            email=f"org{index + 1}@demo.eco62.example",
            status=OrganisationStatus.APPROVED,
            email_confirmed_at=now - datetime.timedelta(days=400 - index),
            approved_at=now - datetime.timedelta(days=390 - index),
            description_ja=f"{name_ja}は、地域で環境活動に取り組んでいます。",
        )
        for campaign in campaigns[: 1 + index % 2]:
            Pledge.objects.create(organisation=organisation, campaign=campaign)
        title, category, participants, co2, description, method = ACTIVITIES[
            index % len(ACTIVITIES)
        ]
        activity = Activity.objects.create(organisation=organisation)
        version = ActivityVersion.objects.create(
            activity=activity,
            title=title,
            held_on=today - datetime.timedelta(days=20 + index * 17),
            municipality_id=code,
            category=category,
            description=description,
            participants=participants,
            estimated_co2_kg=co2,
            co2_method=method,
            status=VersionStatus.APPROVED,
            decided_at=now - datetime.timedelta(days=10 + index * 15),
        )
        activity.published_version = version
        activity.published_at = version.decided_at
        activity.save(update_fields=["published_version", "published_at"])
    # One registration waiting for the secretariat, to show the review queue.
    Organisation.objects.create(
        name_ja="江戸川区子ども環境クラブ",
        name_en="Edogawa Children's Eco Club",
        kind=OrganisationType.COMMUNITY_GROUP,
        municipality_id="131237",
        address="東京都江戸川区中央1-4-1",
        contact_name="緑川 花子",
        email="waiting@demo.eco62.example",
        status=OrganisationStatus.AWAITING_REVIEW,
        email_confirmed_at=now,
    )
    if not User.objects.filter(email=DEMO_MEMBER_EMAIL).exists():
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            email=DEMO_MEMBER_EMAIL, password=password, first_name="みどり電機 担当", is_staff=False
        )
        Membership.objects.create(
            user=user,
            organisation=Organisation.objects.get(email="org1@demo.eco62.example"),
            role=MemberRole.REPRESENTATIVE,
        )
        out.write(
            f"Demo organisation login (participation/login/): {DEMO_MEMBER_EMAIL}  "
            f"password: {password}"
        )


def _large(campaigns: list[Campaign], out) -> None:
    if Organisation.objects.filter(email__endswith=f"@{LARGE_DOMAIN}").exists():
        return
    rng = random.Random(62)  # noqa: S311 - repeatable demo data, not security
    codes = list(Municipality.objects.values_list("code", flat=True))
    kinds = [choice.value for choice in OrganisationType]
    categories = [choice.value for choice in ActivityCategory]
    now = timezone.now()
    today = timezone.localdate(timezone=TOKYO)
    prefixes = {
        OrganisationType.COMPANY: "株式会社エコ",
        OrganisationType.SCHOOL: "区市町村立みどり学校",
        OrganisationType.COMMUNITY_GROUP: "町会環境部",
        OrganisationType.NPO: "NPO法人みどりネット",
        OrganisationType.OTHER: "環境協議会",
    }
    organisations = []
    for number in range(1, LARGE_ORGANISATIONS + 1):
        kind = kinds[number % len(kinds)]
        approved_at = now - datetime.timedelta(days=rng.randint(1, 3000))
        organisations.append(
            Organisation(
                name=f"{prefixes[kind]}{number:04d}",
                name_ja=f"{prefixes[kind]}{number:04d}",
                kind=kind,
                municipality_id=codes[number % len(codes)],
                address="東京都",
                contact_name="担当者",
                email=f"org{number:04d}@{LARGE_DOMAIN}",
                status=OrganisationStatus.APPROVED,
                email_confirmed_at=approved_at,
                approved_at=approved_at,
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=1000)
    pledges = [
        Pledge(organisation=organisation, campaign=campaign)
        for organisation in organisations
        for campaign in campaigns
        if rng.random() < 0.6
    ]
    Pledge.objects.bulk_create(pledges, batch_size=2000)
    activities = Activity.objects.bulk_create(
        [Activity(organisation=organisation) for organisation in organisations for _ in range(2)],
        batch_size=2000,
    )
    versions = []
    for activity in activities:
        title, category, participants, co2, description, method = rng.choice(ACTIVITIES)
        versions.append(
            ActivityVersion(
                activity=activity,
                title=title,
                held_on=today - datetime.timedelta(days=rng.randint(1, 2500)),
                municipality_id=activity.organisation.municipality_id,
                category=rng.choice(categories) if category is None else category,
                description=description,
                participants=participants,
                estimated_co2_kg=co2,
                co2_method=method,
                status=VersionStatus.APPROVED,
                decided_at=now - datetime.timedelta(days=rng.randint(1, 2500)),
            )
        )
    versions = ActivityVersion.objects.bulk_create(versions, batch_size=2000)
    for activity, version in zip(activities, versions, strict=True):
        activity.published_version = version
        activity.published_at = version.decided_at
    Activity.objects.bulk_update(activities, ["published_version", "published_at"], batch_size=1000)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes the bulk-loaded tables for empty ones and
        # chooses nested loops (seen: 350 ms instead of 2 ms for the campaign counters).
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE participation_organisation, participation_pledge, "
                "participation_activity, participation_activityversion"
            )
    out.write(
        f"Participation: {len(organisations):,} organisations, {len(pledges):,} pledges, "
        f"{len(activities):,} activities."
    )
