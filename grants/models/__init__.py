"""Grants (助成金): the fiscal year's program, the applications and their course."""

from .applications import Application, ApplicationQuerySet
from .documents import (
    Attachment,
    AttachmentKind,
    BudgetLine,
    ChangeRequest,
    NotificationSent,
    ReportPhoto,
    attachment_path,
    photo_path,
)
from .programs import (
    OVERVIEW_CAP_YEN,
    REDUCED_CAP_YEN,
    CostCategory,
    GrantLedger,
    GrantProgram,
    GrantProgramQuerySet,
    cap_of_fiscal_year,
)
from .workflow import (
    COMMITTED_STATUSES,
    EDITABLE_STATUSES,
    MUNICIPALITY,
    PUBLIC_STATUSES,
    SECRETARIAT,
    WORKFLOW,
    Move,
    Status,
    moves_from,
)

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "Attachment",
    "AttachmentKind",
    "BudgetLine",
    "COMMITTED_STATUSES",
    "ChangeRequest",
    "CostCategory",
    "EDITABLE_STATUSES",
    "GrantLedger",
    "GrantProgram",
    "GrantProgramQuerySet",
    "MUNICIPALITY",
    "Move",
    "NotificationSent",
    "OVERVIEW_CAP_YEN",
    "PUBLIC_STATUSES",
    "REDUCED_CAP_YEN",
    "ReportPhoto",
    "SECRETARIAT",
    "Status",
    "WORKFLOW",
    "attachment_path",
    "cap_of_fiscal_year",
    "moves_from",
    "photo_path",
]
