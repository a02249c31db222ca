from django.utils.translation import gettext_lazy as _

from core.contributions import DigestItem

from .models import Edition

HEADING = _("Greenhouse gas emissions")


def items_since(*, since, until) -> list[DigestItem]:
    """Editions published in the period: the newsletter announces new official figures."""
    return [
        DigestItem(
            kind="emissions",
            title_ja=f"温室効果ガス排出量「{edition.label}」を公表しました",
            title_en=f"Greenhouse gas emissions published: {edition.label}",
            url="/emissions/",
            summary_ja="62市区町村の温室効果ガス排出量の新しい版です。",
            summary_en="A new edition of the greenhouse gas emissions of the 62 municipalities.",
            published_at=edition.published_at,
        )
        for edition in Edition.objects.public()
        .filter(published_at__gte=since, published_at__lt=until, is_demo=False)
        .order_by("published_at")
    ]
