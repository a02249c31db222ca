from pathlib import Path

from django.core.management.base import BaseCommand

from emissions.management.refusals import read_file, row_errors_listed
from emissions.services import import_results


class Command(BaseCommand):
    help = "Import a published-results CSV as a new draft edition (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="Label of the new edition.")

    def handle(self, *args, file: Path, edition: str, **options):
        data = read_file(file)
        with row_errors_listed(self):
            created = import_results(data=data, label=edition, file_name=file.name)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {created.result_count} rows into draft edition “{created.label}”."
            )
        )
