from modeltranslation.translator import TranslationOptions, register

from .models import Event


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "venue_name", "audience", "report", "cancellation_reason")
    required_languages = ("ja",)
