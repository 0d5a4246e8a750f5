"""The asset page's JSON routes: an email template filled in, a copy counted, and the documents
attached to an asset (uploaded with the same checks as the publishing pages)."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body
from enablement.api.openapi import register_paths
from enablement.api.serializers import attachment_json
from enablement.assets import attachments as files
from enablement.assets import personalise, publishing, services
from enablement.assets.openapi import document
from enablement.assets.usage import record_usage
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role
from enablement.models.assets import TextStatus
from enablement.security import role_required

bp = api_blueprint("assets_api", __name__)
register_paths(document)

NO_FILE = "Send the document as multipart/form-data, in the field `file`."


@bp.post("/assets/<int:asset_id>/render")
@role_required(Role.REP)
def render_asset(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    body = json_body()
    market = body.get("market")
    rendered = personalise.render_for(current_user, asset, body.get("fields"),
                                      market if isinstance(market, str) else None)
    return jsonify(rendered.as_json())


@bp.post("/assets/<int:asset_id>/copies")
@role_required(Role.REP)
def record_copy(asset_id: int):
    """The asset page's copy buttons call this: one insert, nothing to read back."""
    asset = services.get_visible_asset(current_user, asset_id)
    record_usage(current_user, asset, "copies")
    db.session.commit()
    return "", 204


@bp.get("/assets/<int:asset_id>/attachments")
@role_required(Role.REP)
def list_attachments(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    return jsonify({"items": [attachment_json(a) for a in asset.attachments]})


@bp.post("/assets/<int:asset_id>/attachments")
@role_required(Role.MARKETING)
def upload_attachment(asset_id: int):
    """Attach a document: refused by its content (not its name) unless it is a real PDF, Word or
    PowerPoint file within the size limit; its text is read in a limited child process."""
    asset = services.get_visible_asset(current_user, asset_id)
    upload = request.files.get("file") if request.mimetype == "multipart/form-data" else None
    if upload is None or not upload.filename:
        raise ValidationError(NO_FILE, {"file": "Choose a file to upload."})
    upload_dir = current_app.config["UPLOAD_DIR"]
    attachment = services.attach_file(current_user, asset, upload.stream, upload.filename,
                                      upload_dir, current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    warnings = _upload_warnings(asset, attachment)
    files.commit_or_delete(db.session, upload_dir, [attachment.stored_name])
    data = attachment_json(attachment)
    response = jsonify({**data, "warnings": warnings})
    response.headers["Location"] = data["url"]
    return response, 201


def _upload_warnings(asset, attachment) -> list[str]:
    """What marketing should know about an accepted document (the pages flash the same)."""
    warnings = []
    if attachment.text_status == TextStatus.NOT_EXTRACTED:
        warnings.append(f"{attachment.filename} is attached, but its text could not be read "
                        "within the hub's limits: search won't find it by its words.")
    others = publishing.same_file_elsewhere(asset, attachment.sha256)
    if others:
        titles = ", ".join(f"“{title}”" for title in others)
        warnings.append(f"{attachment.filename} is also attached to {titles}. If this asset "
                        "replaces that one, archive the old one.")
    return warnings


@bp.delete("/assets/<int:asset_id>/attachments/<int:attachment_id>")
@role_required(Role.MARKETING)
def delete_attachment(asset_id: int, attachment_id: int):
    attachment = services.get_attachment(current_user, asset_id, attachment_id)
    stored = services.remove_attachment(current_user, attachment)
    db.session.commit()
    files.delete_stored(current_app.config["UPLOAD_DIR"], stored)
    return "", 204
