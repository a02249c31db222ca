"""The emissions refusal, carrying every bad cell of the files involved."""

from core.workflow import ServiceError

from .files import RowError, in_reading_order


class EmissionsError(ServiceError):
    """A refused action; `errors` lists every bad cell of the files involved."""

    def __init__(self, message, errors: list[RowError] | None = None):
        super().__init__(message)
        self.errors = in_reading_order(errors or [])
