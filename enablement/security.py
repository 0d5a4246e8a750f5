"""Role checks, safe redirects and the security headers every response carries."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import abort, current_app
from flask_login import current_user

from enablement.models import Role

PUBLIC = "public"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def role_required(least: Role | str):
    """Let only signed-in users with at least the role `least` reach the view."""
    least = Role(least)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from enablement.extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(least):
                abort(403)
            return view(*args, **kwargs)

        wrapped.least_role = least.value
        return wrapped

    return decorator


def public(view):
    """Mark a view as reachable without signing in (the role matrix test checks every view)."""
    view.least_role = PUBLIC
    return view


def is_safe_next(target: str | None) -> bool:
    """Only local paths: one leading slash, no scheme, no host, no backslash tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


# Sent once the hub is served over HTTPS (SESSION_COOKIE_SECURE=1): browsers then refuse plain
# HTTP to it for a year, so a network attacker can't strip TLS on the next visit.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response
