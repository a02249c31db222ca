import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from grants.models import Application, Attachment, BudgetLine, GrantProgram, Status
from tests.uploads import pdf_bytes

PDF_BYTES = pdf_bytes()


@pytest.fixture
def program(db):
    now = timezone.now()
    return GrantProgram.objects.create(
        fiscal_year=2026,
        title_ja="令和8年度 助成金",
        cap_per_municipality=1_000_000,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=30),
    )


def make_application(
    program,
    municipality_code="131016",
    *,
    status=Status.DRAFT,
    requested=300_000,
    granted=None,
    lines=((400_000, True), (50_000, False)),
    attach=True,
    title="屋上緑化の普及啓発",
):
    application = Application.objects.create(
        program=program,
        municipality_id=municipality_code,
        status=status,
        title_ja=title,
        summary_ja="区民向けに屋上緑化の講座を開きます。",
        purpose="ヒートアイランド対策",
        period_start=datetime.date(program.fiscal_year, 6, 1),
        period_end=datetime.date(program.fiscal_year + 1, 2, 28),
        requested_amount=requested,
        granted_amount=granted,
        contact_name="環境 太郎",
        contact_email="kankyo@example.jp",
    )
    for amount, eligible in lines:
        BudgetLine.objects.create(
            application=application, description="講師謝礼", eligible=eligible, amount=amount
        )
    if attach:
        Attachment.objects.create(
            application=application,
            file=ContentFile(PDF_BYTES, name="plan.pdf"),
            original_name="事業計画書.pdf",
            size=len(PDF_BYTES),
        )
    return application


@pytest.fixture
def application(program):
    return make_application(program)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The role fixtures create users; a slow hasher would dominate these many small tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ADMIN_BASE = "/admin/grants/application/"


@pytest.fixture
def chiyoda_app(program):
    return make_application(program, "131016", status=Status.SUBMITTED)


@pytest.fixture
def hachioji_app(program):
    return make_application(program, "132012", status=Status.SUBMITTED, title="八王子の森づくり")


def object_urls(application):
    attachment = application.attachments.get()
    return {
        "change": f"{ADMIN_BASE}{application.pk}/change/",
        "history": f"{ADMIN_BASE}{application.pk}/history/",
        "delete": f"{ADMIN_BASE}{application.pk}/delete/",
        "attachment": f"{ADMIN_BASE}{application.pk}/attachments/{attachment.pk}/",
        "move": f"{ADMIN_BASE}{application.pk}/move/withdraw/",
    }
