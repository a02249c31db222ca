from django.db.models import Count

from core.figures import one_value, values_at_once
from core.sections import Section

from .models import Document


def _published(municipality):
    return Document.objects.published().filter(municipality=municipality)


def municipality_figures(municipality):
    return {"documents": one_value(_published(municipality), n=Count("pk"))}


def municipality_section(*, request, municipality, figures=None):
    figures = figures or values_at_once(municipality_figures(municipality))
    if not figures["documents"]:
        return None
    documents = list(_published(municipality).order_by("-fiscal_year")[:10])
    return Section(
        "library/municipality_section.html", {"documents": documents, "municipality": municipality}
    )
