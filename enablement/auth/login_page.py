"""The sign-in page, shown by password sign-in and by single sign-on when it has to say no."""

from __future__ import annotations

from flask import current_app, render_template

from enablement.auth.forms import LoginForm


def render_login(form: LoginForm, status: int = 200, sso_error: str | None = None):
    """The sign-in page: the "Sign in with …" button once single sign-on is set up, and the
    password form (folded away for the break-glass admins when LOCAL_LOGIN is off)."""
    config = current_app.config
    sso_name = config["OIDC_PROVIDER_NAME"] if config.get("OIDC_ISSUER") else None
    return render_template("auth/login.html", form=form, sso_name=sso_name, sso_error=sso_error,
                           local_login=config["LOCAL_LOGIN"]), status
