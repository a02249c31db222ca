from modeltranslation.translator import TranslationOptions, register

from .models import Initiative


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "description", "run_by", "outcome")
    required_languages = ("ja",)
