import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from accounts.models import User
from participation.models import (
    Campaign,
    MemberRole,
    Membership,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)
from participation.services import ActivityContent

PASSWORD = "green curtain 2026 goya"


def make_organisation(
    name: str,
    municipality_code: str,
    *,
    status: str = OrganisationStatus.APPROVED,
    member_email: str | None = None,
    kind: str = OrganisationType.SCHOOL,
) -> Organisation:
    organisation = Organisation.objects.create(
        name_ja=name,
        kind=kind,
        municipality_id=municipality_code,
        address="東京都",
        contact_name="担当者",
        email=member_email or f"{abs(hash(name)) % 10**8}@org.example.jp",
        status=status,
        approved_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
        if status == OrganisationStatus.APPROVED
        else None,
    )
    if member_email:
        user = User.objects.create_user(email=member_email, password=PASSWORD)
        Membership.objects.create(
            user=user, organisation=organisation, role=MemberRole.REPRESENTATIVE
        )
    return organisation


@pytest.fixture
def school(db):
    """An approved school in Chiyoda with one member account."""
    return make_organisation("千代田小学校", "131016", member_email="teacher@school.example.jp")


@pytest.fixture
def school_member(school):
    return school.memberships.get().user


@pytest.fixture
def company(db):
    """Another approved organisation, in Hachioji, with its own member."""
    return make_organisation(
        "八王子エコ株式会社",
        "132012",
        member_email="staff@company.example.jp",
        kind=OrganisationType.COMPANY,
    )


@pytest.fixture
def company_member(company):
    return company.memberships.get().user


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        slug="green-curtain",
        title_ja="グリーンカーテン",
        title_en="Green curtains",
        pledge_text_ja="窓辺にグリーンカーテンを育てます。",
        starts_on=datetime.date(2026, 4, 1),
    )


def content(**overrides) -> ActivityContent:
    values = {
        "title": "ゴーヤのグリーンカーテン",
        "held_on": datetime.date(2026, 7, 20),
        "municipality_id": "131016",
        "category": "greenery",
        "description": "窓20か所にゴーヤを植えました。",
        "participants": 120,
        "estimated_co2_kg": 85,
        "co2_method": "190 kWh × 0.45 kg-CO2/kWh",
    }
    values.update(overrides)
    return ActivityContent(**values)


def png_bytes(color=(20, 160, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_file(name="goya.png") -> ContentFile:
    return ContentFile(png_bytes(), name=name)
