from modeltranslation.translator import TranslationOptions, register

from .models import Campaign, Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"ja": ("name",), "default": ()}


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "pledge_text")
    required_languages = {"ja": ("title", "pledge_text"), "default": ()}
