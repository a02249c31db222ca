"""Sections that apps add to the home page and to each municipality's profile.

An app opts in with a `sections.py` defining `home_section(request)` and/or
`municipality_section(request, municipality)`, each returning a Section or None. Each section
is rendered once and cached until its own app's records change (core.pagecache's app scopes),
so the first request after a publish rebuilds the publishing app's section alone and the page
costs a few queries however many apps contribute. Sections are public: they must not depend on
the visitor or render a CSRF token (link to the form instead). A section showing figures that
change with private records declares `CACHE_SCOPE` (see core.pagecache.scope_version).

A section's single figures (counters, the newest year of something) are declared apart, as
`home_figures()` / `municipality_figures(municipality)` returning one-value querysets by name
(core.figures): the figures of every section being built are asked in one query, and its
builder receives them as `figures=`. With nothing cached, the page then costs one query for
all the counters plus the lists.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .discovery import app_modules
from .figures import values_at_once
from .pagecache import contribution_scopes, contribution_versions

SECTION_CACHE_SECONDS = 5 * 60


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


def collect_sections(kind: str, *, request, **kwargs) -> list[SafeString]:
    """The rendered sections of every app for `kind` ("home" or "municipality")."""
    return [html for _module, html in _rendered_sections(kind, request=request, **kwargs)]


def collect_home_sections(*, request) -> dict[str, list[SafeString]]:
    """The home page's sections by the place each app's module gives them (`HOME_SLOT`):
    "now" (what is happening now, on the first screen), "news", "place" (the way to one's
    municipality) or "more" (a short line each)."""
    slots: dict[str, list[SafeString]] = {slot: [] for slot in HOME_SLOTS}
    for module, html in _rendered_sections("home", request=request):
        slots[getattr(module, "HOME_SLOT", "more")].append(html)
    return slots


HOME_SLOTS = ("now", "news", "place", "more")


def _rendered_sections(kind: str, *, request, **kwargs) -> list[tuple[object, SafeString]]:
    subject_key = getattr(kwargs.get("municipality"), "pk", "")
    prefix = f"section:{kind}:{get_language()}:{subject_key}"
    modules = [
        (module, build)
        for module in app_modules("sections")
        if (build := getattr(module, f"{kind}_section", None)) is not None
    ]
    versions = contribution_versions(module for module, _build in modules)
    builders = {
        f"{prefix}:{module.__name__}:{versions[module]}": build for module, build in modules
    }
    module_of = dict(zip(builders, (module for module, _build in modules), strict=True))
    cached = cache.get_many(builders)
    figures = _figures_of([module_of[key] for key in builders if key not in cached], kind, kwargs)
    rendered = []
    for key, build in builders.items():
        html = cached.get(key)
        if html is None:
            module = module_of[key]
            extra = {"figures": figures[module.__name__]} if module.__name__ in figures else {}
            section = build(request=request, **kwargs, **extra)
            html = (
                render_to_string(section.template, {"section": section.context}, request=request)
                if section is not None
                else ""
            )
            cache.set(key, html, SECTION_CACHE_SECONDS)
        if html:
            rendered.append((module_of[key], mark_safe(html)))  # noqa: S308 - our own templates
    return rendered


def _figures_of(modules, kind: str, kwargs: dict) -> dict[str, dict[str, object]]:
    """The declared figures of these sections' modules, by module name, from one query."""
    queries = {
        module.__name__: declare(**kwargs)
        for module in modules
        if (declare := getattr(module, f"{kind}_figures", None)) is not None
    }
    answered = values_at_once(
        {
            f"{module}:{name}": query
            for module, named in queries.items()
            for name, query in named.items()
        }
    )
    return {
        module: {name: answered[f"{module}:{name}"] for name in named}
        for module, named in queries.items()
    }


def section_scopes(kind: str) -> tuple[str, ...]:
    """What the sections of `kind` are kept by, for a page that caches them whole."""
    scopes = (
        contribution_scopes(module)
        for module in app_modules("sections")
        if hasattr(module, f"{kind}_section")
    )
    return tuple(dict.fromkeys(scope for kept_by in scopes for scope in kept_by))
