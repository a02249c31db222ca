"""Per-municipality scoping: staff of one municipality never see another's records."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404


@dataclass(frozen=True)
class Scope:
    """What a user may see: every municipality, exactly one, or none."""

    every_municipality: bool
    municipality_code: str | None = None

    @property
    def restricted(self) -> bool:
        return not self.every_municipality


@dataclass(frozen=True)
class StaffRules:
    """What core asks about a signed-in staff member; the app that knows roles answers."""

    scope_of: Callable[..., Scope]
    is_secretariat: Callable[..., bool]


_staff_rules: StaffRules | None = None
_municipality_model: type[Model] | None = None


def register_staff_rules(rules: StaffRules) -> None:
    """The accounts app hands core its role checks (AccountsConfig.ready)."""
    global _staff_rules
    _staff_rules = rules


def register_municipality_model(model: type[Model]) -> None:
    """The model a choice list of municipalities is scoped on (MunicipalitiesConfig.ready)."""
    global _municipality_model
    _municipality_model = model


def _rules() -> StaffRules:
    if _staff_rules is None:
        # Without role checks every record would be out of reach or in reach: refuse to guess.
        raise ImproperlyConfigured("No staff rules are registered (core.scoping).")
    return _staff_rules


def scope_of(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(every_municipality=False)
    return _rules().scope_of(user)


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and _rules().is_secretariat(user))


def scope_queryset(queryset: QuerySet, user, municipality_field: str) -> QuerySet:
    """Filter `queryset` to the rows whose `municipality_field` path is the user's municipality."""
    scope = scope_of(user)
    if scope.every_municipality:
        return queryset
    if scope.municipality_code is None:
        return queryset.none()
    lookup = "pk" if municipality_field in ("pk", "code") else f"{municipality_field}__pk"
    filtered = queryset.filter(**{lookup: scope.municipality_code})
    # A path through a many-to-many relation can repeat rows.
    return filtered.distinct() if _crosses_many(queryset.model, municipality_field) else filtered


def _crosses_many(model, path: str) -> bool:
    for name in path.split("__"):
        if name in ("pk",):
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _scoped_choice_queryset(related_model, user) -> QuerySet | None:
    """Limit a foreign-key choice list when its model is itself municipality-bound."""
    manager = related_model._default_manager
    if related_model is _municipality_model:
        return scope_queryset(manager.all(), user, "pk")
    field_names = {f.name for f in related_model._meta.get_fields()}
    for candidate in ("municipality", "municipalities"):
        if candidate in field_names:
            return scope_queryset(manager.all(), user, candidate)
    return None


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Scopes list, form choices, object views, history, delete and autocomplete to the
    staff member's municipality. Set `municipality_field` to the lookup path from the model
    to its Municipality ("municipality", "application__municipality", "municipalities")."""

    municipality_field = "municipality"

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.municipality_field)

    def get_object(self, request, object_id, from_field=None):
        # Out of scope and missing look the same: a 404, never a redirect that confirms existence.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = _scoped_choice_queryset(db_field.related_model, request.user)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = _scoped_choice_queryset(db_field.related_model, request.user)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._owns_direct_field() and scope_of(request.user).restricted:
            readonly.append(self.municipality_field)
        return readonly

    def save_model(self, request, obj, form, change):
        scope = scope_of(request.user)
        if self._owns_direct_field() and scope.restricted:
            if scope.municipality_code is None:
                raise Http404
            setattr(obj, f"{self.municipality_field}_id", scope.municipality_code)
        super().save_model(request, obj, form, change)

    def _owns_direct_field(self) -> bool:
        if "__" in self.municipality_field or self.municipality_field in ("pk", "code"):
            return False
        field = self.model._meta.get_field(self.municipality_field)
        return field.many_to_one


class MunicipalityScopedInline(admin.options.InlineModelAdmin):
    """Mixin for inlines whose choices must also stay inside the staff member's municipality."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = _scoped_choice_queryset(db_field.related_model, request.user)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
