"""Demo contests: a past edition with results and awards, and one open for entries."""

import datetime
import io
import math
import secrets
import struct
import wave
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import StaffProfile, User
from accounts.roles import GROUP_NAMES, Role
from municipalities.models import Municipality

from .models import (
    Award,
    Category,
    CategoryKind,
    Contest,
    Criterion,
    CriterionScore,
    EntrantType,
    Entry,
    EntryStatus,
    Review,
)
from .services import weighted_score
from .services.entries import _publish

SUMMARY_JA = "みんなで環境を考える共同行動の環境活動コンテストとクリエイティブコンテスト"
JUDGES = ("judge1@demo.eco62.example", "judge2@demo.eco62.example")

RULES_JA = """## 応募資格
都内在住・在勤・在学の個人、学校、企業、団体。

## 応募方法
このページの応募フォームから。アカウントは不要です。
送信後に届くメールのリンクで確認すると応募が完了します。
締切まではメールの専用リンクから修正できます。

## 審査
事務局による一次審査の後、審査員が評価基準ごとに採点します。審査員には応募者の氏名・連絡先は示されません。

## 賞
グランプリ、準グランプリ、特別賞、優秀賞。"""

RULES_EN = """## Who can enter
Individuals, schools, companies and groups who live, work or study in Tokyo.

## How to enter
Use the entry form on this page; no account is needed.
Your entry is complete once you open the link in the e-mail we send.
You can change it until the deadline through the private link in that e-mail.

## Judging
After the secretariat's screening, judges score every criterion.
Judges never see entrants' names or contacts.

## Awards
Grand Prix, Runner-up Grand Prix, Special Prize, Excellence Award."""

CATEGORIES = (
    (
        CategoryKind.ACTIVITY,
        "環境活動部門",
        "Environmental activities",
        (("独創性", "Originality", 3), ("効果", "Effect", 3), ("継続性", "Continuity", 2)),
    ),
    (
        CategoryKind.ART,
        "アート部門",
        "Art works",
        (("独創性", "Originality", 3), ("表現力", "Expression", 3), ("メッセージ", "Message", 2)),
    ),
    (
        CategoryKind.MUSIC,
        "音楽部門",
        "Music works",
        (("独創性", "Originality", 3), ("表現力", "Expression", 3), ("メッセージ", "Message", 2)),
    ),
)

TITLES = {
    CategoryKind.ACTIVITY: [
        "川辺のごみ拾い10年",
        "屋上緑化で学ぶ教室",
        "フードロスゼロ商店街",
        "里山の竹林整備",
    ],
    CategoryKind.ART: ["森の呼吸", "未来の多摩川", "ミツバチの街", "氷が溶ける前に"],
    CategoryKind.MUSIC: ["みどりの歌", "雨音のリズム", "海へ帰るメロディ", "風車のワルツ"],
}
ENTRANTS = (
    (EntrantType.SCHOOL, "区立みどり小学校", "みどり小5年"),
    (EntrantType.COMPANY, "株式会社エコ技研", "エコ技研"),
    (EntrantType.GROUP, "多摩川クリーン隊", "クリーン隊"),
    (EntrantType.INDIVIDUAL, "山田 花子", "はなこ"),
)
ARCHIVE_EDITIONS = {"large": 1, "xlarge": 10}
MUNICIPALITY_CODES = ("131016", "131041", "132012", "132080", "131121", "133051")


def seed(*, scale: str, out) -> None:
    judges = [_judge(email, out) for email in JUDGES]
    now = timezone.now()
    this_year = timezone.localtime(now).year
    past = _contest(
        this_year,
        announced=datetime.datetime(this_year - 1, 5, 1, 10, tzinfo=datetime.UTC),
        opens=datetime.datetime(this_year - 1, 6, 1, 0, tzinfo=datetime.UTC),
        closes=datetime.datetime(this_year - 1, 9, 30, 15, tzinfo=datetime.UTC),
        judging=datetime.datetime(this_year - 1, 10, 20, 0, tzinfo=datetime.UTC),
        results=datetime.datetime(this_year, 1, 15, 1, tzinfo=datetime.UTC),
        judges=judges,
    )
    current = _contest(
        this_year + 1,
        announced=now - datetime.timedelta(days=30),
        opens=now - datetime.timedelta(days=20),
        closes=now + datetime.timedelta(days=60),
        judging=now + datetime.timedelta(days=80),
        results=None,
        judges=judges,
    )
    if not past.entries.exists():
        _past_entries(past, judges)
        out.write(f"Contest {past.year}: {past.entries.count()} entries with results.")
    if not current.entries.exists():
        _current_entries(current)
        out.write(f"Contest {current.year}: {current.entries.count()} entries, open for entries.")
    # large: one archive edition of 2,000 entries; xlarge: ten of them, 20,000 entries.
    for years_back in range(1, ARCHIVE_EDITIONS.get(scale, 0) + 1):
        _large_edition(this_year - years_back, judges, out)


def _judge(email: str, out) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            email=email, password=password, first_name="審査員", last_name="デモ", is_staff=True
        )
        user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.JUDGE]))
        StaffProfile.objects.create(user=user, municipality=None)
        out.write(f"Demo login created ({Role.JUDGE.label}): {email}  password: {password}")
    return user


def _contest(year, *, announced, opens, closes, judging, results, judges) -> Contest:
    contest, created = Contest.objects.get_or_create(
        year=year,
        defaults={
            "title_ja": f"TOKYO EARTH WORKERS collection {year}",
            "title_en": f"TOKYO EARTH WORKERS collection {year}",
            "summary_ja": SUMMARY_JA,
            "summary_en": "The environmental activity and creative contests of the joint action.",
            "rules_ja": RULES_JA,
            "rules_en": RULES_EN,
            "announced_at": announced,
            "entries_open_at": opens,
            "entries_close_at": closes,
            "judging_starts_at": judging,
            "results_published_at": results,
        },
    )
    if created:
        for position, (kind, name_ja, name_en, criteria) in enumerate(CATEGORIES):
            category = Category.objects.create(
                contest=contest, kind=kind, name_ja=name_ja, name_en=name_en, position=position
            )
            category.judges.set(judges)
            for index, (c_ja, c_en, weight) in enumerate(criteria):
                Criterion.objects.create(
                    category=category, name_ja=c_ja, name_en=c_en, weight=weight, position=index
                )
    return contest


def demo_image(seed_number: int) -> ContentFile:
    """A small landscape drawn by code: sky, sun, hills."""
    image = Image.new("RGB", (960, 640), (120 + seed_number * 17 % 100, 180, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((700, 60, 840, 200), fill=(255, 210, 80))
    for layer in range(3):
        green = (40 + layer * 40, 140 - layer * 20 + seed_number % 40, 60)
        top = 360 + layer * 80 - (seed_number * 13 % 60)
        draw.polygon(
            [(0, 640), (0, top), (480, top - 120 + layer * 30), (960, top), (960, 640)], fill=green
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue(), name="demo.jpg")


def demo_audio(seed_number: int, seconds: float = 3.0) -> ContentFile:
    """A short WAV melody of sine tones."""
    rate = 16000
    notes = [262, 294, 330, 349, 392, 440, 494, 523]
    frames = bytearray()
    per_note = int(rate * seconds / 6)
    for step in range(6):
        frequency = notes[(seed_number + step * 3) % len(notes)]
        for i in range(per_note):
            envelope = min(1.0, i / 400, (per_note - i) / 400)
            sample = int(9000 * envelope * math.sin(2 * math.pi * frequency * i / rate))
            frames += struct.pack("<h", sample)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return ContentFile(buffer.getvalue(), name="demo.wav")


def demo_pdf(title: str) -> ContentFile:
    """A one-page PDF written by hand (valid xref table), standing in for an activity report."""
    text = "Activity report: " + title.encode("ascii", "replace").decode()
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref_at = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    body += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return ContentFile(bytes(body), name="report.pdf")


def _new_entry(contest, category, number, status, index) -> Entry:
    entrant_type, name, display = ENTRANTS[index % len(ENTRANTS)]
    title = TITLES[category.kind][index % 4]
    entry = Entry(
        contest=contest,
        category=category,
        number=number,
        status=status,
        entrant_type=entrant_type,
        entrant_name=name,
        contact_person="担当 太郎" if entrant_type != EntrantType.INDIVIDUAL else "",
        email=f"entrant{contest.year}-{number}@example.jp",
        display_name=display,
        municipality_id=MUNICIPALITY_CODES[number % len(MUNICIPALITY_CODES)],
        is_minor=entrant_type == EntrantType.SCHOOL,
        guardian_name="保護者 一郎" if entrant_type == EntrantType.SCHOOL else "",
        guardian_consent=entrant_type == EntrantType.SCHOOL,
        rights_consent=True,
        licence_consent=True,
        title=title if index < 4 else f"{title} {index}",
        description=f"{title}についての作品・活動の説明です。地域の環境をみんなで考えるきっかけに。",
        confirmed_at=timezone.now() if status != EntryStatus.UNCONFIRMED else None,
    )
    if category.kind in (CategoryKind.ART, CategoryKind.ACTIVITY):
        entry.image.save("demo.jpg", demo_image(number), save=False)
    if category.kind == CategoryKind.MUSIC:
        entry.audio.save("demo.wav", demo_audio(number), save=False)
        entry.audio_seconds = 3
    if category.kind == CategoryKind.ACTIVITY:
        entry.report_pdf.save("report.pdf", demo_pdf(f"entry {number}"), save=False)
    entry.save()
    return entry


def _past_entries(contest, judges) -> None:
    number = 0
    awards = (Award.GRAND_PRIX, Award.RUNNER_UP, Award.SPECIAL, Award.EXCELLENCE)
    for category in contest.categories.prefetch_related("criteria"):
        criteria = list(category.criteria.all())
        ranked = []
        for index in range(6):
            number += 1
            status = EntryStatus.REJECTED if index == 5 else EntryStatus.ACCEPTED
            entry = _new_entry(contest, category, number, status, index)
            if status == EntryStatus.REJECTED:
                entry.screening_reason = "応募要項の対象外のため。"
                entry.save()
                continue
            _publish(entry)
            scores = []
            for judge_index, judge in enumerate(judges):
                values = {
                    c: max(0, c.max_score - index - judge_index - c.position) for c in criteria
                }
                score = Decimal(float(weighted_score(values))).quantize(Decimal("0.0001"))
                review = Review.objects.create(
                    entry=entry, judge=judge, weighted_score=score, comment="丁寧な作品です。"
                )
                CriterionScore.objects.bulk_create(
                    CriterionScore(review=review, criterion=c, value=v) for c, v in values.items()
                )
                scores.append(score)
            ranked.append(entry)
        for entry, award in zip(ranked, awards, strict=False):
            entry.award = award
            entry.is_finalist = True
            entry.save()


def _current_entries(contest) -> None:
    statuses = (
        EntryStatus.SUBMITTED,
        EntryStatus.ACCEPTED,
        EntryStatus.UNCONFIRMED,
        EntryStatus.REJECTED,
        EntryStatus.WITHDRAWN,
    )
    number = 0
    for category in contest.categories.all():
        for index, status in enumerate(statuses):
            number += 1
            entry = _new_entry(contest, category, number, status, index)
            if status == EntryStatus.REJECTED:
                entry.screening_reason = "作品ファイルが確認できませんでした。"
                entry.save()


def _large_edition(year: int, judges, out) -> None:
    """The benchmark archive edition: 2,000 accepted entries, inserted in bulk."""
    target = 2000
    contest = _contest(
        year,
        announced=datetime.datetime(year - 1, 5, 1, tzinfo=datetime.UTC),
        opens=datetime.datetime(year - 1, 6, 1, tzinfo=datetime.UTC),
        closes=datetime.datetime(year - 1, 9, 30, tzinfo=datetime.UTC),
        judging=datetime.datetime(year - 1, 10, 20, tzinfo=datetime.UTC),
        results=datetime.datetime(year, 1, 15, tzinfo=datetime.UTC),
        judges=judges,
    )
    existing = contest.entries.count()
    if existing >= target:
        return
    categories = list(contest.categories.all())
    codes = list(Municipality.objects.values_list("code", flat=True))
    awards = [Award.GRAND_PRIX, Award.RUNNER_UP, Award.SPECIAL, Award.EXCELLENCE]
    batch = []
    for number in range(existing + 1, target + 1):
        category = categories[number % len(categories)]
        entrant_type, name, display = ENTRANTS[number % len(ENTRANTS)]
        award = awards[min(number // 3, 3)] if number <= 12 else ""
        batch.append(
            Entry(
                contest=contest,
                category=category,
                number=number,
                status=EntryStatus.ACCEPTED,
                entrant_type=entrant_type,
                entrant_name=f"{name} {number}",
                email=f"bench{number}@example.jp",
                display_name=f"{display} {number}",
                municipality_id=codes[number % len(codes)],
                rights_consent=True,
                licence_consent=True,
                title=f"{TITLES[category.kind][number % 4]} No.{number}",
                description="ベンチマーク用の応募作品です。",
                award=award,
                is_finalist=bool(award),
            )
        )
    Entry.objects.bulk_create(batch, batch_size=500)
    out.write(f"Contest {year}: {target} entries for the benchmark.")
