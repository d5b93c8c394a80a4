"""Settings for the coalition CRM: one module, read from the environment.

With nothing set it runs on an embedded default (SQLite, a filesystem task broker, no Redis).
`DJANGO_ENV=production` refuses to start without a secret key, allowed hosts and PostgreSQL, with
DJANGO_DEBUG on, or with the real SMS provider chosen (its default) but not configured.
Every variable read here is listed in `.env.example`.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

# What production lacks; the SMS section below adds to it, and the settings refuse to load after that.
_production_problems: list[str] = []
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        _production_problems.append("DJANGO_SECRET_KEY (at least 50 characters)")
    if not ALLOWED_HOSTS:
        _production_problems.append("DJANGO_ALLOWED_HOSTS")
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        _production_problems.append("DATABASE_URL pointing at PostgreSQL")
    if DEBUG:
        # A debug page shows settings, code and the data on the page to anyone who meets an error.
        _production_problems.append("DJANGO_DEBUG off (it is on)")
elif not SECRET_KEY:
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "development-only-key-not-secret-6f1c2b9e8a7d4c3b2a1f0e9d8c7b6a5f4e3d2c1b"  # noqa: S105

# The keys that encrypt sensitive facts in the database (coalition/fieldcrypto.py), newest first. Production
# refuses to start without them; elsewhere one is derived from the secret key.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    _production_problems.append("FIELD_ENCRYPTION_KEYS (make one with `manage.py rotate_field_keys --new-key`)")
elif not FIELD_ENCRYPTION_KEYS:
    _digest = hashlib.sha256(b"coalition field encryption\0" + SECRET_KEY.encode()).digest()
    FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_digest).decode()]

INSTALLED_APPS = [
    "coalition.admin_site.BackOfficeConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "phonenumber_field",
    "django_filters",
    "django_htmx",
    "csp",
    "coalition",
    "members",
    "leadership",
    "campaigns",
    "events",
    "messaging",
    "stories",
    "calls",
    "rest_framework",
    "drf_spectacular",
    "api",
    "reports",
    "offline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (a people page is a sixth of its size gzipped: members browse on phone data plans).
    # Below WhiteNoise, which serves static files already compressed; Django's gzip pads each answer at random
    # against BREACH, and the CSRF token is masked per response anyway.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "coalition.middleware.RequireMFAMiddleware",
    "coalition.middleware.PreferredLanguageMiddleware",
    "coalition.middleware.NoStoreWhenSignedInMiddleware",
    "coalition.middleware.RejectBadInputMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.context_processors.navigation",
                "coalition.context_processors.offline",
                "coalition.undo.undo_context",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# Services own their transactions (docs/architecture.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Behind PgBouncer in transaction mode ("transaction"), a server connection serves one transaction at a time and
# then someone else: a server-side cursor (what `.iterator()` opens for an export) would outlive it, so exports
# fetch in chunks on the client instead. Nothing else the app does keeps session state (docs/architecture.md).
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "")
if DATABASE_POOLER not in ("", "transaction"):
    raise ImproperlyConfigured("DATABASE_POOLER must be empty or 'transaction'.")
if DATABASE_URL and DATABASE_POOLER == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read replica for the statewide map, dashboards and reports (their reads may lag the primary by seconds);
# empty means they read the primary. Tests mirror it onto the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_URL and DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASE_POOLER == "transaction":
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
REPORTS_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["coalition.db.ReportsRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coalition.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email and password, no open registration (accounts are invited by staff).
ACCOUNT_ADAPTER = "coalition.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_REDIRECT_URL = "coalition:home"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth refuses a second factor while any of the account's addresses is unverified, against a stranger who
# signs up with someone else's address and locks its owner out. Sign-up is closed here (accounts are invited),
# and admins and staff must set up TOTP before anything else, while listing the email page records the address
# unverified: with allauth's default they could never finish.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Coalition CRM"
REQUIRE_MFA = env_bool("REQUIRE_MFA", PRODUCTION)

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# How long what is kept stays (coalition/retention.py; each app's retention.py lists its rules), in days; 0 keeps
# forever. Applied nightly.
RETENTION_RULES = ["coalition.retention.RULES", "members.retention.RULES", "messaging.retention.RULES"]
RETENTION_AUDIT_DAYS = int(os.environ.get("RETENTION_AUDIT_DAYS", str(7 * 365)))
RETENTION_CIRCUMSTANCES_DAYS = int(os.environ.get("RETENTION_CIRCUMSTANCES_DAYS", "365"))
RETENTION_MESSAGE_DAYS = int(os.environ.get("RETENTION_MESSAGE_DAYS", "90"))

# Forgetting a person (coalition/forget.py): each app's forget.py lists what it erases, run in this order; the
# person's own row (members) goes last, once every other app has found what it copied from it.
FORGET_STEPS = ["coalition.forget.STEPS", "messaging.forget.STEPS", "stories.forget.STEPS", "events.forget.STEPS",
                "leadership.forget.STEPS", "members.forget.STEPS"]

# Backups (coalition/backups.py): the Fernet key that encrypts them, kept off the server, and where they go.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
MEDIA_URL = "/media/"

# Email: console in development, SMTP when EMAIL_URL-like settings are given.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
# The file backend (django.core.mail.backends.filebased.EmailBackend) writes here: development and the bench.
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coalition CRM <no-reply@coalition.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set; otherwise a broker on the filesystem, so `make run`
# runs a real worker and scheduler with nothing else installed.
CELERY_DATA_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    for folder in ("out", "processed", "results", "control"):
        (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "out"),
        "data_folder_out": str(CELERY_DATA_DIR / "out"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 3600

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "coalition"}
    )
}

# In production with Redis, a signed-in request reads its session from the cache instead of a query (written to
# both, so a cache flush loses nobody's sign-in). Development and the tests keep plain database sessions.
if PRODUCTION and REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The organizer's "gone quiet" threshold, in days.
QUIET_AFTER_DAYS = int(os.environ.get("QUIET_AFTER_DAYS", "30"))

# The modules that register audience kinds with members.audiences (who a broadcast or call list reaches): code,
# not deployment configuration, so not read from the environment. The apps above members list theirs here.
AUDIENCE_MODULES = ["members.audience_kinds", "events.audiences", "campaigns.audiences"]
# No text messages in these hours, Chicago time ("21-8": from 21:00 to 08:00); empty turns them off.
_quiet = os.environ.get("SMS_QUIET_HOURS", "21-8").strip()
SMS_QUIET_HOURS: tuple[int, int] | None = (
    (int(_quiet.split("-")[0]), int(_quiet.split("-")[1])) if _quiet else None
)
# The largest people CSV an import accepts, in bytes.
PEOPLE_IMPORT_MAX_BYTES = int(os.environ.get("PEOPLE_IMPORT_MAX_BYTES", str(30 * 1024 * 1024)))

# Events and the messaging outbox.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The coalition's name, as a shared public event page names its site (og:site_name).
COALITION_NAME = os.environ.get("COALITION_NAME", "Illinois Coalition to End Permanent Punishments")
PUBLIC_RSVP_RATE_LIMIT = int(os.environ.get("PUBLIC_RSVP_RATE_LIMIT", "10"))  # RSVPs per client per minute
# The client's address behind a proxy (coalition/client_ip.py): a header the proxy sets to it, or how many proxies
# append to X-Forwarded-For. Neither: REMOTE_ADDR. django-ratelimit and allauth's sign-in limits count the same.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "coalition.client_ip.client_ip"
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_PROXY_HEADER or None
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# In production the default is the real provider, and it must be configured: a file default would mark texts
# as sent that nobody received. Any other backend there has to be named in SMS_BACKEND.
TWILIO_SMS_BACKEND = "messaging.backends.TwilioSmsBackend"
SMS_BACKEND = os.environ.get("SMS_BACKEND", "").strip() or (
    TWILIO_SMS_BACKEND if PRODUCTION else "messaging.backends.FileSmsBackend"
)
SMS_FILE_DIR = Path(os.environ.get("SMS_FILE_DIR", VAR_DIR / "sms"))
SMS_FILE_DELAY_SECONDS = float(os.environ.get("SMS_FILE_DELAY_SECONDS", "0"))
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "https://api.twilio.com")
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
if PRODUCTION and SMS_BACKEND == TWILIO_SMS_BACKEND:
    _twilio = {"TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID, "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
               "TWILIO_FROM_NUMBER": TWILIO_FROM_NUMBER}
    _production_problems.extend(
        f"{name} for the SMS provider (or another SMS_BACKEND, named explicitly)"
        for name, value in _twilio.items() if not value.strip()
    )
if _production_problems:
    raise ImproperlyConfigured("Production settings need: " + ", ".join(_production_problems) + ".")
MESSAGE_LEASE_SECONDS = int(os.environ.get("MESSAGE_LEASE_SECONDS", "300"))
MESSAGE_MAX_ATTEMPTS = int(os.environ.get("MESSAGE_MAX_ATTEMPTS", "5"))
MESSAGE_RETRY_BASE_SECONDS = int(os.environ.get("MESSAGE_RETRY_BASE_SECONDS", "60"))
# The SMS webhook must carry a `Timestamp` parameter (Unix seconds) covered by its signature; a request whose
# time is further than this from now, either way, is refused, so a captured request cannot be replayed later.
SMS_INBOUND_MAX_AGE_SECONDS = int(os.environ.get("SMS_INBOUND_MAX_AGE_SECONDS", "300"))
# The answer to a HELP text: its own words (English, Spanish), or a sentence built from the name and contacts.
COALITION_HELP_TEXT = os.environ.get("COALITION_HELP_TEXT", "")
COALITION_HELP_TEXT_ES = os.environ.get("COALITION_HELP_TEXT_ES", "")
COALITION_HELP_PHONE = os.environ.get("COALITION_HELP_PHONE", "")
COALITION_HELP_EMAIL = os.environ.get("COALITION_HELP_EMAIL", "")
# How long an existing person's "reply YES" confirmation text stays answerable.
CONSENT_REQUEST_DAYS = int(os.environ.get("CONSENT_REQUEST_DAYS", "7"))
# Broadcasts: an audience larger than this needs a second person's approval before it is sent; the postal address
# every broadcast email ends with (the law on commercial email asks for one, and people deserve to know who wrote).
BROADCAST_APPROVAL_OVER = int(os.environ.get("BROADCAST_APPROVAL_OVER", "500"))

# Host links (events/host_links.py): wrong PINs in a row before a link locks, and for how long.
HOST_LINK_PIN_TRIES = int(os.environ.get("HOST_LINK_PIN_TRIES", "10"))
HOST_LINK_LOCK_MINUTES = int(os.environ.get("HOST_LINK_LOCK_MINUTES", "30"))
# Days a device keeps what it saved for offline use (people, events, queued actions) before it wipes them.
OFFLINE_KEEP_DAYS = int(os.environ.get("OFFLINE_KEEP_DAYS", "7"))
COALITION_POSTAL_ADDRESS = os.environ.get(
    "COALITION_POSTAL_ADDRESS", "Illinois coalition, 100 Main Street, Springfield, IL 62701")
CELERY_BEAT_SCHEDULE = {
    "coalition-retention-apply": {"task": "coalition.retention_apply", "schedule": 24 * 3600.0},
    "messaging-dispatch-due": {"task": "messaging.dispatch_due", "schedule": 60.0},
    # The events services schedule reminders as RSVPs and events change; this safety net only fills gaps.
    "events-reminders-safety-net": {"task": "events.reminders_schedule_upcoming", "schedule": 600.0},
    "messaging-inbound-prune": {"task": "messaging.inbound_messages_prune", "schedule": 3600.0},
    # Starts scheduled broadcasts when their time comes and marks finished ones done.
    "messaging-broadcasts-tick": {"task": "messaging.broadcasts_tick", "schedule": 60.0},
}

# Content-Security-Policy: everything from our own origin, nothing inline, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Leadership development (leadership app): leaders quiet this long are flagged; a dismissed advancement
# suggestion is not made again for this long; resources' upload limit.
LEADERSHIP_QUIET_DAYS = int(os.environ.get("LEADERSHIP_QUIET_DAYS", "21"))
LEADERSHIP_DISMISSED_SNOOZE_DAYS = int(os.environ.get("LEADERSHIP_DISMISSED_SNOOZE_DAYS", "90"))
RESOURCE_MAX_UPLOAD_MB = int(os.environ.get("RESOURCE_MAX_UPLOAD_MB", "10"))
CELERY_BEAT_SCHEDULE |= {
    "leadership-track-milestones": {"task": "leadership.track_milestones", "schedule": 3600.0},
    "leadership-suggest-advancement": {"task": "leadership.suggest_advancement", "schedule": 3600.0},
    "leadership-flag-quiet-leaders": {"task": "leadership.flag_quiet_leaders", "schedule": 6 * 3600.0},
    "leadership-mentor-checkin-reminders": {"task": "leadership.mentor_checkin_reminders", "schedule": 3600.0},
}


# The OSDI API (api/): tokens in the OSDI-API-Token header, a rate limit per token, errors as OSDI JSON.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/min")
# Where webhook bodies say the API lives (their _links); requests answer with their own host instead.
API_PUBLIC_URL = os.environ.get("API_PUBLIC_URL", "http://127.0.0.1:8000")
WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
# A pending delivery this long past due (a lost message, a dead worker) is queued again by the sweep.
# Networks a webhook may send into besides the public internet (CIDRs, comma-separated; api/destinations.py):
# empty by default, so no hook reaches loopback, the private networks or the cloud metadata address.
WEBHOOK_ALLOWED_NETWORKS = [n.strip() for n in os.environ.get("WEBHOOK_ALLOWED_NETWORKS", "").split(",") if n.strip()]
WEBHOOK_SWEEP_AFTER_SECONDS = int(os.environ.get("WEBHOOK_SWEEP_AFTER_SECONDS", "300"))
CELERY_BEAT_SCHEDULE["api-webhooks-sweep"] = {"task": "api.webhooks_sweep", "schedule": 300.0}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {"api_token": API_RATE_LIMIT},
    "EXCEPTION_HANDLER": "api.errors.osdi_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coalition CRM OSDI API",
    "DESCRIPTION": "People, tags, taggings, events and attendances in the shape of OSDI 1.1 (HAL+JSON), as Action "
                   "Network serves them. Send a token in the OSDI-API-Token header.",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
