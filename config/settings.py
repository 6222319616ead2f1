"""Configuration defaults.

Every value here can be overridden by an environment variable with the prefix ``CASEWORK_``
(``CASEWORK_DATABASE_URL``, ``CASEWORK_REDIS_URL``, ``CASEWORK_SECRET_KEY`` ...). The class is
chosen by ``CASEWORK_ENV``: ``development`` (the default, so a newcomer needs no configuration),
``testing`` or ``production``.
"""
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent


class Config:
    ENV_NAME = "base"
    #: ``None`` means a SQLite file in the instance folder.
    DATABASE_URL: str | None = None
    #: ``None`` means Celery runs tasks in-process (no Redis needed).
    REDIS_URL: str | None = None
    SECRET_KEY: str | None = None
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_FROM = "casework@localhost"
    #: Where people report accessibility problems: the contact of the accessibility statement
    #: (/tillganglighet), which the law on accessible public digital services requires.
    ACCESSIBILITY_CONTACT = "tillganglighet@example.se"
    BASE_URL = "http://127.0.0.1:5000"
    #: Where the report templates and the taxonomy live.
    DOMAIN_CONFIG_DIR = str(CONFIG_DIR)
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    #: The tertial job freezes the report tables this many Swedish working days after each
    #: tertial ends (30 April, 31 August, 31 December).
    TERTIAL_JOB_WORKING_DAYS = 5
    #: When beat starts the tertial job: a crontab line ("minute hour day month weekday") in
    #: Stockholm time, or a number of seconds between runs. The job itself decides whether a
    #: tertial is due, so daily is enough.
    TERTIAL_JOB_SCHEDULE: str | int = "0 6 * * *"
    #: The Celery queue casework's tasks go to, so several installations can share one Redis.
    CELERY_QUEUE = "casework"
    #: How often beat runs the reminders' due-scan (seconds or a crontab line, as above).
    REMINDER_DISPATCH_SCHEDULE: str | int = 60
    #: When beat makes the weekly digests (Monday morning).
    REMINDER_DIGEST_SCHEDULE: str | int = "0 7 * * 1"
    #: When beat runs the retention job (casework.retention): nightly, outside office hours.
    RETENTION_JOB_SCHEDULE: str | int = "30 2 * * *"
    #: An alert missed by more than this (the workers were down) is not sent any more; the
    #: escalation of a missed deadline still goes out within the window.
    REMINDER_CATCH_UP_HOURS = 72
    #: A reminder queued or being sent this long without an answer is queued again (its worker
    #: was killed or the queue lost it). Sending twice is prevented by the reminder's status.
    REMINDER_REQUEUE_SECONDS = 300
    #: A temporary SMTP failure is retried after 1, 2, 4 ... minutes, this many times in all.
    REMINDER_MAX_ATTEMPTS = 6
    #: For how many minutes after saving a case in quick entry its registrant may take it back
    #: ("Ångra" on the confirmation); later a handler corrects or closes it.
    WITHDRAW_WINDOW_MINUTES = 5
    #: Attachments on a case (casework/attachments): at most this many per case ...
    ATTACHMENT_MAX_FILES = 10
    #: ... of at most this many megabytes (MiB) each, as uploaded.
    ATTACHMENT_MAX_MB = 10
    #: Where the files are kept: ``local`` (a folder, ``ATTACHMENT_STORAGE_DIR``) or ``s3``
    #: (an S3-compatible object store: the ``ATTACHMENT_S3_*`` settings). Either way a file is
    #: stored under a random name and handed out only by the audited download route.
    ATTACHMENT_STORAGE = "local"
    #: The folder of the ``local`` storage; ``None`` means ``attachments`` in the instance
    #: folder. It must not lie inside the static folder, which the web server hands out.
    ATTACHMENT_STORAGE_DIR: str | None = None
    #: The bucket of the ``s3`` storage (required for it), and the prefix of its keys, so that
    #: several installations can share a bucket.
    ATTACHMENT_S3_BUCKET: str | None = None
    ATTACHMENT_S3_PREFIX = ""
    #: The object store's address; ``None`` means AWS S3 itself (boto3's default).
    ATTACHMENT_S3_ENDPOINT_URL: str | None = None
    ATTACHMENT_S3_REGION: str | None = None
    #: The store's keys; ``None`` leaves them to boto3 (its environment variables, an
    #: instance role).
    ATTACHMENT_S3_ACCESS_KEY_ID: str | None = None
    ATTACHMENT_S3_SECRET_ACCESS_KEY: str | None = None
    #: The largest request body in bytes of an ordinary route; the routes that take
    #: attachments allow ``ATTACHMENT_MAX_FILES`` times ``ATTACHMENT_MAX_MB`` and 1 MiB more
    #: (casework/web/input_guard.py). A larger request is answered 413, a Swedish page, before
    #: any of it is read.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    #: ``hide_parameters``: a statement that fails is logged without its values, which can be
    #: descriptions, contact details or search text.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    #: A signed-in session ends after this many minutes without a request ...
    SESSION_IDLE_MINUTES = 30
    #: ... and this many hours after login, however busy.
    SESSION_MAX_HOURS = 12
    #: The login throttle (casework/auth/throttle.py) counts failed logins per account and
    #: client (a browser that signed in to the account before, else the client's address) and
    #: per address, each in a window of this many minutes from its first failure.
    LOGIN_THROTTLE_WINDOW_MINUTES = 15
    #: One account from one client: after this many failures each attempt waits 2, 4, 8 ...
    #: seconds (429 with Retry-After) ...
    LOGIN_THROTTLE_SLOWDOWN_AFTER = 3
    #: ... and after this many the client waits for the window to end. The account's other
    #: clients are not affected, so nobody can lock a user out from elsewhere.
    LOGIN_THROTTLE_PAIR_LIMIT = 10
    #: Failures from one address, over all accounts, before its browsers that have not signed
    #: in to the account they try wait for the window to end. Behind a proxy that is not
    #: trusted (``TRUSTED_PROXIES``) every user has the proxy's address.
    LOGIN_THROTTLE_ADDRESS_LIMIT = 50
    #: A link to set a forgotten password (casework/auth/reset.py) works once, for this many hours.
    PASSWORD_RESET_HOURS = 24
    #: Such links (and a new user's) are e-mailed from a thread of their own once the request
    #: is committed, so that the answer's time tells nothing of the mail server (nor whether a
    #: mail went out); tests send at once, to check what was sent.
    MAIL_LINKS_IN_BACKGROUND = True
    #: The follow-up question e-mailed when a klagomål with an e-mail address is closed
    #: (casework/followup) has a link that works once, for this many days.
    FOLLOW_UP_DAYS = 30
    #: Requests for a password link, counted in the login throttle's window: per address asked
    #: for (whether or not it has an account) ...
    PASSWORD_RESET_EMAIL_LIMIT = 3
    #: ... and per client address, over all addresses asked for.
    PASSWORD_RESET_CLIENT_LIMIT = 20
    #: How many reverse proxies in front of casework add to X-Forwarded-For and set
    #: X-Forwarded-Proto (Werkzeug's ProxyFix): the client's address is then the one the
    #: nearest trusted proxy saw. 0 ignores those headers, as a client can write them itself;
    #: set it to 1 behind one proxy that is the only way in, never more than there are.
    TRUSTED_PROXIES = 0
    #: The public e-service (/lamna-synpunkt, casework/public): a form sent sooner than this
    #: many seconds after it was shown is taken for a bot's and comes back with a message ...
    PUBLIC_FORM_MIN_SECONDS = 3
    #: ... and one shown longer ago than this many hours asks to be sent again (its signed
    #: start time is too old to trust).
    PUBLIC_FORM_MAX_HOURS = 24
    #: Cases the e-service takes per client address (an IPv6 address by its /64; HMAC'd, never
    #: stored as such) and per enhet, in a sliding window of PUBLIC_FORM_WINDOW_MINUTES; past
    #: either, 429 with Retry-After.
    PUBLIC_FORM_ADDRESS_LIMIT = 5
    PUBLIC_FORM_UNIT_LIMIT = 30
    PUBLIC_FORM_WINDOW_MINUTES = 60
    #: For how many minutes the receipt page (case number) can be reloaded in the browser that
    #: sent the form; nothing else ever shows it to the public.
    PUBLIC_RECEIPT_MINUTES = 30
    #: Users holding one of these roles must use a second factor (TOTP); others may.
    TOTP_REQUIRED_ROLES = ["admin"]
    #: The issuer name authenticator apps show next to the account.
    TOTP_ISSUER = "casework"
    #: Calls one API token may make per minute (casework/api/ratelimit.py), answered 429 with
    #: Retry-After beyond it.
    API_RATE_PER_MINUTE = 120
    #: How many days an API token is valid unless its maker says otherwise, and at most.
    API_TOKEN_DAYS = 90
    API_TOKEN_MAX_DAYS = 365
    #: The largest request body the API reads, in bytes (413 beyond it).
    API_MAX_BODY = 65536
    #: The weekly access-log checks (casework/logchecks): how many of an enhet's case reads
    #: of a week are sampled for review ...
    LOG_CHECK_SAMPLE_SIZE = 20
    #: ... a reader of more than this many of its cases in a week who may handle none there
    #: is flagged ...
    LOG_CHECK_MANY_READS = 15
    #: ... and so is a read outside these whole hours, local time (07:00 to 18:00), or on a
    #: weekend or a holiday of the deadline rules' calendar.
    LOG_CHECK_DAY_STARTS = 7
    LOG_CHECK_DAY_ENDS = 18
    #: A secret key may be generated and kept in the instance folder (never in production).
    GENERATE_SECRET_KEY = False


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    GENERATE_SECRET_KEY = True


class TestingConfig(Config):
    MAIL_LINKS_IN_BACKGROUND = False
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    #: Tests sign admins in without a second factor; the tests of the requirement turn it on.
    TOTP_REQUIRED_ROLES: list[str] = []


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestingConfig, ProductionConfig)}
