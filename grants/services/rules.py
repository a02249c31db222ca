"""Who may make which move of an application, and the locked begin and audited end of every move."""

from core.queue import notify_on_commit

from ..models import (
    WORKFLOW,
    Application,
    ApplicationError,
    Move,
    by_applying_municipality,
)


def acts_for_municipality(user, application: Application) -> bool:
    return by_applying_municipality(user, application)


def may_make(user, application: Application, move: Move) -> bool:
    return WORKFLOW.may(application, move, actor=user)


def allowed_moves(user, application: Application) -> list[Move]:
    return [Move(name) for name in WORKFLOW.available(application, actor=user)]


def begin_move(*, application_id: int, move: Move, actor) -> Application:
    """Lock the application, then check the map and the actor's right to make the move."""
    return WORKFLOW.begin(
        application_id, move, actor=actor, queryset=Application.objects.select_related("program")
    )


def finish_move(
    application: Application, *, move: Move, actor, note: str = "", fields: tuple[str, ...] = ()
) -> Application:
    """Save the move and its audit entry, issue its notice, and tell the other side on commit."""
    entry = WORKFLOW.finish(application, move, actor=actor, note=note, fields=fields)
    # The notice a deciding move issues takes its number in this transaction (no gaps).
    from ..notices import issue_notice_for_move
    from ..tasks import notify_move

    issue_notice_for_move(application=application, move=move, actor=actor, audit_entry=entry)
    notify_on_commit(notify_move, entry.pk)
    return application


def require_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(message)
    return text
