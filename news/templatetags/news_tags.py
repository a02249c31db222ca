from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.images import RENDITION_WIDTHS, Rendition, rendition
from core.templatetags.portal import size_attributes

register = template.Library()


# Rendition URLs of an image never change once made, so each process remembers them:
# core.images.rendition_url costs two cache round trips per call, and a list page of 20 cards
# with three widths each would otherwise spend most of its time talking to Redis.
_known_renditions: dict[str, tuple[Rendition, list[tuple[str, int]]]] = {}
KNOWN_RENDITIONS_LIMIT = 5000


@receiver(setting_changed)
def _forget_renditions(*, setting, **kwargs):
    if setting in ("MEDIA_ROOT", "MEDIA_URL", "STORAGES"):
        _known_renditions.clear()


def _renditions(image_file) -> tuple[Rendition, list[tuple[str, int]]]:
    known = _known_renditions.get(image_file.name)
    if known is None:
        made = [rendition(image_file, width) for width in RENDITION_WIDTHS]
        srcset = [(each.url, width) for each, width in zip(made, RENDITION_WIDTHS, strict=True)]
        known = (made[1], srcset)
        if len(_known_renditions) >= KNOWN_RENDITIONS_LIMIT:
            _known_renditions.clear()
        _known_renditions[image_file.name] = known
    return known


@register.simple_tag
def responsive_image(image_file, alt, sizes="(min-width: 48rem) 48rem, 100vw", css_class=""):
    """<img> with a WebP srcset of the renditions, lazy loading and async decoding."""
    if not image_file:
        return ""
    default, widths = _renditions(image_file)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" class="{}"{} loading="lazy"'
        ' decoding="async">',
        default.url,
        format_html_join(", ", "{} {}w", widths),
        sizes,
        alt,
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
