from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


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
