"""How sign-in attempts are identified: the normalised e-mail address and the client address."""

from core.ratelimit import client_address


def normalized_username(request, credentials) -> str | None:
    """The e-mail address typed at sign-in, lower-cased as accounts store it."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    return username.strip().lower() if username else None


def client_ip(request) -> str | None:
    return client_address(request) or None


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
