from modeltranslation.translator import TranslationOptions, register

from .models import Category, Contest, Criterion


@register(Contest)
class ContestTranslation(TranslationOptions):
    fields = ("title", "summary", "rules")
    required_languages = ("ja",)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ja",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)
