from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emissions.services import EmissionsError, import_results


class Command(BaseCommand):
    help = "Import a published-results CSV as a new draft edition (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="Label of the new edition.")

    def handle(self, *args, file: Path, edition: str, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            created = import_results(data=data, label=edition, file_name=file.name)
        except EmissionsError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {created.result_count} rows into draft edition “{created.label}”."
            )
        )
