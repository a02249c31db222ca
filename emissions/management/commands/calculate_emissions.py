from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emissions.codes import GwpSet
from emissions.services import INPUT_KINDS, EmissionsError, calculate_from_files, timed


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error}") from None


class Command(BaseCommand):
    help = "Calculate a new draft edition from factors, activity data, apportionment and estimates."

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Label of the new edition.")
        parser.add_argument("--factors", type=Path, required=True)
        parser.add_argument("--activity", type=Path, required=True)
        parser.add_argument("--indicators", type=Path)
        parser.add_argument("--apportionment", type=Path)
        parser.add_argument("--estimates", type=Path, help="HFCs, PFCs … given in t-CO2e.")
        parser.add_argument("--gwp", type=str.upper, choices=GwpSet.values, default=GwpSet.AR5)

    def handle(self, *args, edition, gwp, **opts):
        files = {kind: opts.get(kind) for kind in INPUT_KINDS}
        names = {key: path.name for key, path in files.items() if path is not None}
        try:
            created, seconds = timed(
                calculate_from_files,
                label=edition,
                **{kind: _read(path) for kind, path in files.items()},
                gwp_set=gwp,
                names=names,
                enqueue=False,
            )
        except EmissionsError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Calculated draft edition “{created.label}”: {created.result_count} rows "
                f"in {seconds:.2f} s."
            )
        )
