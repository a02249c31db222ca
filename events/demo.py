"""Demo events: a year of courses, walks, children's programs, training and booths."""

import datetime

from django.utils import timezone

from core.fiscal import TOKYO, current_fiscal_year
from offsets.models import CreditPurchase, CreditRetirement, Scheme

from .models import Category, Event, Registration, RegistrationMode, Status, Visibility

BENCH_PREFIX = "[bench] "
# scale: (events, hours between two starts, share of them already past)
BENCH_EVENTS = {"large": (5_000, 5.0, 1 / 3), "xlarge": (50_000, 1.75, 2 / 3)}
BENCH_REGISTRATIONS_PER_EVENT = 10
INSERT_BATCH = 5_000

WALK_TEXT = (
    "町田市の北部丘陵を歩く里山散策です。谷戸の田んぼと雑木林をめぐり、"
    "ガイドが季節の植物や生き物を紹介します。\n\n- 持ち物: 飲み物、雨具\n- 歩行距離: 約6km"
)
THERAPY_TEXT = (
    "森林セラピーロードをセラピストと歩き、五感で森を感じます。"
    "心拍数と唾液アミラーゼの簡易測定つき。\n\n- 集合: 駅前\n- 持ち物: 歩きやすい靴、雨具"
)

DESCRIPTIONS = {
    "子ども": (
        "川や森で生き物を観察し、身近な自然のつながりを学びます。"
        "保護者の方もご一緒にご参加ください。\n\n- 持ち物: 帽子、水筒、濡れてもよい靴"
    ),
    "職員研修": (
        "62市区町村の環境担当職員を対象に、脱炭素と生物多様性の施策を学ぶ合同研修です。"
        "\n\n- 講義: 地域の森林吸収とカーボン・オフセット\n- グループ討議"
    ),
    "エコプロ": (
        "東京ビッグサイトの「エコプロ」に出展し、62市区町村の取組をパネルと体験展示で紹介します。"
        "ブースの排出量はJ-VERでオフセットしています。"
    ),
    "フェア": "区の環境団体や事業者が集まり、省エネ相談やリサイクル工作を行います。",
    "フェスティバル": "緑化相談、苗木の配布、自然観察ツアーなど、みどりを楽しむ催しです。",
    "幹事会": "今年度の事業の進捗と来年度の計画を協議します（幹事市区町村の担当者）。",
}


def _description(title_ja: str) -> str:
    for key, text in DESCRIPTIONS.items():
        if key in title_ja:
            return text
    return THERAPY_TEXT if "セラピー" in title_ja else WALK_TEXT


# (title ja, title en, category, municipality, venue, address, lat, lon, month, day, hour,
#  hours, mode, capacity, visibility, audience)
FEATURED = [
    ("奥多摩 森林セラピー体験「登計トレイル」", "Forest therapy in Okutama: Toke Trail",
     Category.PUBLIC_COURSE, "133086", "奥多摩町 登計トレイル", "東京都西多摩郡奥多摩町氷川",
     35.8095, 139.0967, 5, 17, 9, 6, RegistrationMode.FIRST_COME, 20, Visibility.PUBLIC,
     "どなたでも（小学生以上）"),
    ("檜原村 森林セラピー「都民の森」", "Forest therapy in Hinohara: Tomin no Mori",
     Category.PUBLIC_COURSE, "133078", "檜原都民の森", "東京都西多摩郡檜原村数馬",
     35.7375, 139.0453, 6, 14, 10, 5, RegistrationMode.FIRST_COME, 15, Visibility.PUBLIC,
     "どなたでも"),
    ("町田 里山散策 小野路・図師の谷戸を歩く", "Machida footpath walk: Onoji satoyama",
     Category.PUBLIC_COURSE, "132098", "小野路宿里山交流館", "東京都町田市小野路町888-1",
     35.6037, 139.4493, 10, 18, 9, 5, RegistrationMode.LOTTERY, 30, Visibility.PUBLIC,
     "どなたでも"),
    ("子ども自然教室 川の生き物しらべ", "Children's nature class: river creatures",
     Category.CHILDREN, "132012", "浅川 河川敷", "東京都八王子市", 35.6558, 139.3239,
     7, 26, 10, 3, RegistrationMode.FIRST_COME, 25, Visibility.PUBLIC, "小学3〜6年生と保護者"),
    ("子ども自然教室 どんぐりと森の工作", "Children's nature class: acorns and woodcraft",
     Category.CHILDREN, "132055", "青梅の森", "東京都青梅市", 35.7880, 139.2760,
     11, 8, 10, 3, RegistrationMode.FIRST_COME, 20, Visibility.PUBLIC, "小学生と保護者"),
    ("62市区町村 合同職員研修「脱炭素と自然共生」", "Joint staff training: decarbonisation",
     Category.STAFF_TRAINING, None, "東京都庁 第一本庁舎 会議室", "東京都新宿区西新宿2-8-1",
     None, None, 8, 20, 13, 4, RegistrationMode.FIRST_COME, 120, Visibility.STAFF,
     "市区町村の環境担当職員"),
    ("エコプロ出展「みどり東京・温暖化防止プロジェクト」", "Eco-Products booth",
     Category.EXHIBITION, None, "東京ビッグサイト", "東京都江東区有明3-11-1",
     35.6298, 139.7942, 12, 4, 10, 56, RegistrationMode.NONE, None, Visibility.PUBLIC,
     "どなたでも（入場無料）"),
    ("せたがや環境フェア", "Setagaya environment fair", Category.MUNICIPAL, "131121",
     "世田谷公園", "東京都世田谷区池尻1-5-27", 35.6441, 139.6790, 10, 5, 10, 6,
     RegistrationMode.NONE, None, Visibility.PUBLIC, "どなたでも"),
    ("ねりま 緑のフェスティバル", "Nerima green festival", Category.MUNICIPAL, "131202",
     "光が丘公園", "東京都練馬区光が丘4-1-1", 35.7620, 139.6310, 4, 29, 10, 6,
     RegistrationMode.NONE, None, Visibility.PUBLIC, "どなたでも"),
    ("ECOネット東京62 幹事会", "Steering meeting", Category.MEETING, None,
     "オンライン（Zoom）", "", None, None, 9, 10, 14, 2, RegistrationMode.NONE, None,
     Visibility.STAFF, "幹事市区町村"),
]  # fmt: skip

SPREAD_CATEGORIES = [Category.MUNICIPAL, Category.PUBLIC_COURSE, Category.CHILDREN]
SPREAD_TITLES = {
    Category.MUNICIPAL: ("{name} 環境講演会", "{name} environment lecture"),
    Category.PUBLIC_COURSE: ("{name} 緑のボランティア体験", "{name} green volunteering"),
    Category.CHILDREN: ("{name} 親子エコ工作教室", "{name} family eco-craft class"),
}


def _at(fiscal_year: int, month: int, day: int, hour: int) -> datetime.datetime:
    year = fiscal_year if month >= 4 else fiscal_year + 1
    return datetime.datetime(year, month, day, hour, tzinfo=TOKYO)


def _fill(event: Event, confirmed: int, waiting: int = 0, status=Status.CONFIRMED) -> None:
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            status=status if i < confirmed else Status.WAITLISTED,
            name=f"デモ 参加者{i + 1}",
            kana="デモ サンカシャ",
            email=f"demo{i + 1}.event{event.pk}@example.jp",
            phone="03-0000-0000",
            party_size=1,
            privacy_consent=True,
            created_at=now,
            status_changed_at=now,
        )
        for i in range(confirmed + waiting)
    )
    event.seats_taken = confirmed if status == Status.CONFIRMED else 0
    event.save(update_fields=["seats_taken"])


def _seed_featured(fiscal_year: int, out) -> None:
    now = timezone.now()
    for row in FEATURED:
        (title_ja, title_en, category, code, venue, address, lat, lon, month, day, hour, hours,
         mode, capacity, visibility, audience) = row  # fmt: skip
        start = _at(fiscal_year, month, day, hour)
        if start < now:  # keep the showcase in the future whenever the demo is loaded
            start = _at(fiscal_year + 1, month, day, hour)
        end = start + datetime.timedelta(hours=hours)
        defaults = {
            "title_en": title_en,
            "description_ja": _description(title_ja),
            "category": category,
            "municipality_id": code,
            "venue_name_ja": venue,
            "venue_address": address,
            "latitude": lat,
            "longitude": lon,
            "online_url": "https://zoom.example/j/62" if "オンライン" in venue else "",
            "start": start,
            "end": end,
            "audience_ja": audience,
            "visibility": visibility,
            "registration_mode": mode,
            "capacity": capacity,
            "max_party_size": 4 if category == Category.CHILDREN else 2,
            "estimated_emissions_t": 3 if category == Category.EXHIBITION else None,
        }
        if mode == RegistrationMode.LOTTERY:
            defaults["registration_closes"] = start - datetime.timedelta(days=14)
            defaults["lottery_draw_at"] = start - datetime.timedelta(days=13)
        event, created = Event.objects.get_or_create(title_ja=title_ja, defaults=defaults)
        if not created:
            continue
        if title_ja.startswith("奥多摩"):
            _fill(event, confirmed=20, waiting=3)  # full, with a waiting list
        elif mode == RegistrationMode.LOTTERY:
            _fill(event, confirmed=42, status=Status.APPLIED)  # oversubscribed: 42 for 30
        elif capacity:
            _fill(event, confirmed=capacity // 2)
    out.write(f"Events: {len(FEATURED)} featured events in place.")


def _seed_past_event_with_report(fiscal_year: int) -> None:
    start = _at(fiscal_year - 1, 11, 16, 10)
    Event.objects.get_or_create(
        title_ja="檜原村 紅葉の森林セラピー（実施報告）",
        defaults={
            "title_en": "Autumn forest therapy in Hinohara (report)",
            "description_ja": THERAPY_TEXT,
            "category": Category.PUBLIC_COURSE,
            "municipality_id": "133078",
            "venue_name_ja": "檜原都民の森",
            "start": start,
            "end": start + datetime.timedelta(hours=5),
            "registration_mode": RegistrationMode.NONE,
            "participant_count": 18,
            "cost_yen": 184_000,
            "report_ja": (
                "紅葉の見頃に18名が参加しました。参加者のストレス指標は平均で2割低下しました。"
            ),
        },
    )


def _seed_spread(fiscal_year: int) -> None:
    """About fifty more events over the year, across municipalities and categories."""
    from municipalities.models import Municipality

    codes = list(Municipality.objects.ordered().values_list("code", "name_ja", "name_en"))
    for index, (code, name, name_en) in enumerate(codes[:50]):
        category = SPREAD_CATEGORIES[index % 3]
        title_ja, title_en = SPREAD_TITLES[category]
        start = _at(fiscal_year, (index % 12 + 4 - 1) % 12 + 1, 1 + index % 27, 13)
        event, created = Event.objects.get_or_create(
            title_ja=title_ja.format(name=name),
            defaults={
                "title_en": title_en.format(name=name_en or code),
                "description_ja": f"{name}の環境イベントです。",
                "description_en": f"An environmental event of {name_en or code}.",
                "category": category,
                "municipality_id": code,
                "venue_name_ja": f"{name} 市民会館",
                "venue_name_en": f"{name_en or code} civic hall",
                "start": start,
                "end": start + datetime.timedelta(hours=2),
                "registration_mode": RegistrationMode.FIRST_COME
                if category != Category.MUNICIPAL
                else RegistrationMode.NONE,
                "capacity": 30 if category != Category.MUNICIPAL else None,
            },
        )
        if created:
            _attend(event, index)


def _attend(event: Event, index: int) -> None:
    """Registrations for a spread event, and the head count staff report once one was held."""
    if event.registration_mode == RegistrationMode.FIRST_COME:
        held = event.start < timezone.now()
        _fill(event, confirmed=12 + index % 15 if held else index % 10)
    elif event.start < timezone.now():
        event.participant_count = 30 + index * 7 % 70
        event.save(update_fields=["participant_count"])


def _seed_offsets(fiscal_year: int) -> None:
    purchase, _created = CreditPurchase.objects.get_or_create(
        reference="JVER-DEMO-0001",
        defaults={
            "scheme": Scheme.J_VER,
            "source_project": "釜石地方森林組合 森林吸収プロジェクト",
            "tonnes": 20,
            "price_yen": 20 * 8_800,
            "purchased_on": datetime.date(fiscal_year, 4, 15),
        },
    )
    booth = Event.objects.filter(title_ja__startswith="エコプロ出展").first()
    if booth and not CreditRetirement.objects.filter(event=booth).exists():
        CreditRetirement.objects.create(
            purchase=purchase,
            event=booth,
            purpose="エコプロ出展に伴う排出のオフセット",
            tonnes=3,
            retired_on=datetime.date(fiscal_year, 4, 20),
        )


def _seed_bench(scale: str, out) -> None:
    """The benchmark's events, ten registrations each, in bulk: 5,000 (issue 10) at `large`,
    50,000 over about ten years (issue 20) at `xlarge`."""
    total, hours_apart, past_share = BENCH_EVENTS[scale]
    existing = Event.objects.filter(title_ja__startswith=BENCH_PREFIX).count()
    if existing >= total:
        return
    from municipalities.models import Municipality

    codes = list(Municipality.objects.values_list("code", flat=True))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    categories = [c for c in Category.values if c != Category.STAFF_TRAINING]
    first_start = now - datetime.timedelta(hours=hours_apart * int(total * past_share))
    created_events = registrations_made = 0
    for first in range(existing, total, INSERT_BATCH):
        events = []
        for i in range(first, min(first + INSERT_BATCH, total)):
            start = first_start + datetime.timedelta(hours=hours_apart * i)
            title = f"{BENCH_PREFIX}環境講座 {i:05d}"
            events.append(
                Event(
                    title=title,
                    title_ja=title,
                    description="ベンチマーク用のイベントです。",
                    description_ja="ベンチマーク用のイベントです。",
                    category=categories[i % len(categories)],
                    municipality_id=codes[i % len(codes)],
                    venue_name="市民会館",
                    venue_name_ja="市民会館",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    registration_mode=RegistrationMode.FIRST_COME,
                    capacity=12,
                    seats_taken=BENCH_REGISTRATIONS_PER_EVENT,
                )
            )
        created = Event.objects.bulk_create(events, batch_size=1000)
        registrations = [
            Registration(
                event=event,
                status=Status.CONFIRMED,
                name=f"ベンチ 参加者{n}",
                kana="ベンチ サンカシャ",
                email=f"bench{n}.event{event.pk}@example.jp",
                phone="03-0000-0000",
                party_size=1,
                privacy_consent=True,
                created_at=min(event.start - datetime.timedelta(days=7), now),
                status_changed_at=min(event.start - datetime.timedelta(days=7), now),
            )
            for event in created
            for n in range(BENCH_REGISTRATIONS_PER_EVENT)
        ]
        Registration.objects.bulk_create(registrations, batch_size=5000)
        created_events += len(created)
        registrations_made += len(registrations)
    out.write(f"Events ({scale}): {created_events:,} events, {registrations_made:,} registrations.")


def seed(*, scale: str, out) -> None:
    fiscal_year = current_fiscal_year()
    _seed_featured(fiscal_year, out)
    _seed_past_event_with_report(fiscal_year)
    _seed_spread(fiscal_year)
    _seed_offsets(fiscal_year)
    if scale in BENCH_EVENTS:
        _seed_bench(scale, out)
