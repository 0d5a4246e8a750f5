"""Publishing pages for marketing and browsing pages for everyone."""

from __future__ import annotations

import os

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from enablement.assets import attachments as files
from enablement.assets import personalise, services
from enablement.assets.forms import MergeForm, UploadForm, asset_form_class, form_values
from enablement.assets.kinds import KINDS, STAGES
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import AssetKind, AssetStatus, Attachment, Role
from enablement.models.assets import TextStatus
from enablement.security import role_required
from enablement.web import ActionForm, choices, page_number, show_form_errors

bp = Blueprint("assets", __name__, url_prefix="/assets")


def _new_form(kind: str, **kwargs):
    form = asset_form_class(kind)(**kwargs)
    form.markets.choices = choices((m.slug, m.name) for m in markets().values())
    form.stages.choices = choices(STAGES)
    return form


@bp.get("/")
@role_required(Role.REP)
def index():
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    market = request.args.get("market") or None
    status = request.args.get("status") if current_user.has_role(Role.MARKETING) else None
    if status not in {s.value for s in AssetStatus}:
        status = None
    mine = current_user.id if request.args.get("mine") else None
    page = services.list_assets(
        current_user, kind=kind, market=market, status=status, owner_id=mine,
        sort=request.args.get("sort", "updated"), page=page_number(request.args),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "assets/index.html", page=page, kind=kind, market=market, status=status, mine=mine,
        kind_counts=services.kind_counts(current_user),
        market_counts=services.facet_counts(current_user, "markets"),
    )


@bp.get("/new")
@role_required(Role.MARKETING)
def choose_kind():
    return render_template("assets/choose_kind.html")


@bp.route("/new/<kind>", methods=["GET", "POST"])
@role_required(Role.MARKETING)
def create(kind: str):
    if kind not in KINDS:
        abort(404)
    form = _new_form(kind)
    if form.validate_on_submit():
        publish = request.form.get("intent") == "publish"
        try:
            asset = services.create_asset(current_user, kind, form.to_input())
            if publish:
                services.change_status(current_user, asset, AssetStatus.PUBLISHED)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Published." if publish else "Draft saved. Preview it below, attach files, "
                  "then publish when it's ready.", "success")
            return redirect(url_for("assets.detail", asset_id=asset.id))
    status = 422 if request.method == "POST" else 200
    return render_template("assets/form.html", form=form, kind=KINDS[kind], asset=None), status


@bp.get("/<int:asset_id>")
@role_required(Role.REP)
def detail(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    services.record_usage(current_user, asset, "views")
    db.session.commit()
    return render_template(
        "assets/detail.html", asset=asset, kind=KINDS[asset.kind],
        usage=services.usage_for([asset.id])[asset.id],
        problems=services.publish_problems(asset) if not asset.is_published else {},
        upload_form=UploadForm(), action_form=ActionForm(),
        merge=personalise.merge_panel(current_user, asset, market=request.args.get("market"))
        if asset.kind == AssetKind.EMAIL_TEMPLATE else None,
    )


@bp.post("/<int:asset_id>/personalise")
@role_required(Role.REP)
def personalise_email(asset_id: int):
    """The no-script preview: the filled-in email rendered on the server."""
    asset = services.get_visible_asset(current_user, asset_id)
    personalise.require_template(asset)
    if not MergeForm().validate_on_submit():
        abort(400)
    subject, body = personalise.template_parts(asset)
    typed = {name: request.form.get(f"field.{name}", "")
             for name in personalise.placeholders(subject, body)}
    errors = {}
    try:
        values = personalise.clean_values(typed)
    except ValidationError as error:
        errors, values = error.fields, typed
    panel = personalise.merge_panel(current_user, asset, values, errors)
    return render_template("assets/personalise.html", asset=asset, merge=panel), \
        422 if errors else 200


@bp.route("/<int:asset_id>/edit", methods=["GET", "POST"])
@role_required(Role.MARKETING)
def edit(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    if request.method == "GET":
        form = _new_form(asset.kind, data=form_values(services.snapshot(asset), asset.kind))
    else:
        form = _new_form(asset.kind)
    if form.validate_on_submit():
        publish = request.form.get("intent") == "publish"
        try:
            services.edit_asset(current_user, asset, form.to_input(),
                                status=AssetStatus.PUBLISHED if publish else None)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
            asset = services.get_visible_asset(current_user, asset_id)
        else:
            db.session.commit()
            flash("Published." if publish else "Changes saved.", "success")
            return redirect(url_for("assets.detail", asset_id=asset.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "assets/form.html", form=form, kind=KINDS[asset.kind], asset=asset,
        upload_form=UploadForm(), action_form=ActionForm(),
    ), status


@bp.post("/<int:asset_id>/status")
@role_required(Role.MARKETING)
def change_status(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    target = request.form.get("status", "")
    try:
        services.change_status(current_user, asset, target)
    except ValidationError as error:
        db.session.rollback()
        for message in error.fields.values():
            flash(message, "danger")
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash({"published": "Published: reps can now find it.",
               "archived": "Archived: reps no longer see it.",
               "draft": "Moved back to draft: reps no longer see it."}[target], "success")
    return redirect(url_for("assets.detail", asset_id=asset_id))


@bp.post("/<int:asset_id>/delete")
@role_required(Role.MARKETING)
def delete(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    title = asset.title
    stored = services.delete_asset(current_user, asset)
    db.session.commit()
    for name in stored:
        files.delete_stored(current_app.config["UPLOAD_DIR"], name)
    flash(f"Deleted “{title}”.", "success")
    return redirect(url_for("assets.index"))


@bp.post("/<int:asset_id>/attachments")
@role_required(Role.MARKETING)
def upload(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    form = UploadForm()
    if not form.validate_on_submit():
        for message in form.file.errors or ["The upload could not be read. Try again."]:
            flash(message, "danger")
        return redirect(url_for("assets.edit", asset_id=asset_id)), 303
    upload_dir = current_app.config["UPLOAD_DIR"]
    try:
        attachment = services.attach_file(
            current_user, asset, form.file.data.stream, form.file.data.filename or "",
            upload_dir, current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024,
        )
    except ValidationError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("assets.edit", asset_id=asset_id)), 303
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        files.delete_stored(upload_dir, attachment.stored_name)
        raise
    if attachment.text_status == TextStatus.NOT_EXTRACTED:
        flash(f"Attached {attachment.filename}, but its text could not be read within the hub's "
              "limits: search won't find it by its words.", "warning")
    else:
        flash(f"Attached {attachment.filename}; its text is now searchable.", "success")
    return redirect(url_for("assets.edit", asset_id=asset_id)), 303


def _attachment(asset_id: int, attachment_id: int) -> Attachment:
    asset = services.get_visible_asset(current_user, asset_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.asset_id != asset.id:
        abort(404)
    return attachment


@bp.get("/<int:asset_id>/attachments/<int:attachment_id>")
@role_required(Role.REP)
def download(asset_id: int, attachment_id: int):
    attachment = _attachment(asset_id, attachment_id)
    path = files.stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
    if not os.path.exists(path):
        abort(404)
    services.record_usage(current_user, attachment.asset, "downloads")
    db.session.commit()
    return send_file(path, mimetype=attachment.mimetype, as_attachment=True,
                     download_name=attachment.filename, max_age=0)


@bp.post("/<int:asset_id>/attachments/<int:attachment_id>/delete")
@role_required(Role.MARKETING)
def remove_attachment(asset_id: int, attachment_id: int):
    attachment = _attachment(asset_id, attachment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        stored = services.remove_attachment(current_user, attachment)
    except ValidationError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        files.delete_stored(current_app.config["UPLOAD_DIR"], stored)
        flash("Attachment removed.", "success")
    return redirect(url_for("assets.edit", asset_id=asset_id))


@bp.get("/<int:asset_id>/history")
@role_required(Role.MARKETING)
def history(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    return render_template("assets/history.html", asset=asset, kind=KINDS[asset.kind])
