from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.images import RENDITION_WIDTHS, rendition_url

register = template.Library()


@register.simple_tag
def responsive_image(image_file, alt, sizes="(min-width: 48rem) 48rem, 100vw", css_class=""):
    """<img> with a WebP srcset of the renditions, lazy loading and async decoding."""
    if not image_file:
        return ""
    srcset = format_html_join(
        ", ", "{} {}w", ((rendition_url(image_file, w), w) for w in RENDITION_WIDTHS)
    )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" class="{}" loading="lazy" decoding="async">',
        rendition_url(image_file, RENDITION_WIDTHS[1]),
        srcset,
        sizes,
        alt,
        css_class,
    )


@register.simple_tag
def json_ld(data, nonce):
    """A schema.org block; `data` is JSON already escaped for a script element."""
    # The view wrote <, > and & as \\u escapes, so the JSON cannot close the element.
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(data),  # noqa: S308 - escaped for a script element by news.views._json_ld
    )
