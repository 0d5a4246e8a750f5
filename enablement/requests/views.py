"""Content requests in the browser: asking, the list, a request's page with its thread, and
marketing's answer there (owner, expected date, asset, draft, status)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role
from enablement.notifications.services import mark_read_about
from enablement.requests import services
from enablement.requests.forms import (
    CommentForm,
    ConfirmDraftForm,
    DraftForm,
    LinkForm,
    PlanForm,
    request_form,
)
from enablement.security import role_required
from enablement.web import ActionForm, kind_choices, show_form_errors

bp = Blueprint("requests", __name__)


@bp.route("/requests", methods=["GET", "POST"])
@role_required(Role.REP)
def index():
    form = request_form()
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
    return _index_page(form, 422 if form.errors else 200)


def _index_page(form, status: int = 200):
    mine = bool(request.args.get("mine"))
    return render_template(
        "requests/index.html", form=form, action_form=ActionForm(), mine=mine,
        requests=services.visible_requests(current_user, request.args.get("status"), mine=mine),
        statuses=services.STATUS_LABELS, status_filter=request.args.get("status"),
    ), status


@bp.get("/requests/<int:request_id>")
@role_required(Role.REP)
def detail(request_id: int):
    content_request = services.get_request(current_user, request_id)
    if mark_read_about(current_user, url_for("requests.detail", request_id=request_id)):
        db.session.commit()  # opening the request reads what the header said about it
    return _detail_page(content_request)


def _detail_page(content_request, status: int = 200, **forms):
    """The request's page; `forms` carries a submitted form back with its errors."""
    marketing = current_user.has_role(Role.MARKETING)
    if marketing:
        link_form = forms.get("link_form") or LinkForm(
            formdata=None, data={"asset_id": content_request.asset_id or ""})
        link_form.asset_id.choices = [SelectChoice("", "No asset (unlink)" if content_request
                                                   .asset_id else "Choose an asset…")] + [
            SelectChoice(str(a.id), f"{a.title} ({KINDS[a.kind].label}, {a.status})")
            for a in services.candidate_assets(content_request)
        ]
        draft_form = DraftForm(formdata=None, data={"kind": content_request.kind or ""})
        draft_form.kind.choices = kind_choices(None if content_request.kind else "Choose…")
        plan_form = forms.get("plan_form") or PlanForm(formdata=None, data={
            "owner_id": str(content_request.owner_id or ""),
            "expected_on": content_request.expected_on.isoformat()
            if content_request.expected_on else ""})
        owners = services.marketers()
        if content_request.owner is not None and content_request.owner not in owners:
            owners.insert(0, content_request.owner)
        plan_form.owner_id.choices = [SelectChoice("", "Nobody yet")] + [
            SelectChoice(str(u.id), u.name) for u in owners]
        forms = {"link_form": link_form, "draft_form": draft_form, "plan_form": plan_form,
                 "confirm_form": forms.get("confirm_form") or ConfirmDraftForm(formdata=None),
                 "status_error": forms.get("status_error"),
                 "comment_form": forms.get("comment_form") or CommentForm(formdata=None)}
    else:
        forms = {"comment_form": forms.get("comment_form") or CommentForm(formdata=None)}
    return render_template(
        "requests/detail.html", r=content_request, action_form=ActionForm(),
        statuses=services.STATUS_LABELS, **forms,
    ), status


@bp.post("/requests/<int:request_id>/comments")
@role_required(Role.REP)
def comment(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(current_user, content_request, form.comment.data)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error, {"body": "comment"})
        else:
            db.session.commit()
            return redirect(url_for("requests.detail", request_id=request_id,
                                    _anchor="comments"))
    return _detail_page(content_request, 422, comment_form=form)


@bp.post("/requests/<int:request_id>/plan")
@role_required(Role.MARKETING)
def plan(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = PlanForm()
    if not form.validate_on_submit():
        abort(400)
    raw_owner = form.owner_id.data or ""
    try:
        services.set_owner(current_user, content_request,
                           int(raw_owner) if raw_owner.isdecimal() else raw_owner or None)
        services.set_expected_on(current_user, content_request, form.expected_on.data)
    except ValidationError as error:
        db.session.rollback()
        show_form_errors(form, error)
        return _detail_page(content_request, 422, plan_form=form)
    db.session.commit()
    flash("Owner and expected date saved.", "success")
    return redirect(url_for("requests.detail", request_id=request_id))


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
    try:
        services.set_status(current_user, content_request, request.form.get("status", ""))
    except ValidationError as error:
        db.session.rollback()
        message = " ".join(error.fields.values()) or error.message
        if request.form.get("back") == "detail":
            return _detail_page(content_request, 422, status_error=message)
        flash(message, "danger")
        return _index_page(request_form(formdata=None), 422)
    db.session.commit()
    flash(f"Request {content_request.status_label.lower()}.", "success")
    return _back_to(request_id)


@bp.post("/requests/<int:request_id>/link")
@role_required(Role.MARKETING)
def link(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = LinkForm()
    if not form.validate_on_submit():
        abort(400)
    raw = form.asset_id.data or ""
    if not raw and content_request.asset_id is None:
        flash("Choose an asset to link.", "danger")
        return redirect(url_for("requests.detail", request_id=request_id))
    try:
        services.link_asset(current_user, content_request,
                            (int(raw) if raw.isdecimal() else raw) if raw else None)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
    else:
        db.session.commit()
        flash("Unlinked." if content_request.asset_id is None else
              "Done: the requester has been told it's published." if content_request.status
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
    flash("Draft started from the request, with the rep's words in it. Write the real content, "
          "then confirm it on the request's page: it can be published after that.", "success")
    return redirect(url_for("assets.edit", asset_id=asset.id))


@bp.post("/requests/<int:request_id>/draft/confirm")
@role_required(Role.MARKETING)
def confirm_draft(request_id: int):
    content_request = services.get_request(current_user, request_id)
    form = ConfirmDraftForm()
    if form.validate_on_submit():
        try:
            asset = services.confirm_draft(current_user, content_request)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error, {"draft_confirmed": "confirmed"})
        else:
            db.session.commit()
            flash("Confirmed: the draft can be published now, and publishing it tells the "
                  "requester.", "success")
            return redirect(url_for("assets.edit", asset_id=asset.id))
    return _detail_page(content_request, 422, confirm_form=form)
