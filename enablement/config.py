"""Configuration in layers: defaults, then instance/config.py, then environment, then test overrides.

Nothing is read at import time; `load_config` runs inside create_app().
"""

import os
import secrets
from pathlib import Path

from flask import Flask

MEGABYTE = 1024 * 1024


class Defaults:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session; pages left open stay usable
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS (SESSION_COOKIE_SECURE=1)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    BOOTSTRAP_SERVE_LOCAL = True
    MAX_UPLOAD_MB = 25
    LOGIN_MAX_FAILURES = 5  # per email within LOGIN_FAILURE_WINDOW_MINUTES
    LOGIN_MAX_FAILURES_PER_IP = 20
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    SEARCH_WRITER_TIMEOUT = 2.0  # seconds to wait for the index lock before leaving work in the outbox
    PER_PAGE = 20


ENVIRONMENT_KEYS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "FEEDS_FILE": str,
    "SEARCH_INDEX_DIR": str,
    "UPLOAD_DIR": str,
    "MAX_UPLOAD_MB": int,
    "SESSION_COOKIE_SECURE": lambda v: v.lower() in {"1", "true", "yes"},
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
    app.config.setdefault("FEEDS_FILE", str(Path(app.root_path).parent / "feeds.yml"))
    app.config["MAX_CONTENT_LENGTH"] = (app.config["MAX_UPLOAD_MB"] + 1) * MEGABYTE
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")


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
