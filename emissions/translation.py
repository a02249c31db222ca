from modeltranslation.translator import TranslationOptions, register

from .models import Edition, MethodVersion


@register(MethodVersion)
class MethodVersionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ja",)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("note",)
