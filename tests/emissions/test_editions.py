from decimal import Decimal

import pytest

from core.models import AuditEntry
from emissions.models import Edition, EditionStatus
from emissions.services import EmissionsError, diff_editions, import_results, publish_edition
from tests.concurrency import run_concurrently

from .helpers import csv_bytes

HEADER = "fiscal_year,municipality_code,sector,gas,value_t_co2e"


def make_edition(label: str, rows: list[str]) -> Edition:
    return import_results(data=csv_bytes(HEADER, rows), label=label)


@pytest.mark.django_db
def test_publishing_supersedes_the_previous_official_edition(secretariat_user):
    first = make_edition("A", ["2021,131016,residential,CO2,10"])
    second = make_edition("B", ["2021,131016,residential,CO2,12"])
    publish_edition(edition_id=first.pk, actor=secretariat_user)
    publish_edition(edition_id=second.pk, actor=secretariat_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EditionStatus.SUPERSEDED, EditionStatus.OFFICIAL)
    assert first.superseded_at is not None and second.published_at is not None
    moves = list(
        AuditEntry.objects.filter(action__in=["publish", "supersede"])
        .order_by("pk")
        .values_list("object_id", "from_state", "to_state", "actor")
    )
    assert moves == [
        (str(first.pk), "draft", "official", secretariat_user.pk),
        (str(first.pk), "official", "superseded", secretariat_user.pk),
        (str(second.pk), "draft", "official", secretariat_user.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [EditionStatus.OFFICIAL, EditionStatus.SUPERSEDED])
def test_only_a_draft_can_be_published(status):
    edition = make_edition("A", ["2021,131016,residential,CO2,10"])
    Edition.objects.filter(pk=edition.pk).update(status=status)
    edition.refresh_from_db()
    with pytest.raises(EmissionsError):
        publish_edition(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.status == status


@pytest.mark.django_db
def test_an_unfinished_calculation_cannot_be_published():
    edition = make_edition("A", ["2021,131016,residential,CO2,10"])
    Edition.objects.filter(pk=edition.pk).update(calculation_state="running")
    edition.refresh_from_db()
    with pytest.raises(EmissionsError):
        publish_edition(edition_id=edition.pk)


@pytest.mark.django_db
def test_municipal_staff_cannot_publish_or_import(chiyoda_staff):
    edition = make_edition("A", ["2021,131016,residential,CO2,10"])
    with pytest.raises(EmissionsError):
        publish_edition(edition_id=edition.pk, actor=chiyoda_staff)
    with pytest.raises(EmissionsError):
        import_results(
            data=csv_bytes(HEADER, ["2021,131016,waste,CO2,1"]), label="B", actor=chiyoda_staff
        )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


@pytest.mark.django_db
def test_diff_lists_changed_added_and_removed_figures():
    old = make_edition(
        "Old",
        [
            "2021,131016,residential,CO2,100",
            "2021,131016,commercial,CO2,50",
            "2021,131024,waste,CO2,7",
            "2021,131016,all,HFCs,3",
        ],
    )
    new = make_edition(
        "New",
        [
            "2021,131016,residential,CO2,110.5",
            "2021,131016,commercial,CO2,50",
            "2021,131016,all,HFCs,3",
            "2021,131032,all,CH4,2",
        ],
    )
    rows = diff_editions(old=old, new=new)
    assert [
        (r.municipality_code, r.sector, r.gas, r.old, r.new, r.change, r.kind) for r in rows
    ] == [
        (
            "131016",
            "residential",
            "CO2",
            Decimal(100),
            Decimal("110.5"),
            Decimal("10.5"),
            "changed",
        ),
        ("131024", "waste", "CO2", Decimal(7), None, Decimal(-7), "removed"),
        ("131032", "all", "CH4", None, Decimal(2), Decimal(2), "added"),
    ]
    assert rows[0].change_percent == Decimal("10.50")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publications_leave_exactly_one_official_edition():
    drafts = [make_edition(f"E{i}", ["2021,131016,residential,CO2,1"]) for i in range(4)]

    def publish(index):
        return publish_edition(edition_id=drafts[index].pk)

    outcomes = run_concurrently(publish, 4)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    statuses = sorted(Edition.objects.values_list("status", flat=True))
    assert statuses == ["official", "superseded", "superseded", "superseded"]


@pytest.mark.django_db
def test_publish_command_publishes_and_refuses_what_it_cannot(capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    first = make_edition("2023年5月公表 (FY2021版)", ["2021,131016,residential,CO2,10"])
    second = make_edition("2024年5月公表 (FY2022版)", ["2022,131016,residential,CO2,9"])
    call_command("publish_emissions", "--edition=2023年5月公表 (FY2021版)")
    call_command("publish_emissions", "--edition=2024年5月公表 (FY2022版)")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "official")
    with pytest.raises(CommandError):
        call_command("publish_emissions", "--edition=2023年5月公表 (FY2021版)")
    with pytest.raises(CommandError):
        call_command("publish_emissions", "--edition=No such edition")


@pytest.mark.django_db
def test_data_dictionary_names_every_code_and_the_licence(client):
    from emissions.codes import EnergySource, Gas, Sector

    page = client.get("/en/emissions/data/").content.decode()
    for code in [*Sector.values, *Gas.values, *EnergySource.values]:
        assert f"<code>{code}</code>" in page
    assert "CC BY 4.0" in page and "value_t_co2e" in page


@pytest.mark.django_db
def test_a_published_edition_keeps_the_populations_it_was_published_with():
    from emissions import selectors
    from emissions.services import import_populations
    from municipalities.models import Municipality
    from tests.emissions.helpers import published_edition

    header = "year,municipality_code,population"
    import_populations(data=csv_bytes(header, ["2021,131016,60000"]), source="A")
    edition = published_edition("2024年度版", ["2021,131016,commercial,CO2,600000"])
    chiyoda = Municipality.objects.get(code="131016")
    assert selectors._karte(edition, chiyoda, 2021).years[0].population == 60000

    import_populations(data=csv_bytes(header, ["2021,131016,67000"]), source="B")
    edition.refresh_from_db()

    assert selectors._karte(edition, chiyoda, 2021).years[0].population == 60000
    overview = selectors.overview(edition, 2021)
    assert [f.population for f in overview.figures if f.code == "131016"] == [60000]


@pytest.mark.django_db
def test_the_pages_show_the_frozen_populations_though_their_list_of_editions_leaves_them_out(
    client, rf
):
    from emissions.services import import_populations
    from emissions.views import _edition_from
    from tests.emissions.helpers import published_edition

    header = "year,municipality_code,population"
    import_populations(data=csv_bytes(header, ["2021,131016,60000"]), source="A")
    published_edition("2024年度版", ["2021,131016,commercial,CO2,600000"])
    import_populations(data=csv_bytes(header, ["2021,131016,67000"]), source="B")

    # Every request unpickles the list: 62 municipalities × every year per edition stay out.
    _edition, editions = _edition_from(rf.get("/emissions/"))
    assert all("populations" in e.get_deferred_fields() for e in editions)
    for url in ("/en/emissions/", "/en/emissions/131016/"):
        assert "10.00" in client.get(url).content.decode()  # 600,000 t over 60,000 people
