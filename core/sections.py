"""Sections that apps add to the home page and to each municipality's profile.

An app opts in with a `sections.py` defining `home_section(request)` and/or
`municipality_section(request, municipality)`, each returning a Section or None.
"""

from dataclasses import dataclass, field

from .discovery import app_modules


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


def collect_sections(kind: str, **kwargs) -> list[Section]:
    sections = []
    for module in app_modules("sections"):
        build = getattr(module, f"{kind}_section", None)
        if build is None:
            continue
        section = build(**kwargs)
        if section is not None:
            sections.append(section)
    return sections
