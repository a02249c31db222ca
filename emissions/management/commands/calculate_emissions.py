from pathlib import Path

from django.core.management.base import BaseCommand

from emissions.codes import GwpSet
from emissions.management.refusals import read_file, row_errors_listed
from emissions.services import INPUT_KINDS, calculate_from_files, timed


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
        data = {kind: read_file(path) if path else None for kind, path in files.items()}
        with row_errors_listed(self):
            created, seconds = timed(
                calculate_from_files,
                label=edition,
                **data,
                gwp_set=gwp,
                names=names,
                enqueue=False,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Calculated draft edition “{created.label}”: {created.result_count} rows "
                f"in {seconds:.2f} s."
            )
        )
