from modeltranslation.translator import TranslationOptions, register

from .models import Issue, IssueItem


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("ja",)


@register(IssueItem)
class IssueItemTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("ja",)
