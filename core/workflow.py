"""One way to declare a state map and make its moves: checked, locked, saved and audited.

An app declares its map next to the model, under the one name `WORKFLOW`:

    WORKFLOW = Workflow(
        model=Article,
        moves={
            "submit": Move(Status.DRAFT, Status.SUBMITTED, label=_("Submit")),
            "publish": Move((Status.DRAFT, Status.SUBMITTED), Status.PUBLISHED,
                            allowed=may_publish, refusal=_("Only editors may publish.")),
        },
    )

and a service makes a move inside its transaction:

    with transaction.atomic():
        article = WORKFLOW.begin(article_id, "publish", actor=actor)   # locked, checked
        article.published_at = now                                    # the move's own work
        WORKFLOW.finish(article, "publish", actor=actor, fields=("published_at",))

`allowed(actor, subject) -> bool` is the move's role check, supplied by the app (core knows no
roles); without one the move is open to any caller the service lets through (a signed link, a
task). Refusals raise the workflow's `error`, a `ServiceError` (the app's subclass where its
callers need to tell it apart). Core imports no app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .audit import record_audit
from .scoping import is_secretariat


class ServiceError(Exception):
    """A refused action; `message` is translated and safe to show to anyone."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


RoleCheck = Callable[[object, models.Model], bool]


def by_secretariat(actor, subject) -> bool:
    """The role check of a secretariat's move, through the rules accounts registers with core."""
    return actor is not None and is_secretariat(actor)


@dataclass(frozen=True)
class Move:
    """A named move: from any of `sources` to `target`, for whoever `allowed` accepts."""

    sources: tuple[str, ...] | str
    target: str
    label: str = ""
    allowed: RoleCheck | None = None
    refusal: str = ""
    audit: bool = True

    def __post_init__(self):
        if isinstance(self.sources, str):
            object.__setattr__(self, "sources", (self.sources,))

    def starts_from(self, state: str) -> bool:
        return state in self.sources


class Workflow:
    """The allowed moves of one model's state field."""

    def __init__(
        self,
        *,
        model: type[models.Model] | str,
        moves: dict[str, Move],
        field: str = "status",
        error: type[ServiceError] = ServiceError,
    ):
        self._model = model  # a class, or "app_label.Model" where the map precedes the model
        self.field = field
        self.moves = dict(moves)
        self.error = error

    @cached_property
    def model(self) -> type[models.Model]:
        model = apps.get_model(self._model) if isinstance(self._model, str) else self._model
        self._check_states(model)
        return model

    def _check_states(self, model) -> None:
        known = {str(value) for value, _label in model._meta.get_field(self.field).flatchoices}
        used = {str(s) for move in self.moves.values() for s in (*move.sources, move.target)}
        if used - known:
            raise ValueError(f"{model.__name__}.{self.field} has no states {sorted(used - known)}")

    @cached_property
    def labels(self) -> dict[str, str]:
        return {str(v): label for v, label in self.model._meta.get_field(self.field).flatchoices}

    @cached_property
    def _auto_now_fields(self) -> tuple[str, ...]:
        return tuple(
            f.name for f in self.model._meta.concrete_fields if getattr(f, "auto_now", False)
        )

    def __getitem__(self, name: str) -> Move:
        return self.moves[name]

    def label(self, state: str) -> str:
        return self.labels.get(str(state), state)

    def state_of(self, subject) -> str:
        return getattr(subject, self.field)

    def moves_from(self, state: str) -> list[str]:
        return [name for name, move in self.moves.items() if move.starts_from(state)]

    def targets_from(self, state: str) -> set[str]:
        return {move.target for move in self.moves.values() if move.starts_from(state)}

    def leads(self, from_state: str, to_state: str) -> bool:
        return to_state in self.targets_from(from_state)

    def may(self, subject, name: str, *, actor) -> bool:
        move = self.moves[name]
        return move.starts_from(self.state_of(subject)) and (
            move.allowed is None or bool(move.allowed(actor, subject))
        )

    def available(self, subject, *, actor) -> list[str]:
        state = self.state_of(subject)
        return [name for name in self.moves_from(state) if self.may(subject, name, actor=actor)]

    def illegal(self, from_state: str, to_state: str) -> ServiceError:
        names = {"subject": self.model._meta.verbose_name, "from": self.label(from_state)}
        if from_state == to_state:
            return self.error(_("The %(subject)s is already “%(from)s”.") % names)
        return self.error(
            _("The %(subject)s cannot go from “%(from)s” to “%(to)s”.")
            % {**names, "to": self.label(to_state)}
        )

    def check(self, subject, name: str, *, actor) -> Move:
        """Refuse a move the map does not allow from here, or that the actor may not make."""
        move = self.moves[name]
        state = self.state_of(subject)
        if not move.starts_from(state):
            raise self.illegal(state, move.target)
        if move.allowed is not None and not move.allowed(actor, subject):
            raise self.error(move.refusal or _("You may not do this."))
        return move

    def lock(self, pk, *, queryset: models.QuerySet | None = None):
        """The subject, re-read under a row lock; call inside transaction.atomic()."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.lock() needs transaction.atomic()")
        queryset = self.model._default_manager.all() if queryset is None else queryset
        try:
            return queryset.select_for_update(of=("self",)).get(pk=pk)
        except self.model.DoesNotExist:
            raise self.error(
                _("This %(subject)s no longer exists.") % {"subject": self.model._meta.verbose_name}
            ) from None

    def begin(self, pk, name: str, *, actor, queryset: models.QuerySet | None = None):
        """Lock the subject, then check the map and the actor's right to make the move."""
        subject = self.lock(pk, queryset=queryset)
        self.check(subject, name, actor=actor)
        return subject

    def finish(self, subject, name: str, *, actor, note: str = "", fields: Iterable[str] = ()):
        """Set the new state, save it with `fields`, write the audit entry; return the entry.

        Precondition: `subject` came from begin() (or lock() and check()) in this transaction.
        """
        move = self.moves[name]
        from_state = self.state_of(subject)
        if not move.starts_from(from_state):
            raise self.illegal(from_state, move.target)
        setattr(subject, self.field, move.target)
        subject.save(
            update_fields=list(dict.fromkeys([self.field, *self._auto_now_fields, *fields]))
        )
        if not move.audit:
            return None
        return record_audit(
            subject=subject,
            actor=actor,
            action=name,
            from_state=from_state,
            to_state=move.target,
            note=note,
        )

    def run(
        self,
        pk,
        name: str,
        *,
        actor,
        note: str = "",
        queryset: models.QuerySet | None = None,
        prepare: Callable[[models.Model], Iterable[str] | None] | None = None,
    ):
        """A whole move in its own transaction; `prepare(subject)` does the move's own work on
        the locked subject and returns the further fields to save."""
        with transaction.atomic():
            subject = self.begin(pk, name, actor=actor, queryset=queryset)
            fields = (prepare(subject) or ()) if prepare else ()
            self.finish(subject, name, actor=actor, note=note, fields=fields)
        return subject
