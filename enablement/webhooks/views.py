"""Admins register webhook receivers, see what was sent to each, ping and redeliver."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from enablement.auth import shown_once
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import Role
from enablement.pagination import MAX_PAGE
from enablement.security import role_required
from enablement.web import ActionForm, show_form_errors
from enablement.webhooks import services
from enablement.webhooks.forms import EndpointForm

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")
PER_PAGE = 20
SECRET_LABEL = "Signing secret for {url}, shown once:"  # noqa: S105  # nosec B105 - a label


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    return render_template("webhooks/index.html", endpoints=services.endpoints(current_user),
                           slack_channel=bool(current_app.config.get("SLACK_WEBHOOK_URL")))


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            values = form.values()
            values.pop("active")
            endpoint, secret = services.create_endpoint(current_user, values)
        except DomainError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            if endpoint.format == "hub":
                shown_once.keep(current_user, SECRET_LABEL.format(url=endpoint.url[:200]), secret)
            db.session.commit()
            flash("Added the receiver. Send it a test ping to check it answers.", "success")
            return redirect(url_for("webhooks.edit", endpoint_id=endpoint.id))
    return render_template("webhooks/new.html", form=form), 422 if form.errors else 200


def _page() -> int:
    page = request.args.get("page", "1")
    return min(max(int(page), 1), MAX_PAGE) if page.isdigit() and len(page) < 8 else 1


@bp.route("/<int:endpoint_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(endpoint_id: int):
    endpoint = services.get_endpoint(current_user, endpoint_id)
    form = EndpointForm(obj=endpoint)
    if form.validate_on_submit():
        try:
            services.update_endpoint(current_user, endpoint, form.values())
        except DomainError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Saved the receiver.", "success")
            return redirect(url_for("webhooks.edit", endpoint_id=endpoint.id))
    page = _page()
    sent = services.deliveries(current_user, endpoint, PER_PAGE, (page - 1) * PER_PAGE)
    secret = shown_once.take(current_user)
    response = make_response(render_template(
        "webhooks/edit.html", endpoint=endpoint, form=form, deliveries=sent, page=page,
        pages=max(1, -(-sent.total // PER_PAGE)), action_form=ActionForm(), shown_once=secret,
        retry_hours=services.retry_hours()), 422 if form.errors else 200)
    db.session.commit()  # the shown secret is gone
    if secret:
        response.headers["Cache-Control"] = "no-store"
    return response


def _action(endpoint_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    return services.get_endpoint(current_user, endpoint_id)


@bp.post("/<int:endpoint_id>/ping")
@role_required(Role.ADMIN)
def ping(endpoint_id: int):
    endpoint = _action(endpoint_id)
    services.ping(current_user, endpoint)
    db.session.commit()
    flash("Queued a test ping; it is sent right away and listed below.", "success")
    return redirect(url_for("webhooks.edit", endpoint_id=endpoint.id))


@bp.post("/<int:endpoint_id>/secret")
@role_required(Role.ADMIN)
def new_secret(endpoint_id: int):
    endpoint = _action(endpoint_id)
    secret = services.new_secret(current_user, endpoint)
    shown_once.keep(current_user, SECRET_LABEL.format(url=endpoint.url[:200]), secret)
    db.session.commit()
    return redirect(url_for("webhooks.edit", endpoint_id=endpoint.id))


@bp.post("/<int:endpoint_id>/delete")
@role_required(Role.ADMIN)
def delete(endpoint_id: int):
    endpoint = _action(endpoint_id)
    url = endpoint.url
    services.delete_endpoint(current_user, endpoint)
    db.session.commit()
    flash(f"Deleted the receiver {url[:200]} and its deliveries.", "success")
    return redirect(url_for("webhooks.index"))


@bp.post("/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@role_required(Role.ADMIN)
def redeliver(endpoint_id: int, delivery_id: int):
    endpoint = _action(endpoint_id)
    services.redeliver(current_user, endpoint, delivery_id)
    db.session.commit()
    flash("Sending that delivery again, with the same id.", "success")
    return redirect(url_for("webhooks.edit", endpoint_id=endpoint.id))
