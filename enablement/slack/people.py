"""Who a Slack user is in the hub: the active hub account with the email Slack has confirmed for
them (users.info, which needs the users:read and users:read.email scopes). Anyone else is no one:
they get a polite refusal and nothing from the hub.

Answers are remembered per process for SLACK_USER_CACHE_SECONDS (a refusal for a minute), so a
busy channel doesn't call users.info for every command.
"""

from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import User
from enablement.slack.client import SlackError, call

REFUSAL_SECONDS = 60.0
MAX_REMEMBERED = 10_000
_remembered: dict[tuple[str, str], tuple[float, int | None]] = {}
_lock = threading.Lock()


def forget() -> None:
    with _lock:
        _remembered.clear()


def hub_user(team_id: str, slack_user_id: str) -> User | None:
    """The hub account behind a Slack user, or None."""
    key = (team_id or "", slack_user_id or "")
    with _lock:
        until, user_id = _remembered.get(key, (0.0, None))
    if until <= time.monotonic():
        user_id = _look_up(slack_user_id)
        keep = float(current_app.config["SLACK_USER_CACHE_SECONDS"]) if user_id \
            else REFUSAL_SECONDS
        with _lock:
            if len(_remembered) >= MAX_REMEMBERED:
                _remembered.clear()
            _remembered[key] = (time.monotonic() + keep, user_id)
    user = db.session.get(User, user_id) if user_id else None
    return user if user is not None and user.active else None


def _look_up(slack_user_id: str) -> int | None:
    if not slack_user_id or len(slack_user_id) > 40:
        return None
    try:
        found = call("users.info", {"user": slack_user_id}).get("user") or {}
    except SlackError as error:
        current_app.logger.warning("slack: users.info failed: %s", error)
        return None
    if found.get("deleted") or found.get("is_bot") or found.get("is_email_confirmed") is False:
        return None
    email = ((found.get("profile") or {}).get("email") or "").strip().lower()
    if not email or len(email) > 254:
        return None
    return db.session.scalar(select(User.id).where(func.lower(User.email) == email,
                                                   User.active.is_(True)))
