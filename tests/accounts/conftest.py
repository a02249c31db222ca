"""Sign-in helpers: real password sign-ins through the admin form and TOTP codes from a secret."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"  # what tests/conftest.make_staff sets
LOGIN_URL = "/admin/login/"


def totp_code(secret: str | bytes, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `secret` (base32 text or raw key bytes)."""
    key = secret if isinstance(secret, bytes) else b32decode(secret.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def enrol_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        LOGIN_URL, {"username": email, "password": password, "next": "/admin/"}, **extra
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests sign in through the password form many times; the real hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _production_session_limits(settings):
    # The suite-wide test settings leave these off for other apps' time-travelling tests.
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 60 * 60 * 12


@pytest.fixture
def two_factor_required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
