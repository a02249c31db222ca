"""Who may make which move of an application, and the locked begin and audited end of every move."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role, is_secretariat
from core.audit import record_audit

from ..models import MUNICIPALITY, SECRETARIAT, WORKFLOW, Application, Move, moves_from


class ApplicationError(Exception):
    """A move refused by the rules; the message is translated and safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def acts_for_municipality(user, application: Application) -> bool:
    return (
        has_role(user, Role.MUNICIPAL_STAFF)
        and user.municipality_code is not None
        and user.municipality_code == application.municipality_id
    )


def may_make(user, application: Application, move: Move) -> bool:
    sources, _target, who = WORKFLOW[move]
    if application.status not in sources:
        return False
    if who == SECRETARIAT:
        return is_secretariat(user)
    return acts_for_municipality(user, application)


def allowed_moves(user, application: Application) -> list[Move]:
    return [move for move in moves_from(application.status) if may_make(user, application, move)]


def begin_move(*, application_id: int, move: Move, actor) -> Application:
    """Lock the application, then check the map and the actor's right to make the move."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=application_id)
    )
    sources, _target, who = WORKFLOW[move]
    if application.status not in sources:
        raise ApplicationError(
            _("“%(move)s” is not possible while the application is “%(status)s”.")
            % {"move": move.label, "status": application.get_status_display()}
        )
    if who == SECRETARIAT and not is_secretariat(actor):
        raise ApplicationError(_("Only the secretariat may do this."))
    if who == MUNICIPALITY and not acts_for_municipality(actor, application):
        raise ApplicationError(_("Only staff of the applying municipality may do this."))
    return application


def finish_move(
    application: Application, *, move: Move, actor, note: str = "", fields: tuple[str, ...] = ()
) -> Application:
    from_state = application.status
    application.status = WORKFLOW[move][1]
    application.save(update_fields=["status", "updated_at", *fields])
    entry = record_audit(
        subject=application,
        actor=actor,
        action=move.value,
        from_state=from_state,
        to_state=application.status,
        note=note,
    )
    # The notice a deciding move issues takes its number in this transaction (no gaps).
    from ..notices import issue_notice_for_move
    from ..tasks import notify_move

    issue_notice_for_move(application=application, move=move, actor=actor, audit_entry=entry)
    transaction.on_commit(lambda: notify_move.delay(entry.pk))
    return application


def require_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(message)
    return text
