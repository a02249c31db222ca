"""The benchmark sets of grants: applications over twenty fiscal years, inserted in bulk.

`large` (issue 10): 600 applications, 30 municipalities × 20 fiscal years.
`xlarge` (issue 20): 19,840 applications, all 62 municipalities × 20 fiscal years × 16, each
with the audit entries of its moves from draft to its status, dated along its fiscal year, and
the records of its documents (all pointing at one small PDF in private storage).
"""

import datetime
import random
from collections import deque

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from core.fiscal import TOKYO, current_fiscal_year
from core.models import AuditEntry
from core.storage import private_storage
from municipalities.models import Municipality

from .models import (
    WORKFLOW,
    Application,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Move,
    Status,
)

BENCH_EMAIL = "grants-bench@demo.eco62.example"
BENCH_PDF = b"%PDF-1.4\n% benchmark document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FISCAL_YEARS = 20
# scale: (municipalities, applications per municipality and fiscal year)
BENCH_SIZES = {"large": (30, 1), "xlarge": (62, 16)}
BENCH_APPLICATIONS = {
    scale: municipalities * FISCAL_YEARS * per_year
    for scale, (municipalities, per_year) in BENCH_SIZES.items()
}
# When in its fiscal year each move happened: (months after April, day).
MOVE_DATES = {
    Move.SUBMIT: (1, 10),
    Move.DECIDE: (2, 1),
    Move.REPORT: (11, 10),
    Move.CONFIRM: (11, 25),
    Move.CLAIM: (12, 5),
    Move.PAY: (12, 25),
}
DOCUMENTS = {  # the documents an application has once it has reached a status
    Status.DRAFT: (AttachmentKind.PLAN, AttachmentKind.ESTIMATE),
    Status.REPORTED: (AttachmentKind.REPORT,),
    Status.PAID: (AttachmentKind.RECEIPT, AttachmentKind.CLAIM),
}


def moves_to(status: Status) -> list[Move]:
    """The shortest course of moves from a draft to `status`, as the workflow allows."""
    routes = deque([(Status.DRAFT, [])])
    seen = {Status.DRAFT}
    while routes:
        at, moves = routes.popleft()
        if at == status:
            return moves
        for name in WORKFLOW.moves_from(at):
            target = WORKFLOW[name].target
            if target not in seen:
                seen.add(target)
                routes.append((target, [*moves, Move(name)]))
    raise ValueError(status)


def _moment(fiscal_year: int, move: Move, now: datetime.datetime) -> datetime.datetime:
    months, day = MOVE_DATES.get(move, (3, 1))
    year, month = fiscal_year + (3 + months) // 12, (3 + months) % 12 + 1
    return min(datetime.datetime(year, month, day, 10, tzinfo=TOKYO), now)


def seed_bench(*, scale: str, program_for, out) -> None:
    wanted = BENCH_APPLICATIONS[scale]
    bench = Application.objects.filter(contact_email=BENCH_EMAIL)
    if bench.count() >= wanted:
        return
    content_type = ContentType.objects.get_for_model(Application)
    AuditEntry.objects.filter(
        content_type=content_type,
        object_id__in=[str(pk) for pk in bench.values_list("pk", flat=True)],
    ).delete()
    bench.delete()
    municipality_count, per_year = BENCH_SIZES[scale]
    current = current_fiscal_year()
    years = list(range(current - FISCAL_YEARS + 1, current + 1))
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    codes = codes[:62:2][:30] if municipality_count == 30 else codes[:municipality_count]
    rng = random.Random(62)  # noqa: S311 - repeatable demo data, not secrets
    now = timezone.now()
    document = private_storage.save("grants/bench-document.pdf", ContentFile(BENCH_PDF))
    created = 0
    for fiscal_year in years:
        program = program_for(fiscal_year)
        # Leave room under the cap for the demo set's own applications in the current years.
        ceiling = (
            program.cap_per_municipality // 5
            if per_year == 1
            else program.cap_per_municipality * 2 // (5 * per_year)
        )
        applications = [
            _application(program, code, number, ceiling, rng, current=current, now=now)
            for code in codes
            for number in range(per_year)
        ]
        applications = Application.objects.bulk_create(applications, batch_size=1000)
        _add_records(applications, fiscal_year, content_type, document, now=now)
        created += len(applications)
    out.write(f"Grants: {created:,} benchmark applications over {len(years)} fiscal years.")


def _application(program, code, number, ceiling, rng, *, current, now) -> Application:
    fiscal_year = program.fiscal_year
    granted = rng.randrange(min(50_000, ceiling // 2), ceiling + 1, 1_000)
    past = fiscal_year < current
    status = (
        Status.PAID
        if past
        else rng.choice([Status.SUBMITTED, Status.DECIDED, Status.REPORTED, Status.DRAFT])
    )
    committed = status in (Status.PAID, Status.DECIDED, Status.REPORTED)
    eligible_actual = granted - rng.randrange(0, min(50_000, granted // 4), 1_000)
    reported = past or status == Status.REPORTED
    suffix = f"-{number + 1:02d}" if number else ""
    title = f"環境学習・緑化推進事業 {fiscal_year}-{code}{suffix}"
    moments = {move: _moment(fiscal_year, move, now) for move in moves_to(status)}
    return Application(
        program=program,
        municipality_id=code,
        status=status,
        title=title,
        title_ja=title,
        summary=f"{fiscal_year}年度の地域の環境学習と緑化の取組。",
        summary_ja=f"{fiscal_year}年度の地域の環境学習と緑化の取組。",
        purpose="自然保護と温暖化防止",
        period_start=datetime.date(fiscal_year, 6, 1),
        period_end=datetime.date(fiscal_year + 1, 2, 28),
        requested_amount=granted,
        granted_amount=granted if committed else None,
        confirmed_amount=eligible_actual if past else None,
        paid_amount=eligible_actual if past else None,
        results=("講座と植樹を行い、住民が参加した。" if reported else ""),
        results_ja=("講座と植樹を行い、住民が参加した。" if reported else ""),
        actual_cost=granted if reported else None,
        eligible_actual_cost=eligible_actual if reported else None,
        contact_name="担当者",
        contact_email=BENCH_EMAIL,
        submitted_at=moments.get(Move.SUBMIT),
        decided_at=moments.get(Move.DECIDE),
        reported_at=moments.get(Move.REPORT),
        confirmed_at=moments.get(Move.CONFIRM),
        paid_at=moments.get(Move.PAY),
    )


def _add_records(applications, fiscal_year, content_type, document, *, now) -> None:
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(application=a, description=desc, eligible=eligible, amount=amount)
            for a in applications
            for desc, eligible, amount in (
                ("講師謝礼・資材", True, a.requested_amount),
                ("飲食", False, 20_000),
            )
        ],
        batch_size=2000,
    )
    reached = {
        Status.DRAFT: {Status.DRAFT},
        Status.SUBMITTED: {Status.DRAFT},
        Status.DECIDED: {Status.DRAFT},
        Status.REPORTED: {Status.DRAFT, Status.REPORTED},
        Status.PAID: {Status.DRAFT, Status.REPORTED, Status.PAID},
    }
    Attachment.objects.bulk_create(
        [
            Attachment(
                application=a,
                kind=kind,
                file=document,
                original_name=f"{AttachmentKind(kind).label}.pdf",
                size=len(BENCH_PDF),
            )
            for a in applications
            for status in reached[a.status]
            for kind in DOCUMENTS[status]
        ],
        batch_size=2000,
    )
    entries, by_move = [], {}
    for application in applications:
        from_state = Status.DRAFT
        for move in moves_to(application.status):
            to_state = WORKFLOW[move].target
            entries.append(
                AuditEntry(
                    content_type=content_type,
                    object_id=str(application.pk),
                    action=move.value,
                    from_state=from_state,
                    to_state=to_state,
                    note="seed_demo",
                )
            )
            by_move.setdefault(move, []).append(str(application.pk))
            from_state = to_state
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    # created_at is set on insert; each move is dated where it falls in the fiscal year.
    for move, object_ids in by_move.items():
        AuditEntry.objects.filter(
            content_type=content_type, object_id__in=object_ids, action=move.value
        ).update(created_at=_moment(fiscal_year, move, now))
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        created_at=_moment(fiscal_year, Move.SUBMIT, now) - datetime.timedelta(days=20)
    )
