"""Every number a person types has the bounds of its column and its meaning.

Each admin form, each inline and each form class of the project is walked: every integer field
refuses its column's maximum + 1, Arabic-Indic digits and '²' with a form error, and reads
full-width digits; every decimal field refuses Arabic-Indic digits.
"""

import importlib
import inspect

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory

from core.forms import DecimalNumberField, FiscalYearField, WholeNumberField, YenField
from core.money import MAX_YEN, parse_yen
from core.params import column_bounds, whole_number

ARABIC_INDIC_TWELVE = "١٢"
SUPERSCRIPT_TWO = "²"


@pytest.fixture
def superuser_request(db, django_user_model):
    user = django_user_model.objects.create_superuser(email="root@example.jp", password="x")
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_forms(request):
    """(name, form class) of every registered admin and each of its inlines."""
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.label} admin"
        yield name, model_admin.get_form(request), model
        for inline in model_admin.get_inline_instances(request):
            yield (
                f"{name} › {inline.model._meta.label}",
                inline.get_formset(request).form,
                inline.model,
            )


def project_form_classes():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(apps.get_app_config("core").path).rsplit("/", 1)[0]):
            continue
        for module_name in ("forms", "admin"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    yield value


def assert_bounded_integer(label, field, column=None):
    assert isinstance(field, WholeNumberField), f"{label} is a plain {type(field).__name__}"
    maximum = field.bounds()[1] if isinstance(field, FiscalYearField) else field.max_value
    assert maximum is not None, f"{label} has no upper bound"
    if column is not None:
        low, high = column_bounds(column)
        assert maximum <= high, label
        assert field.min_value is not None and field.min_value >= low, label
    for text in (str(maximum + 1), ARABIC_INDIC_TWELVE, SUPERSCRIPT_TWO, "1.5"):
        with pytest.raises(ValidationError):
            field.clean(text)
    assert field.clean(str(maximum)) == maximum


def assert_ascii_decimal(label, field):
    assert isinstance(field, DecimalNumberField), f"{label} is a plain {type(field).__name__}"
    for text in (ARABIC_INDIC_TWELVE, "١٫٥", SUPERSCRIPT_TWO):
        with pytest.raises(ValidationError):
            field.clean(text)


def check_form_fields(label, form_class, model=None):
    checked = 0
    for name, field in form_class.base_fields.items():
        column = None
        if model is not None:
            try:
                column = model._meta.get_field(name)
            except Exception:
                column = None
        if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
            continue
        if isinstance(field, forms.DecimalField):
            assert_ascii_decimal(f"{label}.{name}", field)
            checked += 1
        elif isinstance(field, forms.IntegerField):
            if isinstance(column, models.IntegerField):
                assert_bounded_integer(f"{label}.{name}", field, column)
            else:
                assert_bounded_integer(f"{label}.{name}", field)
            checked += 1
        elif isinstance(field, YenField):
            assert field.maximum <= MAX_YEN
            with pytest.raises(ValidationError):
                field.clean(str(field.maximum + 1))
            with pytest.raises(ValidationError):
                field.clean("١٥٠٠")
            checked += 1
    return checked


def test_every_admin_form_bounds_its_numbers(superuser_request):
    checked = sum(
        check_form_fields(label, form_class, model)
        for label, form_class, model in admin_forms(superuser_request)
    )
    assert checked > 20  # the walk reached the number fields, not an empty list


def test_every_project_form_bounds_its_numbers(db):
    classes = list(project_form_classes())
    assert len(classes) > 20
    checked = sum(check_form_fields(cls.__qualname__, cls) for cls in classes)
    assert checked > 5


def test_every_integer_column_gets_a_bounded_field_on_every_database():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.IntegerField) and not field.auto_created and field.editable:
                if field.choices:
                    continue
                form_field = field.formfield()
                if form_field is None:
                    continue
                assert_bounded_integer(f"{model._meta.label}.{field.name}", form_field, field)


# --- The one reader of digits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1200", 1200), ("1,200", 1200), ("１２００", 1200), ("１，２００", 1200), (" 7 ", 7)],
)
def test_whole_numbers_are_ascii_or_full_width_digits(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize("text", ["١٢", "²", "𝟗", "-1", "1.5", "1,20", "1e3", "", "12 34"])
def test_whole_numbers_refuse_other_digits_and_forms(text):
    assert whole_number(text) is None


@pytest.mark.parametrize("text", ["١٥٠٠", "٢٠٠٠٠٠٠", "۱۵۰۰", "²", "１²"])
def test_arabic_indic_and_superscript_digits_are_not_yen(text):
    with pytest.raises(ValidationError):
        parse_yen(text)


def test_yen_past_the_column_is_a_form_error_not_a_database_error():
    field = YenField()
    assert field.clean("2,147,483,647") == MAX_YEN
    with pytest.raises(ValidationError) as refused:
        field.clean("2,147,483,648")
    assert refused.value.code == "max_value"


def test_zero_yen_is_refused_where_it_means_nothing():
    assert YenField().clean("0") == 0
    with pytest.raises(ValidationError) as refused:
        YenField(positive=True).clean("0")
    assert refused.value.code == "min_value"
    assert YenField(positive=True).clean("1") == 1


@time_machine.travel("2027-03-31 23:30+09:00")
def test_fiscal_years_of_plans_run_from_fy2007_to_next_year_read_in_tokyo():
    field = FiscalYearField()
    assert field.clean("2007") == 2007
    assert field.clean("2027") == 2027  # 31 March 23:30 JST is still FY2026
    for text in ("2006", "2028", "2099"):
        with pytest.raises(ValidationError):
            field.clean(text)


@time_machine.travel("2027-04-01 00:30+09:00")
def test_fiscal_years_of_actuals_are_never_in_the_future():
    field = FiscalYearField(actual=True)
    assert field.clean("2027") == 2027  # 1 April 00:30 JST (15:30 UTC on 31 March) is FY2027
    with pytest.raises(ValidationError):
        field.clean("2028")
