"""A notice's PDF is dated by Tokyo's day: 31 March 23:30 JST is still 31 March and FY2026."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from grants import notices, services
from grants.models import GrantNotice, Status

from .conftest import make_application

pytestmark = pytest.mark.django_db


def pdf_text(notice: GrantNotice) -> str:
    notice = notices.write_notice_pdf(notice_id=notice.pk)
    with notice.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("moment", "day", "fiscal_year"),
    [
        ("2027-03-31 14:30 +00:00", "令和9年3月31日", 2026),  # 23:30 JST
        ("2027-03-31 15:30 +00:00", "令和9年4月1日", 2027),  # 00:30 JST
    ],
)
def test_a_notice_issued_around_midnight_utc_carries_tokyos_day(
    program, secretariat_user, moment, day, fiscal_year
):
    application = make_application(program, status=Status.SUBMITTED)
    with time_machine.travel(moment, tick=False):
        services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=300_000
        )
    notice = GrantNotice.objects.get(application=application)
    assert notice.series.fiscal_year == fiscal_year
    assert day in pdf_text(notice)
