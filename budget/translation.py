from modeltranslation.translator import TranslationOptions, register

from .models import BudgetLine


@register(BudgetLine)
class BudgetLineTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("ja",)
