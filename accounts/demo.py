"""Demo logins: one for the secretariat and one for a ward's staff, passwords printed once.

At `xlarge` scale, also a year of the access log (seed_access_log).
"""

import datetime
import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import F, Value

from core.fiscal import TOKYO
from municipalities.models import Municipality

from .models import AccessEvent, StaffProfile, User
from .roles import GROUP_NAMES, Role

DEMO_LOGINS = (
    ("secretariat@demo.eco62.example", "事務局", "デモ", Role.SECRETARIAT, None),
    ("staff.chiyoda@demo.eco62.example", "千代田区", "担当者", Role.MUNICIPAL_STAFF, "131016"),
    ("staff.hachioji@demo.eco62.example", "八王子市", "担当者", Role.MUNICIPAL_STAFF, "132012"),
    ("editor@demo.eco62.example", "編集", "デモ", Role.EDITOR, None),
)


def seed(*, scale: str, out) -> None:
    for email, last_name, first_name, role, municipality_code in DEMO_LOGINS:
        if User.objects.filter(email=email).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_superuser=False,
        )
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        StaffProfile.objects.create(user=user, municipality_id=municipality_code)
        out.write(f"Demo login created ({role.label}): {email}  password: {password}")
    if scale == "xlarge":
        seed_access_log(out)
    if scale == "demo":
        out.write(
            "Demo logins are printed once, when created; reset one with "
            "'python manage.py changepassword <e-mail>'."
        )


BENCH_DOMAIN = "bench.demo.eco62.example"
BENCH_STAFF_PER_MUNICIPALITY = 2
ACCESS_LOG_DAYS = 365


def seed_access_log(out) -> None:
    """A year of the access log of two staff per municipality (issue 20's xlarge scale).

    Each working day each of them signs in with a password and an authenticator code and signs
    out; now and then a password is mistyped first. Times fall within office hours (Tokyo).
    """
    if AccessEvent.objects.filter(username__endswith=f"@{BENCH_DOMAIN}").exists():
        return
    staff = [
        (code, number)
        for code in Municipality.objects.order_by("code").values_list("code", flat=True)
        for number in range(1, BENCH_STAFF_PER_MUNICIPALITY + 1)
    ]
    users = User.objects.bulk_create(
        [
            User(
                email=f"staff{number}.{code}@{BENCH_DOMAIN}",
                password=make_password(None),
                first_name="担当者",
                last_name=f"ベンチ{number}",
                is_staff=True,
            )
            for code, number in staff
        ]
    )
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=user, municipality_id=code)
            for user, (code, _n) in zip(users, staff, strict=True)
        ]
    )
    today = datetime.datetime.now(tz=TOKYO).replace(hour=9, minute=0, second=0, microsecond=0)
    made = 0
    for days_back in range(ACCESS_LOG_DAYS, 0, -1):
        day = today - datetime.timedelta(days=days_back)
        if day.weekday() >= 5:
            continue
        events = []
        for index, user in enumerate(users):
            if (index + days_back) % 17 == 0:
                events.append(_access(user, AccessEvent.Kind.SIGN_IN_FAILED))
            events += [
                _access(user, AccessEvent.Kind.SIGNED_IN),
                _access(user, AccessEvent.Kind.SECOND_FACTOR_PASSED),
                _access(user, AccessEvent.Kind.SIGNED_OUT),
            ]
        created = AccessEvent.objects.bulk_create(events)
        # created_at is stamped on insert; spread the day's lines over office hours.
        first = created[0].pk
        step = datetime.timedelta(hours=8) / len(created)
        AccessEvent.objects.filter(pk__gte=first, pk__lte=created[-1].pk).update(
            created_at=Value(day) + (F("pk") - first) * Value(step)
        )
        made += len(created)
    out.write(f"Access log: {made:,} lines over {ACCESS_LOG_DAYS} days for {len(users)} staff.")


def _access(user, kind) -> AccessEvent:
    return AccessEvent(
        kind=kind,
        user=user,
        username=user.email,
        ip_address="192.0.2.10",
        user_agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
    )
