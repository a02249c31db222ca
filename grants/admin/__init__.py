"""The grants admin: municipal staff apply and follow; the secretariat decides and pays."""

from .applications import ApplicationAdmin
from .notices import GrantNoticeAdmin, NoticeSeriesAdmin
from .programs import GrantProgramAdmin

__all__ = ["ApplicationAdmin", "GrantNoticeAdmin", "GrantProgramAdmin", "NoticeSeriesAdmin"]
