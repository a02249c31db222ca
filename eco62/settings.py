"""Settings for ECO Net Tokyo 62, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# The embedded database, collected static files and uploads live here unless set one by one;
# core creates the folders the embedded default writes to when it starts (core.apps).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

# With nothing configured (a laptop) the portal runs in DEBUG with embedded defaults; as soon as
# a DATABASE_URL is given, DEBUG is off unless asked for, and the production values are required.
DEBUG = env.bool("DEBUG", default=not env.str("DATABASE_URL", default=""))

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL")
if not DEBUG:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "DEBUG is off, so these environment variables are required: "
            + ", ".join(missing)
            + ". Set them (see .env.example) or run with DEBUG=true on a laptop."
        )

SECRET_KEY = env.str("SECRET_KEY", default="insecure-embedded-key-for-laptops-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so translated fields show there.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # django-ninja only for its static files: the API docs' Swagger UI is served from here.
    "ninja",
    # Staff sign-in security: TOTP authenticators, recovery codes, sign-in throttling.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "accounts",
    "municipalities",
    "news",
    "academy",
    "grants",
    "events",
    "offsets",
    "contests",
    "emissions",
    "participation",
    "initiatives",
    "budget",
    "library",
    "newsletter",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.pagecache.AnonymousPageCacheMiddleware",
    # Inside the page cache, so a cached page is kept compressed and never compressed again.
    # Django's gzip pads each response at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffSignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After every middleware that shapes the page (language, user, headers), before any view.
    "core.middleware.RejectNullCharactersMiddleware",
    # A view stopped by a failing part (the cache a rate limit needs) answers 503, try again.
    "core.middleware.ServiceUnavailableMiddleware",
    # Last, as django-axes requires: it turns a flagged sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eco62.urls"
WSGI_APPLICATION = "eco62.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'eco62.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, sessions, Celery broker --------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="eco62"),
            # An unreachable Redis must cost a page a second at most, not the system's minutes.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# While Redis is unreachable (core.cache) pages are built without the cache; a process asks
# again after this many seconds, and logs the outage at most once per the second interval.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
CACHE_OUTAGE_LOG_SECONDS = env.float("CACHE_OUTAGE_LOG_SECONDS", default=60.0)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Nothing in the portal waits for a task's return value (the job rows are the record), so no
# result is stored and sending a task touches the broker alone: with Redis unreachable it
# fails in a second instead of retrying the result store for twenty (core.leases). A test
# that reads a result asks for it with apply_async(..., ignore_result=False).
CELERY_TASK_IGNORE_RESULT = True
# Without Redis (a laptop), jobs still complete: they run in the calling process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose pool process died (killed, out of memory) goes back to the queue at once
# instead of being acknowledged as failed; every task here is safe to run twice.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Auth ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins while an account or address is locked; must come first.
    "accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor sign-in (TOTP authenticator app) for every staff account. Staff who enrolled an
# authenticator always need it; this setting makes enrolment compulsory for all staff.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "ECO Net Tokyo 62"
# Superusers see django-otp's device lists; never the secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sign-in throttling (django-axes): after this many failures for one account or from one
# address, sign-in is refused for the lockout period (or until the secretariat unlocks it).
# Failures are counted in the database, so a Redis outage neither breaks nor unlocks sign-in.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.signin.normalized_username"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The portal keeps its own access log (accounts.AccessEvent); axes only counts failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Signed-in sessions end when the browser closes, after this many idle minutes, and at
# most twelve hours after sign-in; a password change signs the account out everywhere.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = 60 * 60 * 12
# Sign-ins, failures and personal-data exports are kept this long, then purged nightly.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=365)

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ja",)

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Private files (grant attachments, contest originals) are never under MEDIA_URL;
# views that check permissions stream them, or, when a proxy serves files (deploy/, docker
# compose: "/_private/"), answer with X-Accel-Redirect to the proxy's internal location.
PRIVATE_FILES_ACCEL_REDIRECT = env.str("PRIVATE_FILES_ACCEL_REDIRECT", default="")
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_QUERYSTRING_AUTH = False
    PUBLIC_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "public"},
    }
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
    }
else:
    PUBLIC_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": PUBLIC_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": env.int("EMAIL_TIMEOUT", default=30),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp_options.items() if v not in (None, "")}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="ECOネット東京62 <noreply@eco62.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Sign-ins go to the portal's own access log; axes need only report problems.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; one report would fill the worker's log.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Portal -----------------------------------------------------------------
# The one rate limiter (core.ratelimit); django-axes guards the staff sign-in (AXES_* above).
# Public forms (registration, contest entry, subscription) allow this many posts
# per client address per hour before answering 429.
RATE_LIMITS = {
    "public_form": {"limit": env.int("PUBLIC_FORM_RATE_LIMIT", default=20), "seconds": 3600},
    # The organisation member sign-in: failures per e-mail typed (whether or not it has an
    # account, so the lock tells nothing) and per client address lock it for 15 minutes.
    "organisation_sign_in_account": {"limit": 5, "seconds": 15 * 60},
    "organisation_sign_in_address": {"limit": 20, "seconds": 15 * 60},
}
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (docker compose: 1).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Whole public pages are cached this long for anonymous visitors (0 turns it off); any change
# to published data invalidates them at once.
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)
# How long each process trusts the data version it last read (core.pagecache): a save in one
# process reaches the others' caches within this time.
DATA_VERSION_LOCAL_SECONDS = env.float("DATA_VERSION_LOCAL_SECONDS", default=0 if DEBUG else 1.0)
# The costly middle of public pages (lists, articles) is cached this long per data version
# (core.fragments); the page around it is rendered for every request.
PUBLIC_FRAGMENT_CACHE_SECONDS = env.int("PUBLIC_FRAGMENT_CACHE_SECONDS", default=300)
# Site search results are kept this long per query and language (0 turns it off). A change to
# published data refreshes them at once; an article whose scheduled time passes shows within this
# time. Unlike the page cache, it also serves signed-in visitors and differently spaced queries.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=300)
# /bench/floor, the cheapest page `make bench` compares pages with: served only when it runs.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)
# Registrants' personal data is anonymised this many days after their event ended.
EVENTS_ANONYMISE_AFTER_DAYS = env.int("EVENTS_ANONYMISE_AFTER_DAYS", default=180)
# Newsletter sending (docs/newsletter.md): messages per second per worker (0 = no pacing),
# deliveries per batch task, attempts before a delivery fails, soft bounces before suppression.
NEWSLETTER_MESSAGES_PER_SECOND = env.float("NEWSLETTER_MESSAGES_PER_SECOND", default=20.0)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)
# The wait after a failed attempt, four times longer after each (at most an hour): with the
# defaults an SMTP server may be down for about 80 minutes before deliveries are marked failed.
NEWSLETTER_RETRY_SECONDS = env.float("NEWSLETTER_RETRY_SECONDS", default=60.0)
# A running job (a batch of deliveries, a report build, an emissions calculation) renews its
# lease every third of this; a killed worker's job is taken up again once it ran out
# (core.leases), by the sweeps in eco62/celery.py.
JOB_LEASE_SECONDS = env.float("JOB_LEASE_SECONDS", default=30.0)
NEWSLETTER_BOUNCE_THRESHOLD = env.int("NEWSLETTER_BOUNCE_THRESHOLD", default=3)
