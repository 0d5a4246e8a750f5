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
from enablement.assets import personalise, publishing, services
from enablement.assets.forms import (
    MergeForm,
    UploadForm,
    asset_form_class,
    chosen_files,
    form_values,
)
from enablement.assets.kinds import KINDS, STAGES
from enablement.assets.usage import record_usage, usage_for
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import AssetKind, AssetStatus, Role
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
        asset = _save(form, kind=kind)
        if asset is not None:
            return redirect(url_for("assets.detail", asset_id=asset.id))
    return _form_page(form, KINDS[kind], None)


FORM_NAMES = {"attachments": "files", "file": "files"}  # the service's names for the file field


def _save(form, *, kind: str | None = None, asset=None):
    """Save the form's fields and documents, and publish if asked, in one commit: the asset, or
    None with the errors on the form and nothing written."""
    publish = request.form.get("intent") == "publish"
    upload_dir = current_app.config["UPLOAD_DIR"]
    uploads = [publishing.Upload(f.stream, f.filename) for f in chosen_files(form)]
    try:
        saved = publishing.save(
            current_user, form.to_input(), uploads, kind=kind, asset=asset, publish=publish,
            upload_dir=upload_dir, max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    except ValidationError as error:
        db.session.rollback()
        fields = {FORM_NAMES.get(name, name): message for name, message in error.fields.items()}
        show_form_errors(form, ValidationError(error.message, {
            name: message for name, message in fields.items() if name in form}))
        form.refusal = error.message
        form.other_problems = tuple(m for name, m in fields.items() if name not in form)
        return None
    files.commit_or_delete(db.session, upload_dir, saved.stored)
    attached = ", ".join(a.filename for a in saved.attached)
    flash(("Published: reps can now find it." if publish else
           "Draft saved: reps can't see it until you publish it." if kind else "Changes saved.")
          + (f" Attached {attached}." if attached else ""), "success")
    for warning in saved.warnings:
        flash(warning, "warning")
    return saved.asset


def _form_page(form, kind, asset):
    refused = request.method == "POST"
    return render_template(
        "assets/form.html", form=form, kind=kind, asset=asset, action_form=ActionForm(),
        chosen=[publishing.shown_name(f.filename) for f in chosen_files(form)] if refused else [],
    ), 422 if refused else 200


@bp.post("/new/<kind>/preview")
@role_required(Role.MARKETING)
def preview_new(kind: str):
    if kind not in KINDS:
        abort(404)
    return _preview(kind, None)


@bp.post("/<int:asset_id>/preview")
@role_required(Role.MARKETING)
def preview(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    return _preview(asset.kind, asset)


def _preview(kind: str, asset):
    """The posted form rendered as reps would see it; nothing is saved or counted."""
    form = _new_form(kind)
    if not form.validate_on_submit():
        abort(400)
    shown = publishing.preview(current_user, kind, form.to_input(), existing=asset,
                               upload_names=tuple(f.filename for f in chosen_files(form)))
    return render_template("assets/preview.html", preview=shown, kind=KINDS[kind],
                           existing=asset), 422 if shown.errors else 200


@bp.get("/<int:asset_id>")
@role_required(Role.REP)
def detail(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    record_usage(current_user, asset, "views")
    db.session.commit()
    return render_template(
        "assets/detail.html", asset=asset, kind=KINDS[asset.kind],
        usage=usage_for([asset.id])[asset.id],
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
        if _save(form, asset=asset) is not None:
            return redirect(url_for("assets.detail", asset_id=asset.id))
        asset = services.get_visible_asset(current_user, asset_id)
    return _form_page(form, KINDS[asset.kind], asset)


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
    files.commit_or_delete(db.session, upload_dir, [attachment.stored_name])
    if attachment.text_status == TextStatus.NOT_EXTRACTED:
        flash(f"Attached {attachment.filename}, but its text could not be read within the hub's "
              "limits: search won't find it by its words.", "warning")
    else:
        flash(f"Attached {attachment.filename}; its text is now searchable.", "success")
    return redirect(url_for("assets.edit", asset_id=asset_id)), 303


@bp.get("/<int:asset_id>/attachments/<int:attachment_id>")
@role_required(Role.REP)
def download(asset_id: int, attachment_id: int):
    attachment = services.get_attachment(current_user, asset_id, attachment_id)
    path = files.stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
    if not os.path.exists(path):
        abort(404)
    record_usage(current_user, attachment.asset, "downloads")
    db.session.commit()
    return send_file(path, mimetype=attachment.mimetype, as_attachment=True,
                     download_name=attachment.filename, max_age=0)


@bp.get("/<int:asset_id>/attachments/<int:attachment_id>/view")
@role_required(Role.REP)
def view_attachment(asset_id: int, attachment_id: int):
    """A PDF shown in the browser, so an answer's link can open it at its page (`#page=7`);
    other kinds download."""
    attachment = services.get_attachment(current_user, asset_id, attachment_id)
    if attachment.kind != "pdf":
        return redirect(url_for("assets.download", asset_id=asset_id,
                                attachment_id=attachment_id))
    path = files.stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
    if not os.path.exists(path):
        abort(404)
    record_usage(current_user, attachment.asset, "downloads")
    db.session.commit()
    return send_file(path, mimetype="application/pdf", as_attachment=False,
                     download_name=attachment.filename, max_age=0)


@bp.post("/<int:asset_id>/attachments/<int:attachment_id>/delete")
@role_required(Role.MARKETING)
def remove_attachment(asset_id: int, attachment_id: int):
    attachment = services.get_attachment(current_user, asset_id, attachment_id)
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
