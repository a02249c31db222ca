from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import dates, fiscal, images, japanese, money, sanitize

register = template.Library()


@register.filter
def yen(amount):
    """1500000 → ¥1,500,000."""
    return money.format_yen(amount)


@register.filter
def fiscal_year_label(fiscal_year):
    """令和8年度（2026年度） on Japanese pages, FY2026 on English pages."""
    return fiscal.fiscal_year_label(int(fiscal_year))


@register.filter
def wareki_date(day):
    """令和8年12月2日, for official notices."""
    return dates.wareki_date(day)


@register.filter
def local_date(value):
    """2026年12月2日（水） on Japanese pages, 2 December 2026 (Wed) on English pages (Tokyo)."""
    return dates.format_date(value)


@register.filter
def local_datetime(value):
    """2026年12月2日（水）13:00 / 2 December 2026 (Wed) 13:00 (Tokyo)."""
    return dates.format_datetime(value)


@register.filter
def local_time(value):
    """13:00 in Tokyo."""
    return dates.format_time(value)


@register.filter
def local_weekday(value):
    """水 / Wed."""
    return dates.format_weekday(value)


@register.filter
def local_month(value):
    """2026年12月 / December 2026."""
    return dates.format_month(value)


@register.filter
def iso(value):
    """ISO 8601 with the +09:00 offset, for <time datetime>, meta tags and addresses."""
    return dates.iso(value)


@register.filter
def iso_month(value):
    """2026-12, for ?month= addresses."""
    return dates.iso_month(value)


@register.filter
def fiscal_year_of(moment):
    return fiscal.fiscal_year_of(moment) if moment else ""


@register.filter
def markdown(text):
    return sanitize.render_markdown(text)


def viewer_of(context):
    """Who is looking, for the address of a rendition of a record that is not public."""
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def rendition(context, image_file, width=960):
    return images.rendition_url(image_file, int(width), viewer=viewer_of(context))


@register.simple_tag(takes_context=True)
def rendition_img(context, image_file, width, alt, css_class="", loading="lazy"):
    """<img> of a rendition with its pixel size, so the page keeps its space while it loads."""
    made = images.rendition(image_file, int(width), viewer=viewer_of(context))
    if made is None:
        return ""
    return format_html(
        '<img src="{}" alt="{}"{}{}{} loading="{}" decoding="async">',
        made.url,
        alt,
        text_lang(alt),
        format_html(' class="{}"', css_class) if css_class else "",
        size_attributes(made),
        loading,
    )


@register.simple_tag(takes_context=True)
def responsive_image(
    context, image_file, alt, sizes="(min-width: 48rem) 48rem, 100vw", css_class="", loading="lazy"
):
    """<img> with a WebP srcset of every rendition width, so a phone fetches what it shows.

    loading="eager" is for the picture at the top of a page: fetched at once, first.
    """
    made = images.renditions(image_file, viewer=viewer_of(context)) if image_file else None
    if made is None:
        return ""
    default = made[images.DEFAULT_WIDTH]
    # A small original is never enlarged: its copies share one real width, offered once.
    by_width: dict[int, str] = {}
    for each in made.values():
        by_width.setdefault(each.width, each.url)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}"{}{}{} loading="{}"{} decoding="async">',
        default.url,
        format_html_join(", ", "{} {}w", ((url, width) for width, url in by_width.items())),
        sizes,
        alt,
        text_lang(alt),
        format_html(' class="{}"', css_class) if css_class else "",
        size_attributes(default),
        loading,
        mark_safe(' fetchpriority="high"') if loading == "eager" else "",
    )


def size_attributes(made: images.Rendition) -> str:
    if not made.width:
        return ""
    return format_html(' width="{}" height="{}"', made.width, made.height)


@register.simple_tag
def japanese_only_note(obj, *field_names):
    """On English pages, say so when any of the fields shows Japanese (see `shows_japanese`)."""
    if not any(shows_japanese(obj, name) for name in field_names):
        return ""
    return format_html(
        '<p class="note-ja-only" lang="en">{}</p>',
        _("This content is available in Japanese only."),
    )


@register.simple_tag
def japanese_text(obj, field_name, chars=0, note=True):
    """A field as the reader gets it. On an English page, Japanese text (a translated field's
    fallback, or an untranslated field written in Japanese) is marked `lang="ja"` and tagged
    "Available in Japanese only" (`note=False` where the card tags it once already); `chars`
    truncates, like truncatechars."""
    text = getattr(obj, field_name, "") or ""
    if chars:
        text = Truncator(text).chars(int(chars))
    if not text or not shows_japanese(obj, field_name):
        return text
    if not note:
        return format_html('<span lang="ja">{}</span>', text)
    return format_html(
        '<span lang="ja">{}</span> <span class="ja-only">{}</span>',
        text,
        _("Available in Japanese only"),
    )


@register.filter
def japanese_span(text):
    """Plain text (a name, a search term) marked `lang="ja"` when an English page shows it in
    Japanese."""
    if not text or not on_english_page() or not japanese.is_japanese(str(text)):
        return text
    return format_html('<span lang="ja">{}</span>', text)


def on_english_page() -> bool:
    return (get_language() or "").startswith("en")


def shows_japanese(obj, field_name: str) -> bool:
    """True on an English page when the field shows Japanese: a translated field whose English
    text is empty (modeltranslation then shows the Japanese), or Japanese in a field that has
    no translations (what an organisation or an entrant wrote)."""
    if not on_english_page():
        return False
    if not hasattr(obj, f"{field_name}_en"):
        return japanese.is_japanese(str(getattr(obj, field_name, "") or ""))
    return not getattr(obj, f"{field_name}_en", None) and bool(getattr(obj, f"{field_name}_ja", ""))


@register.simple_tag
def fallback_lang(obj, field_name):
    """` lang="ja"` for an element holding a field's Japanese on an English page (for rendered
    text such as Markdown, which `japanese_text` cannot wrap)."""
    return mark_safe(' lang="ja"') if shows_japanese(obj, field_name) else ""


@register.simple_tag
def text_lang(text):
    """` lang="ja"` for an element holding Japanese text on an English page (rendered HTML such
    as a highlighted search excerpt)."""
    japanese_shown = on_english_page() and japanese.is_japanese(str(text or ""))
    return mark_safe(' lang="ja"') if japanese_shown else ""
