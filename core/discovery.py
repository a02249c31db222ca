"""Finds the pieces each app contributes (sections, API routers, sitemaps, demo data)."""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def app_modules(submodule: str) -> tuple[ModuleType, ...]:
    """The `submodule` of every installed app that has one, in INSTALLED_APPS order.

    Kept for the life of the process: the app registry does not change once it is ready, and
    looking modules up on disk cost more than rendering a home page section.
    """
    found = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, submodule):
            found.append(import_module(f"{app_config.name}.{submodule}"))
    return tuple(found)
