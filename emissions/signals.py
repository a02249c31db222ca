"""Cache invalidation only: a changed target or population bumps the cache generation."""

from django.db.models.signals import post_delete, post_save

from municipalities.models import PopulationRecord

from .models import MunicipalityTarget
from .selectors import bump_generation


def _bump(**_kwargs):
    bump_generation()


def connect() -> None:
    for model in (MunicipalityTarget, PopulationRecord):
        post_save.connect(_bump, sender=model, dispatch_uid=f"emissions-bump-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"emissions-del-{model.__name__}")
