"""Cache invalidation only: the filter choices are cached per language."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Category


@receiver([post_save, post_delete], sender=Category)
def forget_filter_choices(**kwargs):
    cache.delete_many([f"news:filter-choices:{code}" for code, _name in settings.LANGUAGES])
