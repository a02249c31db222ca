from modeltranslation.translator import TranslationOptions, register

from .models import Course, Lesson


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "description", "cover_image_alt")
    required_languages = {"ja": ("title", "description"), "default": ()}


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("ja",)
