"""Demo logins: one for the secretariat and one for a ward's staff, passwords printed once."""

import secrets

from django.contrib.auth.models import Group

from .models import StaffProfile, User
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
    if scale == "demo":
        out.write(
            "Demo logins are printed once, when created; reset one with "
            "'python manage.py changepassword <e-mail>'."
        )
