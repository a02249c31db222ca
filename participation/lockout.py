"""Brute-force protection of the organisation sign-in, kept in the shared cache.

Failures are counted per account (the e-mail typed, whether or not it exists, so the lock says
nothing about which addresses have accounts) and per client address. Either count reaching its
limit locks sign-in for the lock period; a correct password does not get through a lock.
Self-contained on purpose: django-axes guards the admin's sign-in separately.
"""

import hashlib

from django.core.cache import cache

ACCOUNT_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 20
LOCK_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
    return f"participation:login-failures:{kind}:{digest}"


def is_locked(*, email: str, address: str) -> bool:
    counts = cache.get_many([_key("account", email), _key("address", address)])
    return (
        counts.get(_key("account", email), 0) >= ACCOUNT_FAILURE_LIMIT
        or counts.get(_key("address", address), 0) >= ADDRESS_FAILURE_LIMIT
    )


def record_failure(*, email: str, address: str) -> None:
    for key in (_key("account", email), _key("address", address)):
        # add() starts the window at the first failure; incr() keeps its expiry.
        cache.add(key, 0, timeout=LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=LOCK_SECONDS)


def clear_failures(*, email: str) -> None:
    cache.delete(_key("account", email))
