"""Admins manage users, roles and API tokens."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_user
from sqlalchemy import select

from enablement.audit.log import record
from enablement.auth import services, shown_once, throttle
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import ApiToken, LoginThrottle, Role, ScimToken, User
from enablement.scim import tokens as scim_tokens
from enablement.security import role_required
from enablement.users.forms import EditUserForm, NewUserForm, ScimTokenForm, TokenForm
from enablement.web import ActionForm, show_form_errors

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _render_with_secret(template: str, status: int = 200, **context):
    """Render a page that may show a secret waiting for this browser (shown_once.py), and keep
    such a page out of every cache."""
    secret = shown_once.take(current_user)
    response = make_response(render_template(template, shown_once=secret, **context), status)
    # Taken is gone. Committed after rendering: a commit expires every loaded row, and the page
    # would then load each listed user (or token) again, one query apiece.
    db.session.commit()
    if secret:
        response.headers["Cache-Control"] = "no-store"
    return response


def _keep_own_session(user: User) -> None:
    """An admin who changed their own role or password stays signed in in this browser, with
    a session of the new version; every other session of theirs has ended."""
    if user.id == current_user.id and user.is_active:
        login_user(user)


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    users = db.session.scalars(select(User).order_by(User.role.desc(), User.name)).all()
    return _render_with_secret("users/index.html", users=users, locks=throttle.current_locks(),
                               action_form=ActionForm(), account_wide=LoginThrottle.ACCOUNT_WIDE,
                               scim_tokens=scim_tokens.all_tokens(), scim_form=ScimTokenForm())


@bp.post("/scim-tokens")
@role_required(Role.ADMIN)
def create_scim_token():
    """A bearer token for the identity provider's SCIM connector, shown once."""
    form = ScimTokenForm()
    if not form.validate_on_submit():
        abort(400)
    token, secret = scim_tokens.create_token(form.name.data or "", actor=current_user)
    shown_once.keep(current_user, f"New SCIM token \"{token.name}\", shown once:", secret)
    db.session.commit()
    return redirect(url_for("users.index"))


@bp.post("/scim-tokens/<int:scim_token_id>/revoke")
@role_required(Role.ADMIN)
def revoke_scim_token(scim_token_id: int):
    token = db.session.get(ScimToken, scim_token_id)
    if token is None or not ActionForm().validate_on_submit():
        abort(404)
    scim_tokens.revoke_token(token, actor=current_user)
    db.session.commit()
    flash(f"SCIM token \"{token.name}\" revoked: the provider's next request is refused.",
          "success")
    return redirect(url_for("users.index"))


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        password = form.password.data or services.generate_password()
        try:
            user = services.create_user(form.email.data, form.name.data, form.role.data, password,
                                        actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            if not form.password.data:
                shown_once.keep(current_user, "Their password, shown once:", password)
            db.session.commit()
            flash(f"Added {user.email} as {user.role}.", "success")
            return redirect(url_for("users.index"))
    return render_template("users/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(current_user, user, name=form.name.data, role=form.role.data,
                                 active=form.active.data)
            if form.password.data:
                services.set_password(user, form.password.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            _keep_own_session(user)
            flash(f"Saved {user.email}.", "success")
            return redirect(url_for("users.index"))
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()
    return _render_with_secret(
        "users/edit.html", 422 if form.errors else 200, user=user, form=form, tokens=tokens,
        token_form=TokenForm(), action_form=ActionForm(),
    )


@bp.post("/<int:user_id>/sign-out")
@role_required(Role.ADMIN)
def end_sessions(user_id: int):
    """Sign the user out on every device (a lost laptop, a shared cookie)."""
    user = db.session.get(User, user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.end_sessions(user)
    record("user.sessions_ended", current_user, user)
    db.session.commit()
    flash(f"Signed {user.email} out everywhere. Their API tokens still work; revoke them below "
          "if they should stop too.", "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.post("/locks/<int:lock_id>/clear")
@role_required(Role.ADMIN)
def clear_lock(lock_id: int):
    lock = db.session.get(LoginThrottle, lock_id)
    if lock is None or not ActionForm().validate_on_submit():
        abort(404)
    throttle.clear_lock(lock)
    record("auth.lock_cleared", current_user, lock.email)
    db.session.commit()
    flash(f"Cleared the sign-in lock on {lock.email}.", "success")
    return redirect(url_for("users.index"))


@bp.post("/<int:user_id>/tokens")
@role_required(Role.ADMIN)
def create_token(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    token = services.create_token(user, form.name.data or "", actor=current_user)
    shown_once.keep(current_user, f"New API token for {user.email}, shown once:", token)
    db.session.commit()
    return redirect(url_for("users.edit", user_id=user.id))


@bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def revoke_token(user_id: int, token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or not ActionForm().validate_on_submit():
        abort(404)
    services.revoke_token(token, actor=current_user)
    db.session.commit()
    flash("Token revoked: integrations using it stop working now.", "success")
    return redirect(url_for("users.edit", user_id=user_id))
