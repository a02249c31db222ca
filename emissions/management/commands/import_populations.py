from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emissions.services import EmissionsError, import_populations


class Command(BaseCommand):
    help = "Create or update population per year from a CSV (year,municipality_code,population)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Where the figures come from.")

    def handle(self, *args, file: Path, source: str, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            count = import_populations(data=data, source=source, file_name=file.name)
        except EmissionsError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Stored {count} population records."))
