"""Population records: their import and the snapshot an edition keeps."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ..files import RowError, RowReader, check_unique, read_rows
from ..parsing import known_codes
from .rules import EmissionsError, require_secretariat

POPULATION_COLUMNS = ["year", "municipality_code", "population"]


def import_populations(
    *, data: bytes, source: str, actor=None, file_name: str = "populations.csv"
) -> int:
    """Create or update population records (year, municipality) from a CSV; all rows or none.

    Optional columns: `households`, `as_of` (YYYY-MM-DD or YYYY/MM/DD as spreadsheets write it;
    default 1 October of the year).
    """
    from municipalities.models import PopulationRecord

    require_secretariat(actor)
    source = (source or "").strip()
    if not source:
        raise EmissionsError(_("Say where the population figures come from."))
    errors: list[RowError] = []
    known = known_codes()
    records = []
    for row, cells in read_rows(
        data,
        file=file_name,
        required=POPULATION_COLUMNS,
        optional=["households", "as_of"],
        errors=errors,
    ):
        reader = RowReader(file_name, row, cells, errors)
        year = reader.calendar_year("year")
        code = reader.municipality_code(known, allow_tokyo=False)
        people = reader.count("population")
        households = reader.count("households") if cells.get("households") else None
        as_of = _as_of(reader, cells.get("as_of", ""))
        if reader.ok:
            records.append((row, year, code, people, households, as_of))
    check_unique(
        [((year, code), row) for row, year, code, *_rest in records],
        file=file_name,
        column="municipality_code",
        errors=errors,
    )
    if errors:
        raise EmissionsError(_("The file has errors; nothing was imported."), errors)
    with transaction.atomic():
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    municipality_id=code,
                    year=year,
                    population=people,
                    households=households,
                    as_of=as_of or datetime.date(year, 10, 1),
                    source=source[:300],
                )
                for _row, year, code, people, households, as_of in records
            ],
            update_conflicts=True,
            unique_fields=["municipality", "year"],
            update_fields=["population", "households", "as_of", "source"],
        )
    from ..selectors import bump_generation

    transaction.on_commit(bump_generation)
    return len(records)


def population_snapshot() -> dict[str, dict[str, int]]:
    """Every population record, as an edition keeps them from its publication on."""
    from municipalities.models import PopulationRecord

    snapshot: dict[str, dict[str, int]] = {}
    for code, year, population in PopulationRecord.objects.values_list(
        "municipality_id", "year", "population"
    ):
        snapshot.setdefault(code, {})[str(year)] = population
    return snapshot


def _as_of(reader: RowReader, text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        reader.fail("as_of", _("“%s” is not a date (YYYY-MM-DD).") % text)
        return None
