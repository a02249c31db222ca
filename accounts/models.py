from axes.models import AccessAttempt
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # The language of the e-mails the portal sends this person (grant notifications, ...).
    language = models.CharField(
        _("e-mail language"),
        max_length=2,
        choices=[("ja", "日本語"), ("en", "English")],
        default="ja",
    )
    # Raised to sign the account out of every browser (a lost phone, a suspected break-in).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        if self.is_staff and self.pk and self._has_participation_membership():
            # One address, one login (docs/participation.md): an organisation's login must not
            # become a staff login that carries the organisation's records into the admin.
            raise ValidationError(
                {
                    "is_staff": _(
                        "This account belongs to a participating organisation and cannot be "
                        "given staff status. Create a separate staff account instead."
                    )
                }
            )

    def _has_participation_membership(self) -> bool:
        try:
            return getattr(self, "participation_membership", None) is not None
        except ObjectDoesNotExist:
            return False

    def _get_session_auth_hash(self, secret=None):
        # Django ends every session whose stored hash no longer matches (as after a password
        # change); mixing in the generation lets a service end them all without a new password.
        # Generation 0 keeps Django's own hash, so existing sessions survive this change.
        base = super()._get_session_auth_hash(secret=secret)
        if not self.session_generation:
            return base
        return salted_hmac(
            "accounts.User.session_generation",
            f"{base}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def municipality_code(self) -> str | None:
        """The code of this staff member's municipality; None for the secretariat."""
        profile = getattr(self, "staff_profile", None)
        return profile.municipality_id if profile else None

    @property
    def municipality(self):
        """The municipality this staff member works for; None for the secretariat."""
        profile = getattr(self, "staff_profile", None)
        return profile.municipality if profile else None


class StaffProfile(models.Model):
    """Binds a staff account to the one municipality whose records it may see."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("municipality"),
        help_text=_("Leave empty for the secretariat, who work across all municipalities."),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} ({self.municipality or _('secretariat')})"


class AccessEventQuerySet(models.QuerySet):
    def older_than(self, moment):
        return self.filter(created_at__lt=moment)


class AccessEvent(models.Model):
    """One line of the access log: a sign-in, a failure, or a personal-data export."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in (password)")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SECOND_FACTOR_PASSED = "second_factor_passed", _("Authenticator code accepted")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Authenticator code refused")
        SIGNED_OUT = "signed_out", _("Signed out")
        SESSION_EXPIRED = "session_expired", _("Signed out after inactivity")
        SIGNED_OUT_EVERYWHERE = (
            "signed_out_everywhere",
            _("Signed out everywhere by the secretariat"),
        )
        LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
        UNLOCKED = "unlocked", _("Unlocked by the secretariat")
        AUTHENTICATOR_ENROLLED = "authenticator_enrolled", _("Authenticator enrolled")
        TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor reset by the secretariat")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("Personal-data export")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("user"),
    )
    # What was typed at the sign-in form, kept for failures with unknown addresses.
    username = models.CharField(_("e-mail address used"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    what = models.CharField(_("details"), max_length=255, blank=True)
    count = models.PositiveIntegerField(_("records"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or self.user_id}"


class SignInLockout(AccessAttempt):
    """The failed sign-ins django-axes counts, shown to the secretariat for unlocking."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
