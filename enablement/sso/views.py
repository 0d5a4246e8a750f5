"""Sign in with the company's identity provider: /login/sso sends the browser there, and
/login/sso/callback takes it back and signs the person in (or says why not)."""

from __future__ import annotations

import requests
from authlib.integrations.base_client import OAuthError
from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import login_user
from joserfc.errors import JoseError

from enablement.audit.log import record
from enablement.auth import hooks
from enablement.auth.forms import LoginForm
from enablement.auth.login_page import render_login
from enablement.extensions import db
from enablement.routing import absolute_url
from enablement.security import is_safe_next, public
from enablement.sso import client, services

bp = Blueprint("sso", __name__)

NEXT_KEY = "_sso_next"
ID_TOKEN_KEY = "_sso_id_token"  # noqa: S105  # nosec B105 - a session key, not a secret
UNAVAILABLE = "The identity provider can't be reached right now. Try again in a minute."
REFUSED = "Single sign-on didn't work this time. Start again from this page."
# What can go wrong between the provider's answer and a signed-in user, none of them a 500:
# a bad or replayed state, a token the provider refuses, an ID token that fails its checks.
FLOW_ERRORS = (OAuthError, JoseError, ValueError, KeyError, TypeError, RuntimeError)


@bp.get("/login/sso")
@public
def start():
    if not client.is_configured(current_app.config):
        return _not_set_up()
    target = request.args.get("next")
    session[NEXT_KEY] = target if is_safe_next(target) else None
    try:
        client.metadata()
        response = client.provider().authorize_redirect(absolute_url(url_for("sso.callback")))
    except (requests.RequestException, ValueError) as error:
        current_app.logger.warning("sso: discovery failed: %s", error)
        return render_login(LoginForm(), 503, UNAVAILABLE)
    db.session.commit()  # the state waiting for the provider's answer
    return response


@bp.get("/login/sso/callback")
@public
def callback():
    if not client.is_configured(current_app.config):
        return _not_set_up()
    config = current_app.config
    try:
        token = client.provider().authorize_access_token(
            leeway=int(config["OIDC_CLOCK_SKEW"]), claims_options=client.claims_options(config))
        claims = token.get("userinfo")
        if not claims or not token.get("id_token"):
            raise ValueError("the provider sent no ID token")
        client.check_times(claims, int(config["OIDC_CLOCK_SKEW"]))
        user = services.sign_in(claims, client.issuer(config), config)
    except services.SsoRefused as refused:
        return _refuse(refused.reason, refused.message)
    except requests.RequestException as error:
        return _refuse(f"provider unreachable: {type(error).__name__}", UNAVAILABLE, 503)
    except FLOW_ERRORS as error:
        return _refuse(_reason(error), REFUSED)
    session[ID_TOKEN_KEY] = client.keep_id_token(token["id_token"])
    db.session.commit()
    target = session.pop(NEXT_KEY, None)
    login_user(user)
    return redirect(target if is_safe_next(target) else url_for("core.home"))


def _not_set_up():
    """The sign-in page, saying so (an old bookmark, or SSO switched off since)."""
    return render_login(LoginForm(), 200, "Single sign-on isn't set up on this hub: sign in "
                                          "with your email and password.")


def _reason(error: Exception) -> str:
    """What failed, for the audit log (a class and a short description, never a token)."""
    detail = getattr(error, "description", None) or getattr(error, "error", None) or str(error)
    return f"{type(error).__name__}: {str(detail)[:150]}"


def _refuse(reason: str, message: str, status: int = 401):
    # No rollback: the state this answer used must stay used (SsoStateCache took it).
    record("auth.login_failed", "sso", None, details={"reason": reason, "method": "sso"})
    db.session.commit()  # the audit event, and the used state stays used
    current_app.logger.info("sso: sign-in refused: %s", reason)
    return render_login(LoginForm(), status, message)


@hooks.on_logout
def end_provider_session() -> str | None:
    """RP-initiated logout, when this browser signed in through the provider and the provider
    advertises an end_session_endpoint."""
    reference = session.get(ID_TOKEN_KEY)
    if not isinstance(reference, str) or not client.is_configured(current_app.config):
        return None
    id_token = client.take_id_token(reference)
    if id_token is None:
        return None
    try:
        return client.end_session_url(id_token, absolute_url(url_for("auth.login")))
    except (requests.RequestException, ValueError, RuntimeError):
        return None
