from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "Two-factor sign-in is not required for staff.",
            hint="Set STAFF_TWO_FACTOR_REQUIRED=true: staff handle grant money and "
            "citizens' personal data.",
            id="accounts.W001",
        )
    ]
