from modeltranslation.translator import TranslationOptions, register

from .models import AwarenessGood, Initiative, WorkPlan


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "summary", "result")
    required_languages = {"ja": ("title", "summary")}


@register(AwarenessGood)
class AwarenessGoodTranslation(TranslationOptions):
    fields = ("name", "unit")
    required_languages = ("ja",)


@register(WorkPlan)
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = {"ja": ("title",)}
