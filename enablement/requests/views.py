"""Content requests in the browser: asking, the list, and marketing's answer on a request's page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role
from enablement.requests import services
from enablement.requests.forms import DraftForm, LinkForm, request_form
from enablement.security import role_required
from enablement.web import ActionForm, kind_choices, show_form_errors

bp = Blueprint("requests", __name__)


@bp.route("/requests", methods=["GET", "POST"])
@role_required(Role.REP)
def index():
    form = request_form()
    status = 200
    if form.validate_on_submit():
        try:
            services.create_request(current_user, form.text.data, form.market.data,
                                            form.kind.data, form.search_query.data)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Request sent to marketing. You'll see its status here, and we'll tell you "
                  "when it's published.", "success")
            return redirect(url_for("requests.index"))
    if form.errors:
        status = 422
    mine = bool(request.args.get("mine"))
    return render_template(
        "requests/index.html", form=form, action_form=ActionForm(), mine=mine,
        requests=services.visible_requests(current_user, request.args.get("status"),
                                                   mine=mine),
        statuses=services.STATUSES, status_filter=request.args.get("status"),
    ), status


@bp.get("/requests/<int:request_id>")
@role_required(Role.REP)
def detail(request_id: int):
    content_request = services.get_request(current_user, request_id)
    link_form = draft_form = None
    if current_user.has_role(Role.MARKETING):
        link_form = LinkForm(formdata=None, data={"asset_id": content_request.asset_id or ""})
        link_form.asset_id.choices = [SelectChoice("", "Choose an asset…")] + [
            SelectChoice(str(a.id), f"{a.title} ({KINDS[a.kind].label}, {a.status})")
            for a in services.candidate_assets(content_request)
        ]
        draft_form = DraftForm(formdata=None, data={"kind": content_request.kind or ""})
        draft_form.kind.choices = kind_choices(None if content_request.kind else "Choose…")
    return render_template(
        "requests/detail.html", r=content_request, link_form=link_form, draft_form=draft_form,
        action_form=ActionForm(), statuses=services.STATUSES,
    )


def _back_to(request_id: int):
    if request.form.get("back") == "detail":
        return redirect(url_for("requests.detail", request_id=request_id))
    return redirect(url_for("requests.index"))


@bp.post("/requests/<int:request_id>/status")
@role_required(Role.MARKETING)
def change_status(request_id: int):
    content_request = services.get_request(current_user, request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.set_status(current_user, content_request, request.form.get("status", ""))
    db.session.commit()
    flash("Request updated.", "success")
    return _back_to(request_id)


@bp.post("/requests/<int:request_id>/link")
@role_required(Role.MARKETING)
def link(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = LinkForm()
    if not form.validate_on_submit():
        abort(400)
    raw = form.asset_id.data or ""
    try:
        services.link_asset(current_user, content_request,
                                    int(raw) if raw.isdigit() else None)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
    else:
        db.session.commit()
        flash("Done: the requester has been told it's published." if content_request.status
              == "done" else "Linked: the requester is told when the asset is published.",
              "success")
    return redirect(url_for("requests.detail", request_id=request_id))


@bp.post("/requests/<int:request_id>/draft")
@role_required(Role.MARKETING)
def draft(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = DraftForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        asset = services.start_draft(current_user, content_request, form.kind.data)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
        return redirect(url_for("requests.detail", request_id=request_id))
    db.session.commit()
    flash("Draft started and linked to the request. Publish it and the requester is told.",
          "success")
    return redirect(url_for("assets.edit", asset_id=asset.id))
