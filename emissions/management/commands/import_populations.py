from pathlib import Path

from django.core.management.base import BaseCommand

from emissions.management.refusals import read_file, row_errors_listed
from emissions.services import import_populations


class Command(BaseCommand):
    help = "Create or update population per year from a CSV (year,municipality_code,population)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Where the figures come from.")

    def handle(self, *args, file: Path, source: str, **options):
        data = read_file(file)
        with row_errors_listed(self):
            count = import_populations(data=data, source=source, file_name=file.name)
        self.stdout.write(self.style.SUCCESS(f"Stored {count} population records."))
