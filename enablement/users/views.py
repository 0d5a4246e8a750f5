"""Admins manage users, roles and API tokens."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from enablement.auth import services
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import ApiToken, Role, User
from enablement.security import role_required
from enablement.users.forms import EditUserForm, NewUserForm, TokenForm
from enablement.web import ActionForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _apply_errors(form, error: DomainError) -> None:
    for name, message in error.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
    if not error.fields:
        flash(error.message, "danger")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    users = db.session.scalars(select(User).order_by(User.role.desc(), User.name)).all()
    return render_template("users/index.html", users=users)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        password = form.password.data or services.generate_password()
        try:
            user = services.create_user(form.email.data, form.name.data, form.role.data, password)
        except DomainError as error:
            db.session.rollback()
            _apply_errors(form, error)
        else:
            db.session.commit()
            if form.password.data:
                flash(f"Added {user.email} as {user.role}.", "success")
            else:
                flash(f"Added {user.email} as {user.role}. Their password, shown once: "
                      f"{password}", "success")
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
                services.set_password(user, form.password.data)
        except DomainError as error:
            db.session.rollback()
            _apply_errors(form, error)
        else:
            db.session.commit()
            flash(f"Saved {user.email}.", "success")
            return redirect(url_for("users.index"))
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()
    return render_template(
        "users/edit.html", user=user, form=form, tokens=tokens, token_form=TokenForm(),
        action_form=ActionForm(),
    ), 422 if form.errors else 200


@bp.post("/<int:user_id>/tokens")
@role_required(Role.ADMIN)
def create_token(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    token = services.create_token(user, form.name.data or "")
    db.session.commit()
    flash(f"New API token for {user.email}, shown once: {token}", "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def revoke_token(user_id: int, token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or not ActionForm().validate_on_submit():
        abort(404)
    services.revoke_token(token)
    db.session.commit()
    flash("Token revoked: integrations using it stop working now.", "success")
    return redirect(url_for("users.edit", user_id=user_id))
