"""Official notices: numbered, dated in 和暦, addressed to the head, kept as PDFs for good."""

import io
from io import StringIO

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from accounts.roles import Role
from core.workflow import ServiceError
from grants import demo, notices, services
from grants.models import Application, GrantNotice, NoticeKind, NoticeSeries, Status
from tests.conftest import make_staff

from .conftest import make_application

pytestmark = pytest.mark.django_db

DEMO_DAY = "2026-12-02 13:00 +09:00"


@pytest.fixture(autouse=True)
def _on_demo_day():
    with time_machine.travel(DEMO_DAY, tick=False):
        yield


def pdf_text(notice: GrantNotice) -> str:
    notice = notices.write_notice_pdf(notice_id=notice.pk)  # already written once e-mailed
    with notice.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


@pytest.fixture
def demo_application(django_capture_on_commit_callbacks):
    demo.seed(scale="demo", out=StringIO())
    application = Application.objects.get(title_ja="ごみ減量フェア")  # 八王子市, submitted
    assert application.status == Status.SUBMITTED
    return application


def test_deciding_changing_and_confirming_a_demo_application_issues_three_notices(
    demo_application, secretariat_user, django_capture_on_commit_callbacks
):
    staff = make_staff("staff@hachioji.example.jp", Role.MUNICIPAL_STAFF, "132012")
    NoticeSeries.objects.update_or_create(
        fiscal_year=2026, defaults={"prefix": "62共", "issuer_name": "環境 一郎"}
    )
    before = GrantNotice.objects.count()  # the demo's own applications have theirs
    pk = demo_application.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application_id=pk, actor=secretariat_user, granted_amount=150_000
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change(
            application_id=pk,
            actor=staff,
            reason="会場を変更し、経費を見直す。",
            new_granted_amount=120_000,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_change(application_id=pk, actor=secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(
            application_id=pk,
            actor=staff,
            results="フードドライブに300人が参加した。",
            actual_cost=130_000,
            eligible_actual_cost=110_000,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_amount(application_id=pk, actor=secretariat_user)
    issued = list(GrantNotice.objects.filter(application_id=pk).order_by("number"))
    assert [n.kind for n in issued] == [
        NoticeKind.DECISION,
        NoticeKind.CHANGE_APPROVAL,
        NoticeKind.CONFIRMATION,
    ]
    assert [n.number_text for n in issued] == [f"62共第{before + i}号" for i in (1, 2, 3)]
    for notice, amount in zip(issued, ("150,000", "120,000", "110,000"), strict=True):
        text = pdf_text(notice)
        assert "令和8年12月2日" in text
        assert "八王子市長殿" in text
        assert f"金{amount}円" in text
        assert notice.number_text in text
        assert "環境一郎" in text
    assert "交付決定通知書" in pdf_text(issued[0]) and "額の確定通知書" in pdf_text(issued[2])
    # The e-mail each move already sends carries its notice.
    with_notices = [m for m in mail.outbox if m.attachments]
    assert {m.attachments[0][0] for m in with_notices} == {n.download_name for n in issued}
    assert all(m.attachments[0][1].startswith(b"%PDF") for m in with_notices)
    assert all("62共第" in m.body and "PDF" in m.body for m in with_notices)


def test_rejection_and_return_notices_give_the_reason(
    program, secretariat_user, django_capture_on_commit_callbacks
):
    returned = make_application(program, status=Status.SUBMITTED)
    rejected = make_application(program, "132012", status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_application(
            application_id=returned.pk,
            actor=secretariat_user,
            reason="見積書の内訳を追記してください。",
        )
        services.reject_application(
            application_id=rejected.pk, actor=secretariat_user, reason="対象経費に当たりません。"
        )
    back = GrantNotice.objects.get(application=returned)
    assert back.kind == NoticeKind.RETURN and "見積書の内訳を追記してください。" in pdf_text(back)
    refusal = GrantNotice.objects.get(application=rejected)
    assert refusal.kind == NoticeKind.REJECTION
    text = pdf_text(refusal)
    assert (
        "不交付決定通知書" in text and "対象経費に当たりません。" in text and "八王子市長殿" in text
    )


def test_a_refused_move_takes_no_number_and_each_fiscal_year_starts_at_one(
    program, secretariat_user
):
    first = make_application(program, status=Status.SUBMITTED)
    second = make_application(program, "132012", status=Status.SUBMITTED)
    with pytest.raises(services.ApplicationError):
        services.decide_application(
            application_id=first.pk, actor=secretariat_user, granted_amount=2_000_000
        )
    services.decide_application(
        application_id=first.pk, actor=secretariat_user, granted_amount=300_000
    )
    with time_machine.travel("2027-04-01 00:05 +09:00", tick=False):  # FY2027 in Tokyo
        services.decide_application(
            application_id=second.pk, actor=secretariat_user, granted_amount=300_000
        )
    numbers = {
        n.application_id: (n.series.fiscal_year, n.number) for n in GrantNotice.objects.all()
    }
    assert numbers == {first.pk: (2026, 1), second.pk: (2027, 1)}
    # A new year keeps the prefix and issuer the secretariat set.
    assert (
        NoticeSeries.objects.get(fiscal_year=2027).prefix
        == NoticeSeries.objects.get(fiscal_year=2026).prefix
    )


def test_a_reissue_is_a_new_number_superseding_the_old_and_the_old_file_stays(
    program, secretariat_user, chiyoda_staff, django_capture_on_commit_callbacks
):
    application = make_application(program, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=300_000
        )
    old = GrantNotice.objects.get()
    old_bytes = old.pdf.open("rb").read()
    series = old.series
    series.issuer_name = "新任 事務局長"
    series.save()
    with pytest.raises(ServiceError):
        notices.reissue_notice(notice=old, actor=chiyoda_staff)
    with django_capture_on_commit_callbacks(execute=True):
        new = notices.reissue_notice(notice=old, actor=secretariat_user)
    assert new.number == old.number + 1 and new.supersedes == old
    assert "新任事務局長" in pdf_text(new) and old.number_text in pdf_text(new)
    old.refresh_from_db()
    assert old.pdf.open("rb").read() == old_bytes
    notices.write_notice_pdf(notice_id=old.pk)  # a task run twice writes nothing new
    old.refresh_from_db()
    assert old.pdf.open("rb").read() == old_bytes
    with pytest.raises(ServiceError):
        notices.reissue_notice(notice=old, actor=secretariat_user)


def test_notices_are_listed_and_downloaded_only_within_scope(
    client,
    program,
    secretariat_user,
    chiyoda_staff,
    hachioji_staff,
    django_capture_on_commit_callbacks,
):
    application = make_application(program, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=300_000
        )
    notice = GrantNotice.objects.get()
    download = f"/admin/grants/application/{application.pk}/notices/{notice.pk}/"
    for user in (chiyoda_staff, secretariat_user):
        client.force_login(user)
        page = client.get(f"/admin/grants/application/{application.pk}/change/")
        assert notice.number_text in page.text and download in page.text
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(hachioji_staff)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to the sign-in page


def test_the_annual_report_counts_the_notices_of_the_year(program, secretariat_user):
    from grants.reporting import annual_report_section

    for code in ("131016", "132012"):
        application = make_application(program, code, status=Status.SUBMITTED)
        services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=300_000
        )
    returned = make_application(program, "131121", status=Status.SUBMITTED)
    services.return_application(application_id=returned.pk, actor=secretariat_user, reason="不足")
    notices.reissue_notice(
        notice=GrantNotice.objects.filter(kind=NoticeKind.DECISION).first(), actor=secretariat_user
    )
    figures = dict(annual_report_section(fiscal_year=2026).figures)
    assert figures["通知書の発行数"] == "4"  # every numbered document, the reissue included
    assert figures["交付決定通知書"] == "2"  # the superseded one is not counted twice
    assert figures["差戻し通知書"] == "1"
