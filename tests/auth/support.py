"""What the sign-in, session and user-admin tests share: reading pages and cookies, addresses."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import User

WRONG_MESSAGE = "That email and password don't match an active account."
LOCKED_MESSAGE = "Too many failed sign-ins"
TOKEN = re.compile(r"ehub_[A-Za-z0-9_-]+")
SHOWN_ONCE = re.compile(r"Password \(shown once\): ([A-Za-z0-9_-]+)")
SHOWN_ONCE_ON_PAGE = re.compile(r'<code class="shown-once[^"]*">([^<]+)</code>')
HOST = "hub.test"  # the test apps' SERVER_NAME, so the cookie's domain


def user_named(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def input_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = tag and re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def from_address(address: str) -> dict:
    """Keyword arguments that make a test request come from `address`."""
    return {"environ_base": {"REMOTE_ADDR": address}}


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session", domain=HOST)
    return cookie.value if cookie else None


def copy_of_session(app, client):
    """Another browser holding a copy of `client`'s session cookie (a stolen or shared one)."""
    thief = app.test_client()
    thief.set_cookie("session", session_cookie(client), domain=HOST)
    return thief


def readable_session(app, client) -> str:
    """Everything the session cookie carries, as anyone holding it can read it: it is signed,
    not encrypted (the key only proves it wasn't changed)."""
    value = session_cookie(client)
    if value is None:
        return ""
    payload = app.session_interface.get_signing_serializer(app).loads(value)
    return json.dumps(payload, default=str)


class Clock:
    """The throttle's idea of now, moved by hand."""

    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
