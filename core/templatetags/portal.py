from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import fiscal, images, money, sanitize

register = template.Library()


@register.filter
def yen(amount):
    """1500000 → ¥1,500,000."""
    return money.format_yen(amount)


@register.filter
def wareki_fy(fiscal_year):
    """2019 → 令和元年度."""
    return fiscal.wareki_fiscal_year(int(fiscal_year))


@register.filter
def fiscal_year_label(fiscal_year):
    """令和8年度（2026年度） on Japanese pages, FY2026 on English pages."""
    return fiscal.fiscal_year_label(int(fiscal_year))


@register.filter
def wareki_date(day):
    return fiscal.wareki_date(day) if day else ""


@register.filter
def fiscal_year_of(moment):
    return fiscal.fiscal_year_of(moment) if moment else ""


@register.filter
def markdown(text):
    return sanitize.render_markdown(text)


@register.filter
def sanitized(html):
    return sanitize.sanitize_html(html)


@register.simple_tag
def rendition(image_file, width=960):
    return images.rendition_url(image_file, int(width))


@register.simple_tag
def rendition_img(image_file, width, alt, css_class="", loading="lazy"):
    """<img> of a rendition with its pixel size, so the page keeps its space while it loads."""
    made = images.rendition(image_file, int(width))
    if made is None:
        return ""
    return format_html(
        '<img src="{}" alt="{}"{}{} loading="{}" decoding="async">',
        made.url,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        size_attributes(made),
        loading,
    )


def size_attributes(made: images.Rendition) -> str:
    if not made.width:
        return ""
    return format_html(' width="{}" height="{}"', made.width, made.height)


@register.simple_tag
def japanese_only_note(obj, *field_names):
    """On English pages, say so when a translated field has no English text yet."""
    if not (get_language() or "").startswith("en"):
        return ""
    if all(getattr(obj, f"{name}_en", None) for name in field_names):
        return ""
    return format_html(
        '<p class="note-ja-only" lang="en">{}</p>',
        _("This content is available in Japanese only."),
    )
