"""The moves of an application in the admin: one confirmation page per move, and their labels."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from core.audit import audit_trail

from .. import forms, services
from ..models import ChangeRequest, Move, Status

# Which form collects the input of each move, and how it becomes the service's arguments.
MOVE_FORMS = {
    Move.SUBMIT: (forms.ConfirmMoveForm, services.submit_application),
    Move.RETURN: (forms.ReasonForm, services.return_application),
    Move.RESUBMIT: (forms.ConfirmMoveForm, services.resubmit_application),
    Move.DECIDE: (forms.DecideForm, services.decide_application),
    Move.REJECT: (forms.ReasonForm, services.reject_application),
    Move.WITHDRAW: (forms.OptionalReasonForm, services.withdraw_application),
    Move.REQUEST_CHANGE: (forms.ChangeRequestForm, services.request_change),
    Move.APPROVE_CHANGE: (forms.NoteForm, services.approve_change),
    Move.REFUSE_CHANGE: (forms.ReasonForm, services.refuse_change),
    Move.REPORT: (forms.ReportForm, services.submit_report),
    Move.RETURN_REPORT: (forms.ReasonForm, services.return_report),
    Move.CONFIRM: (forms.ConfirmMoveForm, services.confirm_amount),
    Move.CLAIM: (forms.ConfirmMoveForm, services.claim_payment),
    Move.PAY: (forms.ConfirmMoveForm, services.record_payment),
}


class ApplicationMovesMixin:
    """The move pages of `ApplicationAdmin`."""

    def move_view(self, request, object_id, move):
        """Confirm one move, collect its input, call its service; refusals become messages."""
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        try:
            move = Move(move)
        except ValueError as error:
            raise Http404 from error
        change_url = reverse("admin:grants_application_change", args=[application.pk])
        form_class, service = MOVE_FORMS[move]
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    service(application_id=application.pk, actor=request.user, **form.cleaned_data)
                except services.ApplicationError as error:
                    messages.error(request, error.message)
                else:
                    application.refresh_from_db()
                    messages.success(
                        request,
                        gettext("“%(move)s” done: the application is now “%(status)s”.")
                        % {"move": move.label, "status": application.get_status_display()},
                    )
                    return redirect(change_url)
        else:
            if not services.may_make(request.user, application, move):
                messages.error(
                    request,
                    gettext("“%(move)s” is not possible for you at this stage.")
                    % {"move": move.label},
                )
                return redirect(change_url)
            form = form_class(initial=self._move_initial(application, move))
        return TemplateResponse(
            request,
            "admin/grants/application/move.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": application,
                "title": f"{move.label}: {application}",
                "move": move,
                "form": form,
                "change_url": change_url,
                "pending_change": application.change_requests.filter(
                    outcome=ChangeRequest.Outcome.PENDING
                ).first(),
                "remaining": services.remaining_balance(
                    program=application.program, municipality_id=application.municipality_id
                ),
            },
        )

    def _move_initial(self, application, move):
        if move == Move.DECIDE:
            return {"granted_amount": application.requested_amount}
        return {}


def move_label(action: str) -> str:
    if action in Move.values:
        return Move(action).label
    if action == services.REMINDER_ACTION:
        return gettext("Completion report overdue")
    return gettext("Edited") if action == "edit" else action


def status_label(state: str) -> str:
    return Status(state).label if state in Status.values else (state or "—")


def audit_entries(application, *, limit: int | None = None) -> list[dict]:
    """The application's audit trail with moves and statuses in words."""
    entries = audit_trail(application)
    if limit is not None:
        entries = entries[:limit]
    return [
        {
            "created_at": entry.created_at,
            "actor": entry.actor,
            "action": move_label(entry.action),
            "from_state": status_label(entry.from_state),
            "to_state": status_label(entry.to_state),
            "note": entry.note,
        }
        for entry in entries
    ]
