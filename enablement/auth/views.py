"""Sign in and sign out."""

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    request,
    session,
    url_for,
)
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_user, logout_user

from enablement.audit.log import record
from enablement.auth import hooks, services, throttle
from enablement.auth.forms import LoginForm
from enablement.auth.login_page import render_login
from enablement.extensions import db, limiter, login_manager
from enablement.models import User
from enablement.security import is_safe_next, public, role_required

bp = Blueprint("auth", __name__)

login_manager.session_protection = "basic"


@login_manager.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        abort(401)
    flash("Please sign in to continue.", "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


def _bearer_token(req) -> str | None:
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.lower().startswith("bearer "):
        return None
    return header[7:].strip()


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, unless the session ended: it names the user as "id:version"
    (User.get_id) and end_sessions() has raised the version since."""
    if _bearer_token(request) is not None:
        # A request that brings a token acts as the token's user (or no one), never as the
        # browser session's: the API skips the CSRF check for bearer requests.
        return None
    user_id, _, version = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or version != str(user.session_version):
        return None
    return user


@login_manager.request_loader
def load_user_from_bearer(req) -> User | None:
    """API clients sign each request with `Authorization: Bearer TOKEN`."""
    token = _bearer_token(req)
    return services.user_for_token(token) if token is not None else None


def _too_many_attempts(retry_after: int | None = None):
    form = LoginForm()
    form.password.errors = [
        "Too many failed sign-ins from here. Wait a few minutes and try again, or ask an admin "
        "to clear the lock."
    ]
    response = make_response(render_login(form)[0], 429)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.errorhandler(RateLimitExceeded)
def per_source_cap_reached(_error):
    """The per-source cap (throttle.py, layer 3) answers with the same page as a lock."""
    window = limiter.current_limit
    return _too_many_attempts(max(1, int(window.reset_at - time.time())) if window else None)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(throttle.login_rate_limit, methods=["POST"], key_func=throttle.request_source,
               exempt_when=throttle.is_known_sign_in, deduct_when=throttle.is_failed_sign_in)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("core.home"))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, throttle.request_source(),
                current_app.config,
            )
        except throttle.TooManyAttempts as refused:
            db.session.commit()  # what forget_expired() dropped
            return _too_many_attempts(refused.retry_after)
        db.session.commit()
        if user:
            login_user(user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("core.home"))
        form.password.errors.append("That email and password don't match an active account.")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_login(form, status)


@bp.route("/logout", methods=["POST"])
@role_required("rep")
def logout():
    """Signing out ends every session of the user, so a copy of this browser's cookie (or a
    session left open on another device) can't carry on."""
    services.end_sessions(current_user)
    record("auth.logout", current_user, current_user)
    onward = hooks.logout_redirect()  # e.g. the identity provider's own sign-out
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out, on this and every other device.", "info")
    return redirect(onward or url_for("auth.login"))
