"""Builders for contest tests: an edition in a chosen phase, entries, and real files."""

import datetime
import io
import struct
import wave

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import StaffProfile, User
from accounts.roles import GROUP_NAMES, Role
from contests.demo import demo_pdf
from contests.models import (
    Category,
    CategoryKind,
    Contest,
    Criterion,
    EntrantType,
    Entry,
    EntryStatus,
)
from contests.services.entries import _publish

DAY = datetime.timedelta(days=1)


def phase_dates(phase: str, now=None) -> dict:
    """Dates that put a contest in `phase` at `now`."""
    now = now or timezone.now()
    offsets = {
        "draft": (1, 2, 3, 4),
        "announced": (-1, 2, 3, 4),
        "entries_open": (-3, -2, 3, 4),
        "screening": (-4, -3, -1, 4),
        "judging": (-5, -4, -3, -1),
        "results": (-6, -5, -4, -3),
    }[phase]
    dates = dict(
        zip(
            ("announced_at", "entries_open_at", "entries_close_at", "judging_starts_at"),
            (now + offset * DAY for offset in offsets),
            strict=True,
        )
    )
    dates["results_published_at"] = now - DAY if phase == "results" else None
    return dates


def make_contest(phase: str = "entries_open", *, year: int = 2027, judges=()) -> Contest:
    contest = Contest.objects.create(
        year=year,
        title_ja=f"TOKYO EARTH WORKERS collection {year}",
        title_en=f"TOKYO EARTH WORKERS collection {year}",
        rules_ja="## 応募資格\n都内在住の方",
        **phase_dates(phase),
    )
    for position, kind in enumerate(CategoryKind):
        category = Category.objects.create(
            contest=contest, kind=kind, name_ja=kind.label, name_en=kind.label, position=position
        )
        category.judges.set(judges)
        Criterion.objects.create(
            category=category, name_ja="独創性", name_en="Originality", weight=3, position=0
        )
        Criterion.objects.create(
            category=category, name_ja="表現力", name_en="Expression", weight=1, position=1
        )
    return contest


def set_phase(contest: Contest, phase: str) -> Contest:
    for name, value in phase_dates(phase).items():
        setattr(contest, name, value)
    contest.save()
    return contest


def category(contest: Contest, kind: str = "art") -> Category:
    return contest.categories.get(kind=kind)


_numbers = iter(range(1, 100_000))


def make_entry(
    contest: Contest,
    *,
    kind: str = "art",
    status: str = EntryStatus.SUBMITTED,
    municipality: str = "131016",
    name: str = "秘密 太郎",
    email: str = "secret.entrant@example.jp",
    title: str = "森の呼吸",
    publish: bool = True,
) -> Entry:
    entry = Entry(
        contest=contest,
        category=category(contest, kind),
        number=next(_numbers),
        status=status,
        entrant_type=EntrantType.INDIVIDUAL,
        entrant_name=name,
        contact_person="連絡 花子",
        email=email,
        display_name="ペンネーム桜",
        municipality_id=municipality,
        rights_consent=True,
        licence_consent=True,
        title=title,
        description="作品の説明",
    )
    entry.image.save("x.jpg", jpeg_upload(), save=False)
    entry.save()
    if status == EntryStatus.ACCEPTED and publish:
        _publish(entry)
    return entry


def make_judge(email: str = "judge@example.jp") -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.JUDGE]))
    StaffProfile.objects.create(user=user, municipality_id=None)
    return user


def jpeg_bytes(size=(64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 140, 60))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x0131] = "Entrant Name Software"
        image.save(buffer, format="JPEG", exif=data)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def jpeg_upload(name="work.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * int(rate * seconds))
    return buffer.getvalue()


def mp3_bytes(frames: int = 40) -> bytes:
    """MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) with silent payloads."""
    header = struct.pack(">I", 0xFFFB9000)
    frame = header + b"\x00" * (417 - len(header))
    return frame * frames


def pdf_bytes() -> bytes:
    return demo_pdf("test").read()
