from modeltranslation.translator import TranslationOptions, register

from .models import Article, ArticleImage, Category, Tag


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "hero_image_alt")
    # The alt text is required only with an image (Article.clean), so not by language.
    required_languages = {"ja": ("title", "lead", "body"), "default": ()}


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)


@register(ArticleImage)
class ArticleImageTranslation(TranslationOptions):
    fields = ("alt", "caption")
    required_languages = {"ja": ("alt",), "default": ()}
