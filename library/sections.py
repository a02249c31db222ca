from core.sections import Section

from .models import Document


def municipality_section(*, request, municipality):
    documents = list(
        Document.objects.published().filter(municipality=municipality).order_by("-fiscal_year")[:10]
    )
    if not documents:
        return None
    return Section(
        "library/municipality_section.html", {"documents": documents, "municipality": municipality}
    )
