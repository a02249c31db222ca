from modeltranslation.translator import TranslationOptions, register

from .models import Application, CostCategory, GrantProgram


@register(GrantProgram)
class GrantProgramTranslation(TranslationOptions):
    fields = ("title", "guidance")
    required_languages = ("ja",)


@register(CostCategory)
class CostCategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)


@register(Application)
class ApplicationTranslation(TranslationOptions):
    fields = ("title", "summary", "results")
    required_languages = {"ja": ("title", "summary")}
