"""What the emissions commands share: reading the files they are given, and a refused import
told row by row before the command fails."""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emissions.services import EmissionsError


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error}") from None


@contextmanager
def row_errors_listed(command: BaseCommand):
    try:
        yield
    except EmissionsError as error:
        for row_error in error.errors:
            command.stderr.write(str(row_error))
        raise CommandError(error.message) from None
