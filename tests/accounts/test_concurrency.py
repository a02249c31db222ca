"""A code presented twice at the same moment signs in once (the device row is locked)."""

import pytest

from accounts.services import AccountsError, issue_recovery_codes, verify_second_factor
from tests.concurrency import run_concurrently

from .conftest import enrol_authenticator, totp_code

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_recovery_code_sent_twice_at_once_is_accepted_once(chiyoda_staff):
    enrol_authenticator(chiyoda_staff)
    code = issue_recovery_codes(user=chiyoda_staff)[0]

    results = run_concurrently(
        lambda _i: verify_second_factor(user=chiyoda_staff, code=code), count=4
    )

    accepted = [r for r in results if not isinstance(r, Exception)]
    assert len(accepted) == 1
    assert all(isinstance(r, AccountsError) for r in results if r not in accepted)


def test_an_authenticator_code_sent_twice_at_once_is_accepted_once(chiyoda_staff):
    device = enrol_authenticator(chiyoda_staff)
    code = totp_code(device.bin_key)

    results = run_concurrently(
        lambda _i: verify_second_factor(user=chiyoda_staff, code=code), count=4
    )

    assert len([r for r in results if not isinstance(r, Exception)]) == 1
