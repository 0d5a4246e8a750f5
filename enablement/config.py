"""Configuration in layers: defaults, instance/config.py, the environment, then test overrides.

Nothing is read at import time; `load_config` runs inside create_app().
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

MEGABYTE = 1024 * 1024


class Defaults:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session; pages left open stay usable
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS (SESSION_COOKIE_SECURE=1); sends HSTS
    # Where people reach the hub, e.g. https://hub.example.com: every absolute link (the API's
    # `url`s, Atom feeds, emails) is built from it, never from the request's Host header. Unset:
    # http://SERVER_NAME if that is set, else http://127.0.0.1:PORT (the embedded default).
    PUBLIC_URL = ""
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    BOOTSTRAP_SERVE_LOCAL = True
    MAX_UPLOAD_MB = 25
    # Sign-in throttling (enablement/auth/throttle.py explains the layers).
    LOGIN_FREE_FAILURES = 5  # per email and source, before each further failure doubles the wait
    LOGIN_ACCOUNT_FREE_FAILURES = 20  # per email from every source, before new sources wait
    LOGIN_BACKOFF_SECONDS = 30  # the first wait
    LOGIN_BACKOFF_MAX_SECONDS = 900  # the longest
    LOGIN_FAILURE_WINDOW_MINUTES = 60  # failures are forgotten this long after the last one
    LOGIN_KNOWN_SOURCE_DAYS = 90  # a source the user signed in from counts as theirs this long
    # Failed sign-ins per source address for accounts it never signed in to (Flask-Limiter).
    LOGIN_RATE_LIMIT = "100 per hour"
    RATELIMIT_STORAGE_URI = "memory://"  # per process; redis://… to share across hosts
    RATELIMIT_ENABLED = True  # set explicitly: Flask-Limiter would carry one app's off to the next
    SHOWN_ONCE_MINUTES = 10  # a generated password or token waits this long to be shown
    SEARCH_WRITER_TIMEOUT = 2.0  # seconds to wait for the index lock, then leave work in the outbox
    # Web processes apply search changes right after their commit. Turn off in a deployment with a
    # worker process (it becomes the only index writer; web hosts may then mount the index
    # read-only).
    SEARCH_DRAIN_IN_WEB = True
    SEARCH_MAX_LAG = 300  # seconds a change may wait for the index before /healthz is "degraded"
    # The worker writes a heartbeat this often; pages call it down after WORKER_MAX_SILENCE.
    WORKER_HEARTBEAT_EVERY = 15.0
    WORKER_MAX_SILENCE = 90.0
    PER_PAGE = 20
    TRUSTED_PROXIES = 0
    # Industry news (shared/POLLER.md has where these numbers come from).
    NEWS_ALLOW_PRIVATE_NETWORKS = False  # let the poller reach loopback and private addresses
    NEWS_ALLOWED_NETWORKS: tuple[str, ...] = ()  # CIDRs reachable even when private ones aren't
    NEWS_CONNECT_TIMEOUT = 5.0  # seconds
    NEWS_READ_TIMEOUT = 15.0
    NEWS_TOTAL_TIMEOUT = 30.0  # per feed, redirects included
    NEWS_MAX_BYTES = 10 * MEGABYTE  # after decompression
    NEWS_MAX_REDIRECTS = 5
    NEWS_MAX_ENTRIES = 200  # per fetch, newest first
    NEWS_POLL_WORKERS = 8
    NEWS_DEFAULT_INTERVAL_MINUTES = 60
    NEWS_RETENTION_DAYS = 90  # older items are purged unless pinned or annotated
    NEWS_TOMBSTONE_DAYS = 400  # how long keys of purged items are remembered
    NEWS_LOOP_MAX_SLEEP = 60.0  # `news poll --loop` looks at feeds.yml and the schedule this often
    NEWS_DIGEST_DAYS = 7
    NEWS_DIGEST_PER_MARKET = 20
    NEWS_CONTACT_URL = ""  # sent in the poller's User-Agent: EnablementHub/x (+URL)
    # Email (requesters are told when their content is published). No MAIL_SERVER, no email.
    MAIL_SERVER = ""
    MAIL_PORT = 587  # the submission port; STARTTLS below
    MAIL_USERNAME = ""  # log in only when set
    MAIL_PASSWORD = ""  # nosec B105 - empty default; the real one comes from the environment
    MAIL_USE_TLS = True
    MAIL_FROM = ""  # e.g. "Enablement Hub <hub@example.com>"; enablement-hub@localhost if unset
    MAIL_TIMEOUT = 10.0  # seconds; mail is sent after the commit, inside the request
    # The weekly email reps opt in to (enablement/weekly/): sent by the worker from this weekday
    # and hour (UTC) on, once per person per week; unsubscribe links in it work this many days.
    WEEKLY_EMAIL_WEEKDAY = "monday"
    WEEKLY_EMAIL_HOUR = 7
    WEEKLY_EMAIL_LINK_DAYS = 90
    WEEKLY_EMAIL_MAX_ITEMS = 10  # per section (news, assets); the rest is a link to the hub
    # Shares (enablement/shares/): what buyers see and how their reading is counted.
    SHARE_COMPANY_NAME = "Enablement Hub"  # shown at the top of every buyer page
    SHARE_COMPANY_LOGO = ""  # a PNG/SVG/JPEG file's path; none: the name alone
    SHARE_BEACON_RATE_LIMIT = "600 per minute"  # per source address (Flask-Limiter)
    SHARE_PASSCODE_RATE_LIMIT = "100 per hour"  # passcode and email gate posts, per source
    SHARE_RETURN_MINUTES = 30  # a view this long after the last activity is a return visit
    SHARE_NOTIFY_MINUTES = 60  # at most one "came back" notice per share this often
    SHARE_ACTIVITY_RETENTION_DAYS = 365  # older visits, time and downloads are forgotten
    CURRENCY = "USD"  # ISO 4217 code of every amount (wins); shown by enablement/money.py
    # Webhooks (enablement/webhooks/delivery.py explains the schedule and the checks).
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False  # let receivers be on loopback and private addresses
    WEBHOOKS_RETRY_BASE_SECONDS = 30.0  # the first wait after a failed try; each next one doubles
    WEBHOOKS_RETRY_HOURS = 24.0  # how long a delivery is tried; then its receiver may be disabled
    WEBHOOKS_CONNECT_TIMEOUT = 5.0  # seconds
    WEBHOOKS_READ_TIMEOUT = 10.0
    WEBHOOKS_TOTAL_TIMEOUT = 15.0  # per try
    WEBHOOKS_MAX_RESPONSE_BYTES = 64 * 1024  # of a receiver's answer read (an excerpt is kept)
    WEBHOOKS_WEB_RETRY_EVERY = 30.0  # seconds: without a worker, how often web looks for retries
    # Slack (README: "Slack"). No signing secret, no slash command or unfurls.
    SLACK_SIGNING_SECRET = ""  # nosec B105 - empty default; the real one comes from the environment
    SLACK_BOT_TOKEN = ""  # nosec B105 - empty default (xoxb-…: users.info and chat.unfurl)
    SLACK_WEBHOOK_URL = ""  # an incoming webhook: new assets and pinned talking points, all markets
    SLACK_API_URL = "https://slack.com/api"
    SLACK_USER_CACHE_SECONDS = 3600  # how long a Slack user's hub account is remembered
    # Single sign-on (OpenID Connect): set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET
    # to show "Sign in with <OIDC_PROVIDER_NAME>" on /login. README "Single sign-on" has more.
    OIDC_ISSUER = ""
    OIDC_CLIENT_ID = ""
    OIDC_CLIENT_SECRET = ""  # nosec B105 - empty default; the real one comes from the environment
    OIDC_SCOPES = "openid email profile"
    OIDC_PROVIDER_NAME = "single sign-on"  # e.g. Okta, Microsoft, Google
    OIDC_ALLOWED_DOMAINS = ""  # comma-separated email domains; empty lets any domain in
    OIDC_ROLE_CLAIM = "groups"  # the ID token claim listing the user's groups
    OIDC_ROLE_MAP = ""  # "Provider Group=admin, Other Group=marketing" (SCIM groups use it too)
    OIDC_DEFAULT_ROLE = "rep"  # for a new user none of whose groups gives a role
    OIDC_LINK_EXISTING = False  # let SSO take over a local account with the same verified email
    OIDC_CLOCK_SKEW = 60  # seconds of leeway on exp/iat
    LOCAL_LOGIN = True  # False: only BREAK_GLASS_ADMINS may sign in with a password
    BREAK_GLASS_ADMINS = ""  # comma-separated emails of admins kept on password sign-in
    AUDIT_RETENTION_DAYS = 365  # the worker drops older audit events daily; 0 keeps them all


ENVIRONMENT_KEYS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "FEEDS_FILE": str,
    "SEARCH_INDEX_DIR": str,
    "UPLOAD_DIR": str,
    "MAX_UPLOAD_MB": int,
    "SESSION_COOKIE_SECURE": lambda v: v.lower() in {"1", "true", "yes"},
    "PUBLIC_URL": str,
    # Number of proxies in front of the hub whose X-Forwarded-* headers are trusted (0: none).
    "TRUSTED_PROXIES": int,
    "RATELIMIT_STORAGE_URI": str,
    "LOGIN_RATE_LIMIT": str,
    "SEARCH_DRAIN_IN_WEB": lambda v: v.lower() in {"1", "true", "yes"},
    "NEWS_ALLOW_PRIVATE_NETWORKS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": lambda v: v.lower() in {"1", "true", "yes"},
    "MAIL_FROM": str,
    "CURRENCY": lambda v: v.strip().upper(),
    "WEEKLY_EMAIL_WEEKDAY": lambda v: v.strip().lower(),
    "WEEKLY_EMAIL_HOUR": int,
    "WEEKLY_EMAIL_LINK_DAYS": int,
    "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": lambda v: v.lower() in {"1", "true", "yes"},
    "SLACK_SIGNING_SECRET": str,
    "SLACK_BOT_TOKEN": str,
    "SLACK_WEBHOOK_URL": str,
    "SLACK_API_URL": str,
    "AUDIT_RETENTION_DAYS": int,
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_SCOPES": str,
    "OIDC_PROVIDER_NAME": str,
    "OIDC_ALLOWED_DOMAINS": str,
    "OIDC_ROLE_CLAIM": str,
    "OIDC_ROLE_MAP": str,
    "OIDC_DEFAULT_ROLE": str,
    "OIDC_LINK_EXISTING": lambda v: v.lower() in {"1", "true", "yes"},
    "LOCAL_LOGIN": lambda v: v.lower() in {"1", "true", "yes", "on"},
    "BREAK_GLASS_ADMINS": str,
    "SHARE_COMPANY_NAME": str,
    "SHARE_COMPANY_LOGO": str,
    "SHARE_BEACON_RATE_LIMIT": str,
    "SHARE_ACTIVITY_RETENTION_DAYS": int,
}


def load_config(app: Flask, overrides: dict | None = None) -> None:
    """Fill app.config from every layer and resolve paths into the instance folder."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, convert in ENVIRONMENT_KEYS.items():
        if os.environ.get(key):
            app.config[key] = convert(os.environ[key])
    app.config.update(overrides or {})

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("DATABASE_URL", f"sqlite:///{instance / 'enablement.sqlite3'}")
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", app.config["DATABASE_URL"])
    app.config.setdefault("SEARCH_INDEX_DIR", str(instance / "search-index"))
    app.config.setdefault("UPLOAD_DIR", str(instance / "uploads"))
    app.config.setdefault("SHARE_PAGE_CACHE_DIR", str(instance / "share-pages"))
    app.config.setdefault("FEEDS_FILE", str(Path(app.root_path).parent / "feeds.yml"))
    app.config["MAX_CONTENT_LENGTH"] = (app.config["MAX_UPLOAD_MB"] + 1) * MEGABYTE
    app.config["PUBLIC_URL"] = _public_url(app.config)
    _check_weekly_email(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")


def _public_url(config) -> str:
    """The hub's address, scheme and host (and port) only, without a trailing slash."""
    configured = (config.get("PUBLIC_URL") or "").strip().rstrip("/")
    if not configured:
        if config.get("SERVER_NAME"):
            return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
        return f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    parts = urlsplit(configured)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or \
            parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"PUBLIC_URL must be the hub's address, like https://hub.example.com "
                         f"(scheme and host, no path), not {configured!r}")
    return configured


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _check_weekly_email(config) -> None:
    """A mistyped day or hour would silently never send: refuse to start instead."""
    if config.get("WEEKLY_EMAIL_WEEKDAY") not in WEEKDAYS:
        raise ValueError(f"WEEKLY_EMAIL_WEEKDAY must be one of {', '.join(WEEKDAYS)}, "
                         f"not {config.get('WEEKLY_EMAIL_WEEKDAY')!r}")
    hour = config.get("WEEKLY_EMAIL_HOUR")
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
        raise ValueError(f"WEEKLY_EMAIL_HOUR must be a whole hour from 0 to 23 (UTC), "
                         f"not {hour!r}")
    days = config.get("WEEKLY_EMAIL_LINK_DAYS")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ValueError(f"WEEKLY_EMAIL_LINK_DAYS must be a whole number of days, not {days!r}")


def _instance_secret(path: Path) -> str:
    """A random key kept in the instance folder, so a fresh install needs no secret in the repo."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier, or by a process starting at the same moment
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
