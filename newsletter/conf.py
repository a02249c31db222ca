"""Sending knobs, read from settings first and the environment second (see docs/newsletter.md)."""

import os

from django.conf import settings


def _number(name: str, default: float) -> float:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def messages_per_second() -> float:
    """0 means no pacing; the SMTP relay's own limit is usually the one to respect."""
    return _number("NEWSLETTER_MESSAGES_PER_SECOND", 20.0)


def batch_size() -> int:
    return int(_number("NEWSLETTER_BATCH_SIZE", 200))


def max_attempts() -> int:
    return int(_number("NEWSLETTER_MAX_ATTEMPTS", 3))


def bounce_threshold() -> int:
    """Soft bounces after which an address is suppressed; a hard bounce suppresses at once."""
    return int(_number("NEWSLETTER_BOUNCE_THRESHOLD", 3))
