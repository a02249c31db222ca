"""Business rules of emissions: imports, calculation, publication and comparison of editions."""

from .calculation import (
    BATCH_SIZE,
    MAX_RESULT_DIGITS,
    STORED_PLACES,
    abandoned_calculation_ids,
    calculate_edition,
    calculate_from_files,
    compute_results,
    create_calculation,
    import_results,
    timed,
)
from .comparison import DiffRow, diff_editions
from .populations import POPULATION_COLUMNS, import_populations, population_snapshot
from .publication import publish_edition
from .reproduction import INPUT_KINDS, input_rows
from .rules import EmissionsError, check_new_label, require_secretariat

__all__ = [
    "BATCH_SIZE",
    "DiffRow",
    "EmissionsError",
    "INPUT_KINDS",
    "MAX_RESULT_DIGITS",
    "POPULATION_COLUMNS",
    "STORED_PLACES",
    "abandoned_calculation_ids",
    "calculate_edition",
    "calculate_from_files",
    "check_new_label",
    "compute_results",
    "create_calculation",
    "diff_editions",
    "import_populations",
    "import_results",
    "input_rows",
    "population_snapshot",
    "publish_edition",
    "require_secretariat",
    "timed",
]
