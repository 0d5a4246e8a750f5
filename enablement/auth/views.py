"""Sign in and sign out."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from enablement.auth import services
from enablement.auth.forms import LoginForm
from enablement.extensions import db, login_manager
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
def load_user(user_id: str) -> User | None:
    if _bearer_token(request) is not None:
        # A request that brings a token acts as the token's user (or no one), never as the
        # browser session's: the API skips the CSRF check for bearer requests.
        return None
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user and user.active else None


@login_manager.request_loader
def load_user_from_bearer(req) -> User | None:
    """API clients sign each request with `Authorization: Bearer TOKEN`."""
    token = _bearer_token(req)
    return services.user_for_token(token) if token is not None else None


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("core.home"))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, request.remote_addr or "", current_app.config
            )
        except services.TooManyAttempts:
            db.session.commit()
            form.password.errors.append(
                "Too many failed sign-ins. Wait 15 minutes or ask an admin to reset your password."
            )
            return render_template("auth/login.html", form=form), 429
        db.session.commit()
        if user:
            login_user(user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("core.home"))
        form.password.errors.append("That email and password don't match an active account.")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@role_required("rep")
def logout():
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
