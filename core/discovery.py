"""Finds the pieces each app contributes (sections, API routers, sitemaps, demo data)."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(submodule: str) -> list[ModuleType]:
    """The `submodule` of every installed app that has one, in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, submodule):
            found.append(import_module(f"{app_config.name}.{submodule}"))
    return found
