from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.images import RENDITION_WIDTHS, Rendition, rendition
from core.templatetags.portal import size_attributes, text_lang, viewer_of

register = template.Library()


def _renditions(image_file, viewer) -> tuple[Rendition, list[tuple[str, int]]] | None:
    made = [rendition(image_file, width, viewer=viewer) for width in RENDITION_WIDTHS]
    if None in made:
        return None
    return made[1], [(each.url, width) for each, width in zip(made, RENDITION_WIDTHS, strict=True)]


@register.simple_tag(takes_context=True)
def responsive_image(
    context, image_file, alt, sizes="(min-width: 48rem) 48rem, 100vw", css_class=""
):
    """<img> with a WebP srcset of the renditions, lazy loading and async decoding."""
    made = _renditions(image_file, viewer_of(context)) if image_file else None
    if made is None:
        return ""
    default, widths = made
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}"{} class="{}"{} loading="lazy"'
        ' decoding="async">',
        default.url,
        format_html_join(", ", "{} {}w", widths),
        sizes,
        alt,
        text_lang(alt),
        css_class,
        size_attributes(default),
    )


@register.simple_tag
def json_ld(data):
    """A schema.org block; `data` is JSON already escaped for a script element.

    A data block is never executed, so it needs no CSP nonce; without one, cached pages do not
    repeat a nonce.
    """
    # The view wrote <, > and & as \\u escapes, so the JSON cannot close the element.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data),  # noqa: S308 - escaped for a script element by news.views._json_ld
    )
