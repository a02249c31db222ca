"""Sending knobs, read from Django settings (eco62/settings.py reads them from the environment)."""

from django.conf import settings


def messages_per_second() -> float:
    """0 means no pacing; the SMTP relay's own limit is usually the one to respect."""
    return float(settings.NEWSLETTER_MESSAGES_PER_SECOND)


def batch_size() -> int:
    return int(settings.NEWSLETTER_BATCH_SIZE)


def max_attempts() -> int:
    return int(settings.NEWSLETTER_MAX_ATTEMPTS)


def bounce_threshold() -> int:
    """Soft bounces after which an address is suppressed; a hard bounce suppresses at once."""
    return int(settings.NEWSLETTER_BOUNCE_THRESHOLD)


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: 1, 4, 16 … times the base."""
    return min(float(settings.NEWSLETTER_RETRY_SECONDS) * 4 ** (attempts - 1), 3600.0)
