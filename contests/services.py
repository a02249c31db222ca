"""Every rule that changes a contest entry, a review or a result."""

import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.files.base import ContentFile
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from accounts.roles import Role, has_role
from core.audit import record_audit

from .models import (
    ENTRY_TRANSITIONS,
    SINGLE_AWARDS,
    Award,
    Category,
    CategoryKind,
    Contest,
    Criterion,
    CriterionScore,
    EntrantType,
    Entry,
    EntryStatus,
    Phase,
    PublicVote,
    Review,
)

CONFIRM_SALT = "contests.entry.confirm"
VOTE_SALT = "contests.vote.confirm"
EDIT_SALT = "contests.entry.edit"
CONFIRM_MAX_AGE = 7 * 24 * 3600
PUBLISHED_IMAGE_WIDTH = 1600


class ContestError(Exception):
    """A contest rule refused the action; the message is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Signed links -------------------------------------------------------------


def confirmation_token(entry: Entry) -> str:
    return TimestampSigner(salt=CONFIRM_SALT).sign(str(entry.public_id))


def edit_token(entry: Entry) -> str:
    return TimestampSigner(salt=EDIT_SALT).sign(str(entry.public_id))


def entry_from_token(token: str, *, salt: str, max_age: int | None = None) -> Entry:
    try:
        public_id = TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    entry = Entry.objects.select_related("contest", "category").filter(public_id=public_id).first()
    if entry is None:
        raise ContestError(_("This link is not valid."))
    return entry


# --- Entries ------------------------------------------------------------------


@dataclass
class EntryFiles:
    image: ContentFile | None = None
    audio: ContentFile | None = None
    audio_seconds: int | None = None
    report_pdf: ContentFile | None = None


ENTRY_FIELDS = (
    "entrant_type",
    "entrant_name",
    "contact_person",
    "email",
    "display_name",
    "municipality",
    "is_minor",
    "guardian_name",
    "guardian_consent",
    "rights_consent",
    "licence_consent",
    "title",
    "description",
    "language",
)


def _require_entries_open(contest: Contest, now) -> None:
    if contest.phase_at(now) != Phase.ENTRIES_OPEN:
        raise ContestError(_("Entries for this contest are not open."))


def _check_entry(entry: Entry) -> None:
    if not (entry.rights_consent and entry.licence_consent):
        raise ContestError(_("Confirm that you hold the rights to the work and grant the licence."))
    if entry.is_minor and not (entry.guardian_name.strip() and entry.guardian_consent):
        raise ContestError(_("An entrant under 18 needs a guardian's name and consent."))
    if entry.entrant_type == EntrantType.SCHOOL and not entry.contact_person.strip():
        raise ContestError(_("A school entry needs a responsible teacher as contact person."))
    kind = entry.category.kind
    if kind == CategoryKind.ART and not entry.image:
        raise ContestError(_("An art work needs an image (JPEG or PNG)."))
    if kind == CategoryKind.MUSIC and not entry.audio:
        raise ContestError(_("A music work needs a recording (MP3, M4A or WAV)."))
    if kind == CategoryKind.ACTIVITY and not entry.report_pdf:
        raise ContestError(_("An activity entry needs an activity report (PDF)."))


def _attach_files(entry: Entry, files: EntryFiles) -> None:
    if files.image is not None:
        entry.image.save(files.image.name, files.image, save=False)
    if files.audio is not None:
        entry.audio.save(files.audio.name, files.audio, save=False)
        entry.audio_seconds = files.audio_seconds
    if files.report_pdf is not None:
        entry.report_pdf.save(files.report_pdf.name, files.report_pdf, save=False)


@transaction.atomic
def submit_entry(*, contest: Contest, category: Category, data: dict, files: EntryFiles) -> Entry:
    """Record a public entry; it counts only once its e-mail address is confirmed."""
    # Lock the contest row: numbers are handed out one at a time and the phase is stable.
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    _require_entries_open(contest, timezone.now())
    if category.contest_id != contest.pk:
        raise ContestError(_("Choose a category of this contest."))
    entry = Entry(contest=contest, category=category, status=EntryStatus.UNCONFIRMED)
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    _attach_files(entry, files)
    _check_entry(entry)
    last = contest.entries.aggregate(last=Max("number"))["last"] or 0
    entry.number = last + 1
    entry.save()
    record_audit(subject=entry, actor=None, action="submit", to_state=entry.status)
    _send_mail_on_commit(entry, "confirm")
    return entry


@transaction.atomic
def update_entry(*, entry: Entry, data: dict, files: EntryFiles) -> Entry:
    """The entrant's own changes through the signed edit link, until the deadline."""
    entry = Entry.objects.select_for_update().select_related("contest", "category").get(pk=entry.pk)
    _require_entries_open(entry.contest, timezone.now())
    if entry.status not in (EntryStatus.UNCONFIRMED, EntryStatus.SUBMITTED):
        raise ContestError(_("This entry can no longer be changed."))
    for name in ENTRY_FIELDS:
        if name in data and name != "email":  # the confirmed address stays the contact
            setattr(entry, name, data[name])
    _attach_files(entry, files)
    _check_entry(entry)
    entry.save()
    record_audit(subject=entry, actor=None, action="edit", to_state=entry.status)
    return entry


def _move(entry: Entry, to_status: str, *, actor, note: str = "") -> Entry:
    """Apply one move of the map; the caller holds the entry row lock."""
    if to_status not in ENTRY_TRANSITIONS[entry.status]:
        raise ContestError(
            _("An entry that is “%(from)s” cannot become “%(to)s”.")
            % {"from": EntryStatus(entry.status).label, "to": EntryStatus(to_status).label}
        )
    from_status = entry.status
    entry.status = to_status
    entry.save()
    record_audit(
        subject=entry,
        actor=actor,
        action=f"status:{to_status}",
        from_state=from_status,
        to_state=to_status,
        note=note,
    )
    return entry


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("contest", "category").get(pk=entry.pk)


@transaction.atomic
def confirm_entry(*, entry: Entry) -> Entry:
    """The entrant followed the signed e-mail link; safe to follow twice."""
    entry = _locked(entry)
    if entry.status != EntryStatus.UNCONFIRMED:
        return entry
    now = timezone.now()
    if entry.contest.phase_at(now) != Phase.ENTRIES_OPEN:
        raise ContestError(_("The deadline has passed before the e-mail address was confirmed."))
    entry.confirmed_at = now
    _move(entry, EntryStatus.SUBMITTED, actor=None, note="e-mail confirmed")
    _send_mail_on_commit(entry, "receipt")
    return entry


@transaction.atomic
def withdraw_entry(*, entry: Entry) -> Entry:
    """The entrant withdraws through the signed edit link, until the deadline."""
    entry = _locked(entry)
    _require_entries_open(entry.contest, timezone.now())
    _move(entry, EntryStatus.WITHDRAWN, actor=None, note="withdrawn by the entrant")
    _unpublish(entry)
    return entry


@transaction.atomic
def expire_unconfirmed_entries(*, contest: Contest) -> int:
    """After the deadline, entries never confirmed are withdrawn and their files deleted.

    Nobody vouched for the address, so the secretariat keeps no personal data or files of them.
    Returns how many were withdrawn; running it twice withdraws nothing more.
    """
    if contest.phase in (Phase.DRAFT, Phase.ANNOUNCED, Phase.ENTRIES_OPEN):
        return 0
    expired = 0
    for entry in contest.entries.select_for_update().filter(status=EntryStatus.UNCONFIRMED):
        for field in (entry.image, entry.audio, entry.report_pdf):
            if field:
                field.delete(save=False)
        entry.entrant_name = entry.contact_person = entry.guardian_name = ""
        entry.email = f"expired-{entry.public_id.hex}@invalid"
        _move(entry, EntryStatus.WITHDRAWN, actor=None, note="not confirmed by the deadline")
        expired += 1
    return expired


SCREENING_PHASES = (Phase.ENTRIES_OPEN, Phase.SCREENING, Phase.JUDGING)


@transaction.atomic
def screen_entry(*, entry: Entry, actor, accept: bool, reason: str = "") -> Entry:
    """The secretariat accepts or rejects an entry; a rejection states the reason."""
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat screens entries."))
    entry = _locked(entry)
    if entry.contest.phase not in SCREENING_PHASES:
        raise ContestError(_("Entries can be screened only until the results are published."))
    reason = reason.strip()
    if not accept and not reason:
        raise ContestError(_("Give the reason for the rejection; it is sent to the entrant."))
    target = EntryStatus.ACCEPTED if accept else EntryStatus.REJECTED
    entry.screening_reason = reason
    _move(entry, target, actor=actor, note=reason)
    if accept:
        _publish(entry)
    else:
        entry.is_finalist = False
        entry.award = ""
        _unpublish(entry)
    entry.save()
    _send_mail_on_commit(entry, "accepted" if accept else "rejected")
    return entry


def _publish(entry: Entry) -> None:
    """Make the public renditions: a re-encoded image and a copy of the checked audio."""
    if entry.image and not entry.published_image:
        with entry.image.open("rb") as source, Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PUBLISHED_IMAGE_WIDTH, PUBLISHED_IMAGE_WIDTH))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=85)
        entry.published_image.save(f"{entry.public_id.hex}.jpg", ContentFile(buffer.getvalue()))
    if entry.audio and not entry.published_audio:
        suffix = entry.audio.name.rsplit(".", 1)[-1]
        with entry.audio.open("rb") as source:
            entry.published_audio.save(
                f"{entry.public_id.hex}.{suffix}", ContentFile(source.read())
            )


def _unpublish(entry: Entry) -> None:
    for field in (entry.published_image, entry.published_audio):
        if field:
            field.delete(save=False)
    entry.save()


# --- Judging ------------------------------------------------------------------


def judge_can_see(*, judge, category: Category) -> bool:
    return has_role(judge, Role.JUDGE) and category.judges.filter(pk=judge.pk).exists()


def _check_judge(entry: Entry, judge) -> None:
    if not has_role(judge, Role.JUDGE):
        raise ContestError(_("Only judges score entries."))
    if not entry.category.judges.filter(pk=judge.pk).exists():
        raise ContestError(_("You are not a judge of this category."))
    if entry.contest.phase != Phase.JUDGING:
        raise ContestError(_("Scoring is possible only during the judging phase."))
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries are judged."))
    if Review.objects.filter(entry=entry, judge=judge).exists():
        raise ContestError(_("You have already scored this entry or declared a conflict."))


def weighted_score(values: dict[Criterion, int]) -> Fraction:
    """Each score as a fraction of its criterion's maximum, weighted, on a 0–100 scale."""
    total_weight = sum(criterion.weight for criterion in values)
    points = sum(
        Fraction(value, criterion.max_score) * criterion.weight
        for criterion, value in values.items()
    )
    return points * 100 / total_weight


@transaction.atomic
def submit_review(*, entry: Entry, judge, scores: dict[int, int], comment: str = "") -> Review:
    """A judge scores every criterion of the entry's rubric, once."""
    entry = _locked(entry)
    _check_judge(entry, judge)
    criteria = list(entry.category.criteria.all())
    if not criteria:
        raise ContestError(_("This category has no criteria to score yet."))
    values: dict[Criterion, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= value <= criterion.max_score:
            raise ContestError(
                _("Score “%(name)s” from 0 to %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
        values[criterion] = value
    score = Decimal(float(weighted_score(values))).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                entry=entry, judge=judge, comment=comment.strip(), weighted_score=score
            )
    except IntegrityError as exc:
        raise ContestError(_("You have already scored this entry or declared a conflict.")) from exc
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion=criterion, value=value)
        for criterion, value in values.items()
    )
    record_audit(subject=entry, actor=judge, action="review", note=f"{score}")
    return review


@transaction.atomic
def declare_conflict(*, entry: Entry, judge, comment: str = "") -> Review:
    """The judge steps aside from this entry; their (absent) score never counts."""
    entry = _locked(entry)
    _check_judge(entry, judge)
    review = Review.objects.create(
        entry=entry, judge=judge, conflict_of_interest=True, comment=comment.strip()
    )
    record_audit(subject=entry, actor=judge, action="conflict_of_interest")
    return review


# --- Results ------------------------------------------------------------------


@dataclass
class RankedEntry:
    entry: Entry
    mean: Decimal | None
    scored_by: int
    expected: int
    rank: int | None = None
    public_votes: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.scored_by, 0)


def rank_category(category: Category) -> list[RankedEntry]:
    """Accepted entries by the mean over judges of their weighted scores.

    Tie rule: equal means (to 4 decimals) share a rank and the next rank is skipped
    (1, 2, 2, 4); entries nobody has scored come last, unranked. Awards are the
    secretariat's decision, so a tie is resolved by the jury, not by the software.
    """
    judge_ids = set(category.judges.values_list("pk", flat=True))
    entries = list(
        category.entries.accepted().select_related("contest").prefetch_related("reviews")
    )
    ranked = []
    for entry in entries:
        reviews = list(entry.reviews.all())
        conflicts = {r.judge_id for r in reviews if r.conflict_of_interest}
        scores = [r.weighted_score for r in reviews if not r.conflict_of_interest]
        expected = len(judge_ids - conflicts)
        mean = (
            (sum(scores) / len(scores)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            if scores
            else None
        )
        ranked.append(RankedEntry(entry=entry, mean=mean, scored_by=len(scores), expected=expected))
    ranked.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.entry.number))
    previous_mean, previous_rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.mean is None:
            continue
        row.rank = previous_rank if row.mean == previous_mean else position
        previous_mean, previous_rank = row.mean, row.rank
    return ranked


def _require_secretariat_before_results(entry_or_contest, actor) -> None:
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat decides finalists and awards."))
    contest = getattr(entry_or_contest, "contest", entry_or_contest)
    if contest.phase != Phase.JUDGING:
        raise ContestError(_("Finalists and awards are decided during the judging phase."))


@transaction.atomic
def set_finalist(*, entry: Entry, actor, finalist: bool) -> Entry:
    entry = _locked(entry)
    _require_secretariat_before_results(entry, actor)
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries can be finalists or receive awards."))
    entry.is_finalist = finalist
    entry.save()
    record_audit(subject=entry, actor=actor, action="finalist" if finalist else "not_finalist")
    return entry


@transaction.atomic
def assign_award(*, entry: Entry, actor, award: str) -> Entry:
    """Give (or with "" take back) an award; one グランプリ and one 準グランプリ per category."""
    # Lock the category first: two secretaries must not give two grand prix at once.
    Category.objects.select_for_update().get(pk=entry.category_id)
    entry = _locked(entry)
    _require_secretariat_before_results(entry, actor)
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries can be finalists or receive awards."))
    if award and award in SINGLE_AWARDS:
        taken = (
            Entry.objects.filter(category_id=entry.category_id, award=award)
            .exclude(pk=entry.pk)
            .exists()
        )
        if taken:
            raise ContestError(
                _("“%(award)s” is already given in this category.") % {"award": Award(award).label}
            )
    previous = entry.award
    entry.award = award
    entry.save()
    record_audit(subject=entry, actor=actor, action="award", from_state=previous, to_state=award)
    return entry


@transaction.atomic
def publish_results(*, contest: Contest, actor) -> Contest:
    """Make results and awards public now."""
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat publishes results."))
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.phase != Phase.JUDGING:
        raise ContestError(_("Results can be published only at the end of the judging phase."))
    if not contest.entries.exclude(award="").exists():
        raise ContestError(_("Assign at least one award before publishing the results."))
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    record_audit(subject=contest, actor=actor, action="publish_results", to_state=Phase.RESULTS)
    return contest


# --- Public vote --------------------------------------------------------------


def vote_token(vote: PublicVote) -> str:
    return TimestampSigner(salt=VOTE_SALT).sign(str(vote.pk))


def vote_from_token(token: str) -> PublicVote:
    try:
        pk = TimestampSigner(salt=VOTE_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    vote = PublicVote.objects.select_related("entry__contest").filter(pk=pk).first()
    if vote is None:
        raise ContestError(_("This link is not valid."))
    return vote


def _require_voting(entry: Entry) -> None:
    if entry.contest.phase != Phase.JUDGING or entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Public voting is open only while the judges are at work."))


@transaction.atomic
def cast_vote(*, entry: Entry, email: str) -> PublicVote:
    """Record a vote waiting for e-mail confirmation; one per address per category."""
    # Lock the category: two votes from one address at once must not both pass the check.
    Category.objects.select_for_update().get(pk=entry.category_id)
    entry = Entry.objects.select_related("contest").get(pk=entry.pk)
    _require_voting(entry)
    email = email.strip().lower()
    if PublicVote.objects.filter(category_id=entry.category_id, email=email).exists():
        raise ContestError(_("This e-mail address has already voted in this category."))
    vote = PublicVote.objects.create(
        category_id=entry.category_id,
        entry=entry,
        email=email,
        language=(get_language() or "ja")[:2],
    )
    vote_id = vote.pk
    from .tasks import send_vote_mail

    transaction.on_commit(lambda: send_vote_mail.delay(vote_id))
    return vote


@transaction.atomic
def confirm_vote(*, vote: PublicVote) -> PublicVote:
    vote = PublicVote.objects.select_for_update().select_related("entry__contest").get(pk=vote.pk)
    if vote.confirmed_at is None:
        _require_voting(vote.entry)
        vote.confirmed_at = timezone.now()
        vote.save(update_fields=["confirmed_at"])
    return vote


# --- Mail ---------------------------------------------------------------------


def _send_mail_on_commit(entry: Entry, kind: str) -> None:
    from .tasks import send_entry_mail

    entry_id = entry.pk
    transaction.on_commit(lambda: send_entry_mail.delay(entry_id, kind))
