import io

from grants import demo
from grants.models import Application, GrantProgram, Status


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
    assert Application.objects.filter(contact_email=demo.BENCH_EMAIL).count() == 600
    for program in GrantProgram.objects.all():
        for code in set(program.applications.values_list("municipality_id", flat=True)):
            committed = program.applications.filter(municipality_id=code).committed_total()
            assert committed <= program.cap_per_municipality
