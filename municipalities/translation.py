from modeltranslation.translator import TranslationOptions, register

from .models import Municipality


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ja",)
