import io

from core.models import AuditEntry
from grants import demo, demo_large
from grants.models import Application, Attachment, GrantProgram, Status


def test_demo_has_every_state_and_is_idempotent(db):
    demo.seed(scale="demo", out=io.StringIO())
    demo.seed(scale="demo", out=io.StringIO())
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Application.objects.count() == len(demo.DEMO_PROJECTS)
    assert GrantProgram.objects.get(fiscal_year=2011).cap_per_municipality == 1_500_000


def test_large_demo_builds_600_applications_within_the_caps(db):
    demo.seed(scale="large", out=io.StringIO())
    demo.seed(scale="large", out=io.StringIO())
    assert Application.objects.filter(contact_email=demo_large.BENCH_EMAIL).count() == 600
    for program in GrantProgram.objects.all():
        for code in set(program.applications.values_list("municipality_id", flat=True)):
            committed = program.applications.filter(municipality_id=code).committed_total()
            assert committed <= program.cap_per_municipality


def test_xlarge_demo_has_moves_and_documents_and_keeps_within_the_caps(db, monkeypatch):
    """The xlarge shape, on 3 municipalities instead of 62 (16 applications a year each)."""
    monkeypatch.setitem(demo_large.BENCH_SIZES, "xlarge", (3, 16))
    monkeypatch.setitem(demo_large.BENCH_APPLICATIONS, "xlarge", 3 * 20 * 16)
    demo.seed(scale="xlarge", out=io.StringIO())
    demo.seed(scale="xlarge", out=io.StringIO())
    bench = Application.objects.filter(contact_email=demo_large.BENCH_EMAIL)
    assert bench.count() == 960
    for program in GrantProgram.objects.all():
        for code in set(program.applications.values_list("municipality_id", flat=True)):
            committed = program.applications.filter(municipality_id=code).committed_total()
            assert committed <= program.cap_per_municipality
    paid = bench.filter(status=Status.PAID).order_by("pk").first()
    trail = AuditEntry.objects.filter(object_id=str(paid.pk)).order_by("created_at")
    assert trail.first().from_state == Status.DRAFT
    assert trail.last().to_state == Status.PAID
    assert trail.first().created_at.year == paid.program.fiscal_year
    assert {a.kind for a in Attachment.objects.filter(application=paid)} >= {"plan", "receipt"}
