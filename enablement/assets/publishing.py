"""The asset form in one pass: its fields, the documents chosen with it and, when asked,
publishing are saved together or not at all; and the unsaved preview of that form.

Like services.py, these take the acting user, flush and never commit. Documents are on disk
before the commit: `Saved.stored` names them, so a caller whose commit fails deletes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import select

from enablement.assets import attachments as files
from enablement.assets import personalise, services
from enablement.assets.kinds import kind_spec
from enablement.assets.personalise import RenderedEmail
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import (
    TAG_FACETS,
    Asset,
    AssetKind,
    AssetStatus,
    AssetTag,
    Attachment,
    User,
    utcnow,
)
from enablement.models.assets import TextStatus

SHOWN_NAME_MAX = 80
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Upload:
    """A document chosen in the form, as the browser sent it."""

    stream: BinaryIO
    filename: str


@dataclass
class Saved:
    """What one save did: the asset, the documents it attached and what marketing should know."""

    asset: Asset
    attached: list[Attachment] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)  # files on disk, for cleanup on failure
    warnings: list[str] = field(default_factory=list)


def shown_name(filename: str) -> str:
    """A chosen file's name as the user knows it, cut short, for messages about it."""
    name = _UNPRINTABLE.sub("", re.split(r"[\\/]", filename or "")[-1]).strip() or "The file"
    return name if len(name) <= SHOWN_NAME_MAX else name[: SHOWN_NAME_MAX - 1] + "…"


def save(actor: User, data: dict, uploads: list[Upload], *, upload_dir: str, max_bytes: int,
         kind: str | None = None, asset: Asset | None = None, publish: bool = False) -> Saved:
    """Create (`kind`) or edit (`asset`) an asset from the form, attach the chosen documents and
    publish if asked: all of it, or a ValidationError by field and nothing (no row, no file).

    A document the asset already has is left out with a warning; one that other assets also
    carry is attached, with a warning naming them.
    """
    services.require_marketing(actor)
    saved = Saved(asset)
    try:
        # Fields first, and whether it could be published: a refusal then costs no file stored
        # and read (reading a document's text takes a separate process and a few hundred ms).
        if asset is None:
            saved.asset = services.create_asset(actor, kind, data)
        else:
            services.edit_asset(actor, asset, data)
        if publish:
            problems = services.publish_problems(saved.asset)
            if uploads:
                problems.pop("attachments", None)  # checked again once they are attached
            if problems:
                raise ValidationError("This asset isn't ready to publish.", problems)
        for upload in uploads:
            _attach(actor, saved, upload, upload_dir, max_bytes)
        if publish:
            services.change_status(actor, saved.asset, AssetStatus.PUBLISHED)
    except BaseException:
        for stored_name in saved.stored:
            files.delete_stored(upload_dir, stored_name)
        raise
    return saved


def _attach(actor: User, saved: Saved, upload: Upload, upload_dir: str, max_bytes: int) -> None:
    name = shown_name(upload.filename)
    try:
        attachment = services.attach_file(actor, saved.asset, upload.stream, upload.filename,
                                          upload_dir, max_bytes)
    except services.DuplicateFile as duplicate:
        saved.warnings.append(f"{name} is already attached to this asset (as "
                              f"{duplicate.existing.filename}), so it wasn't added again.")
        return
    except ValidationError as error:
        message = f"{name} was not attached: {error.message}"
        raise ValidationError(message, {"files": message}) from error
    saved.stored.append(attachment.stored_name)
    saved.attached.append(attachment)
    if attachment.text_status == TextStatus.NOT_EXTRACTED:
        saved.warnings.append(f"{attachment.filename} is attached, but its text could not be "
                              "read within the hub's limits: search won't find it by its words.")
    others = same_file_elsewhere(saved.asset, attachment.sha256)
    if others:
        titles = ", ".join(f"“{title}”" for title in others)
        saved.warnings.append(f"{attachment.filename} is also attached to {titles}. If this "
                              "asset replaces that one, archive the old one.")


def same_file_elsewhere(asset: Asset, sha256: str, limit: int = 3) -> list[str]:
    """Titles of other assets carrying a document with exactly these bytes."""
    return list(db.session.scalars(
        select(Asset.title).join(Attachment, Attachment.asset_id == Asset.id)
        .where(Attachment.sha256 == sha256, Asset.id != asset.id)
        .distinct().order_by(Asset.title).limit(limit)
    ))


# ---------------------------------------------------------------- the preview


@dataclass
class Preview:
    """The form as reps would see it once published, never saved: an asset outside the session
    (None when the form can't be shown yet), what stops it being shown or published, and the
    email an email template makes."""

    asset: Asset | None
    errors: dict[str, str]
    problems: dict[str, str]
    email: RenderedEmail | None = None

    @property
    def merge_labels(self) -> list[str]:
        """The merge fields reps fill in, by the names they see."""
        return [personalise.field_label(name) for name in self.email.fields] if self.email else []


def preview(actor: User, kind: str, data: dict, *, existing: Asset | None = None,
            upload_names: tuple[str, ...] = ()) -> Preview:
    """Render what the form would make without writing anything: the asset is built in memory
    and never added to the session; chosen documents are shown by name only."""
    services.require_marketing(actor)
    try:
        cleaned = services.clean_input(data, kind)
    except ValidationError as error:
        return Preview(None, error.fields, {})
    # The stored asset's id lets other features' publish checks answer for it (a request's
    # draft awaiting its author); the object is still never added to the session.
    asset = Asset(id=existing.id if existing else None, kind=kind, title=cleaned["title"],
                  summary=cleaned["summary"], body=cleaned["body"], review_by=cleaned["review_by"],
                  internal_only=cleaned["internal_only"],
                  status=existing.status if existing else AssetStatus.DRAFT.value,
                  published_at=existing.published_at if existing else None,
                  updated_at=utcnow())
    asset.tags = [AssetTag(facet=facet, value=value)
                  for facet in TAG_FACETS for value in cleaned[facet]]
    kind_names = {f.name for f in kind_spec(kind).fields}
    asset.details = {name: value for name, value in cleaned.items() if name in kind_names}
    # Copies: the stored attachments must not be moved onto an object outside the session.
    documents = [Attachment(filename=a.filename, kind=a.kind, size=a.size)
                 for a in (existing.attachments if existing else [])]
    documents += [_chosen_document(name) for name in upload_names]
    asset.attachments = documents
    email = personalise.render_email(asset, {}) if kind == AssetKind.EMAIL_TEMPLATE else None
    return Preview(asset, {}, services.publish_problems(asset), email)


def _chosen_document(filename: str) -> Attachment:
    name = shown_name(filename)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return Attachment(filename=name, kind=extension if extension in files.ALLOWED_KINDS else "",
                      size=0)
