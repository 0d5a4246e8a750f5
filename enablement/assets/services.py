"""Publishing and browsing assets. Functions take the acting user, flush, and never commit."""

from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from enablement.assets import attachments as files
from enablement.assets import hooks
from enablement.assets.kinds import (
    BODY_MAX,
    KINDS,
    METRICS_MAX,
    STAGES,
    SUMMARY_MAX,
    TAG_MAX,
    TAGS_PER_FACET,
    TITLE_MAX,
    FieldSpec,
    kind_spec,
)
from enablement.assets.usage import (  # noqa: F401 - for api/views.py, tests' test_services
    EVENT_ACTIONS,
    USAGE_ACTIONS,
    record_usage,
    usage_for,
)
from enablement.audit.log import record
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import (
    TAG_FACETS,
    Asset,
    AssetRevision,
    AssetStatus,
    AssetTag,
    Attachment,
    Role,
    User,
    utcnow,
)
from enablement.pagination import Page
from enablement.text import CONTROL_CHARS, clean_text

COMMON_FIELDS = ("title", "summary", "body", "markets", "personas", "stages", "products",
                 "review_by", "internal_only")
REVISION_TEXT_LIMIT = 2000


# ---------------------------------------------------------------- validation


def _tag_list(value: Any, label: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{label} must be a list of text values.")
    cleaned: list[str] = []
    for item in value:
        item = " ".join(CONTROL_CHARS.sub("", item).split())
        if len(item) > TAG_MAX:
            raise ValueError(f"Each of {label.lower()} can be at most {TAG_MAX} characters.")
        if item and item.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(item)
    if len(cleaned) > TAGS_PER_FACET:
        raise ValueError(f"At most {TAGS_PER_FACET} {label.lower()}.")
    return cleaned


def _review_by(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("Use a date like 2026-12-31.")


def _flag(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    raise ValueError("Use true or false.")


def _metrics(value: Any, spec: FieldSpec) -> list[dict[str, str]]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        rows = []
        for line in value.splitlines():
            if line.strip():
                metric, _, label = line.partition("|")
                rows.append({"value": metric, "label": label})
        value = rows
    if not isinstance(value, list) or not all(
        isinstance(m, dict) and isinstance(m.get("value", ""), str)
        and isinstance(m.get("label", ""), str) for m in value
    ):
        raise ValueError("Metrics are a list of {value, label}.")
    if len(value) > METRICS_MAX:
        raise ValueError(f"At most {METRICS_MAX} headline metrics.")
    cleaned = []
    for metric in value:
        number = clean_text(metric.get("value"), "A metric's value", 40, single_line=True)
        label = clean_text(metric.get("label"), "A metric's label", spec.max_length,
                           single_line=True)
        if not number or not label:
            raise ValueError("Each metric needs a value and a label, e.g. `38% | fewer no-shows`.")
        cleaned.append({"value": number, "label": label})
    return cleaned


def _kind_field(spec: FieldSpec, value: Any) -> Any:
    if spec.type == "bool":
        if isinstance(value, bool) or value is None:
            return bool(value)
        raise ValueError(f"{spec.label} must be true or false.")
    if spec.type == "choice":
        if value in (None, ""):
            return ""
        if not isinstance(value, str) or value not in dict(spec.choices):
            raise ValueError(f"Choose one of: {', '.join(dict(spec.choices))}.")
        return value
    if spec.type == "metrics":
        return _metrics(value, spec)
    return clean_text(value, spec.label, spec.max_length, single_line=spec.type == "line")


def clean_input(data: dict, kind: str, *, partial: bool = False) -> dict:
    """Validated, normalised values from a form or the API; raises ValidationError by field.

    With `partial`, only the fields present are checked (a PATCH); otherwise missing fields are
    empty and the title is required.
    """
    spec = kind_spec(kind)
    kind_fields = {f.name: f for f in spec.fields}
    allowed = set(COMMON_FIELDS) | set(kind_fields)
    errors: dict[str, str] = {f: "Unknown field." for f in data if f not in allowed}
    cleaned: dict[str, Any] = {}
    known_markets = markets()
    stage_slugs = dict(STAGES)

    checks = {
        "title": lambda v: clean_text(v, "Title", TITLE_MAX, single_line=True),
        "summary": lambda v: clean_text(v, "Summary", SUMMARY_MAX, single_line=False),
        "body": lambda v: clean_text(v, "Body", BODY_MAX, single_line=False),
        "markets": lambda v: _tag_list(v, "Markets"),
        "personas": lambda v: _tag_list(v, "Personas"),
        "stages": lambda v: _tag_list(v, "Sales stages"),
        "products": lambda v: _tag_list(v, "Products"),
        "review_by": _review_by,
        "internal_only": _flag,
    }
    for name in COMMON_FIELDS:
        if partial and name not in data:
            continue
        try:
            cleaned[name] = checks[name](data.get(name))
        except ValueError as error:
            errors[name] = str(error)
    for name, field_spec in kind_fields.items():
        if partial and name not in data:
            continue
        try:
            cleaned[name] = _kind_field(field_spec, data.get(name))
        except ValueError as error:
            errors[name] = str(error)

    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = "Give the asset a title."
    unknown_markets = [m for m in cleaned.get("markets", []) if m not in known_markets]
    if unknown_markets:
        errors["markets"] = (f"Unknown market: {', '.join(unknown_markets)}. "
                             f"Markets are: {', '.join(known_markets)}.")
    unknown_stages = [s for s in cleaned.get("stages", []) if s not in stage_slugs]
    if unknown_stages:
        errors["stages"] = (f"Unknown sales stage: {', '.join(unknown_stages)}. "
                            f"Stages are: {', '.join(stage_slugs)}.")
    if errors:
        raise ValidationError("Some fields need attention.", errors)
    return cleaned


def publish_problems(asset: Asset) -> dict[str, str]:
    """What is missing before reps can see this asset; empty when it can be published."""
    problems = {}
    if not asset.summary:
        problems["summary"] = "Add a summary: reps see it in lists and search results."
    if not asset.markets:
        problems["markets"] = "Tag at least one market so reps can find it."
    spec = kind_spec(asset.kind)
    details = asset.details or {}
    for field_spec in spec.fields:
        if field_spec.required_to_publish and not details.get(field_spec.name):
            problems[field_spec.name] = f"{field_spec.label} is needed before publishing."
    if spec.needs_attachment_to_publish and not asset.attachments:
        problems["attachments"] = "Attach the document before publishing."
    problems.update(hooks.publish_problems(asset))  # e.g. a request's draft awaiting its author
    return problems


# ---------------------------------------------------------------- writing


def require_marketing(actor: User) -> None:
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing can change assets.")


def snapshot(asset: Asset) -> dict[str, Any]:
    """Every editable value of an asset, for revisions and the API."""
    values: dict[str, Any] = {
        "title": asset.title,
        "summary": asset.summary or "",
        "body": asset.body or "",
        "review_by": asset.review_by.isoformat() if asset.review_by else None,
        "status": asset.status,
        "internal_only": bool(asset.internal_only),
    }
    for facet in TAG_FACETS:
        values[facet] = asset.tag_values(facet)
    details = asset.details or {}
    for field_spec in kind_spec(asset.kind).fields:
        default = False if field_spec.type == "bool" else [] if field_spec.type == "metrics" else ""
        values[field_spec.name] = details.get(field_spec.name, default)
    return values


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > REVISION_TEXT_LIMIT:
        return value[:REVISION_TEXT_LIMIT] + "…"
    return value


def _record_revision(actor: User, asset: Asset, action: str, before: dict, after: dict) -> None:
    changes = {k: [_short(before.get(k)), _short(v)] for k, v in after.items()
               if before.get(k) != v}
    if changes or action != "edited":
        asset.revisions.append(AssetRevision(user_id=actor.id, action=action, changes=changes))


def _apply(asset: Asset, cleaned: dict) -> None:
    for name in ("title", "summary", "body", "review_by", "internal_only"):
        if name in cleaned:
            setattr(asset, name, cleaned[name])
    for facet in TAG_FACETS:
        if facet in cleaned:
            keep = [t for t in asset.tags if t.facet != facet]
            # Reuse the rows of values that stay: deleting and re-inserting the same value in
            # one flush breaks the (asset, facet, value) unique constraint (inserts run first).
            current = {t.value: t for t in asset.tags if t.facet == facet}
            asset.tags = keep + [current.get(v) or AssetTag(facet=facet, value=v)
                                 for v in cleaned[facet]]
    kind_names = {f.name for f in kind_spec(asset.kind).fields}
    details = dict(asset.details or {})
    details.update({k: v for k, v in cleaned.items() if k in kind_names})
    asset.details = details


def create_asset(actor: User, kind: str, data: dict, status: str = AssetStatus.DRAFT) -> Asset:
    """A new asset owned by `actor`; drafts may be incomplete, published ones may not."""
    require_marketing(actor)
    if kind not in KINDS:
        raise ValidationError("Unknown kind.", {"kind": f"Choose one of {', '.join(KINDS)}."})
    cleaned = clean_input(data, kind)
    asset = Asset(kind=kind, owner_id=actor.id, status=AssetStatus.DRAFT, details={})
    _apply(asset, cleaned)
    db.session.add(asset)
    asset.revisions.append(AssetRevision(user_id=actor.id, action="created", changes={}))
    if status != AssetStatus.DRAFT:
        change_status(actor, asset, status)
    db.session.flush()
    return asset


def update_asset(actor: User, asset: Asset, data: dict, *, partial: bool = False) -> Asset:
    """Apply edits and keep a revision of what changed."""
    require_marketing(actor)
    before = snapshot(asset)
    _apply(asset, clean_input(data, asset.kind, partial=partial))
    if asset.is_published:
        problems = publish_problems(asset)
        if problems:
            raise ValidationError("A published asset must stay complete.", problems)
    _record_revision(actor, asset, "edited", before, snapshot(asset))
    db.session.flush()
    return asset


def edit_asset(actor: User, asset: Asset, data: dict, *, status: str | None = None,
               partial: bool = False) -> Asset:
    """Apply edits and, if asked, a new status: unpublishing happens before the edit and
    publishing after it, so the edit is checked against the state it will end up in."""
    changing = status is not None and status != asset.status
    if changing and status != AssetStatus.PUBLISHED:
        change_status(actor, asset, status)
    update_asset(actor, asset, data, partial=partial)
    if changing and status == AssetStatus.PUBLISHED:
        change_status(actor, asset, status)
    return asset


def overdue_reviews(user: User, limit: int = 10) -> list[Asset]:
    """Published assets past their review-by date, most overdue first (marketing's to-do)."""
    require_marketing(user)
    return list(db.session.scalars(
        select(Asset).where(Asset.status == AssetStatus.PUBLISHED, Asset.review_by < date.today())
        .order_by(Asset.review_by).limit(limit).options(selectinload(Asset.owner))
    ))


def change_status(actor: User, asset: Asset, status: str) -> Asset:
    """Publish, archive or return an asset to draft."""
    require_marketing(actor)
    if status not in {s.value for s in AssetStatus}:
        raise ValidationError("Unknown status.", {"status": "Use draft, published or archived."})
    if status == asset.status:
        return asset
    if status == AssetStatus.PUBLISHED:
        problems = publish_problems(asset)
        if problems:
            raise ValidationError("This asset isn't ready to publish.", problems)
        asset.published_at = asset.published_at or utcnow()
    before = {"status": asset.status}
    asset.status = status
    action = {"published": "published", "archived": "archived", "draft": "unpublished"}[status]
    _record_revision(actor, asset, action, before, {"status": status})
    record(f"asset.{action}", actor, asset)
    if status == AssetStatus.PUBLISHED:
        hooks.published(asset)  # e.g. the requests it answers are done (requests/services.py)
    db.session.flush()
    return asset


def delete_asset(actor: User, asset: Asset) -> list[str]:
    """Delete an asset and everything attached; returns stored files to remove after commit."""
    require_marketing(actor)
    stored = [a.stored_name for a in asset.attachments]
    record("asset.deleted", actor, asset, details={"status": asset.status})
    db.session.delete(asset)
    db.session.flush()
    return stored


class DuplicateFile(ValidationError):
    """The asset already has a document with exactly these bytes: it is not attached twice."""

    def __init__(self, existing: Attachment):
        message = f"This file is already attached to this asset, as {existing.filename}."
        super().__init__(message, {"file": message})
        self.existing = existing


def attach_file(actor: User, asset: Asset, stream: BinaryIO, filename: str, upload_dir: str,
                max_bytes: int) -> Attachment:
    """Store an uploaded document and keep its text for search.

    The same bytes twice on one asset are refused (DuplicateFile), whatever the file is called,
    before their text is read.
    The file is on disk when this returns: if the caller's commit fails it must delete it.
    """
    require_marketing(actor)
    attached = {a.sha256: a for a in asset.attachments}
    try:
        stored = files.store_upload(stream, filename, upload_dir, max_bytes, known=attached)
    except files.AlreadyStored as same:
        raise DuplicateFile(attached[same.sha256]) from None
    except files.AttachmentError as error:
        raise ValidationError(str(error), {"file": str(error)}) from error
    attachment = Attachment(
        stored_name=stored.stored_name, filename=stored.filename, kind=stored.kind,
        mimetype=stored.mimetype, size=stored.size, sha256=stored.sha256, text=stored.text,
        text_status=stored.text_status, page_starts=stored.page_starts,
        uploaded_by_id=actor.id,
    )
    try:
        asset.attachments.append(attachment)
        asset.updated_at = utcnow()
        _record_revision(actor, asset, "attached", {}, {"file": stored.filename})
        db.session.flush()
    except BaseException:
        files.delete_stored(upload_dir, stored.stored_name)
        raise
    return attachment


def remove_attachment(actor: User, attachment: Attachment) -> str:
    """Detach a document; returns the stored file to delete after commit."""
    require_marketing(actor)
    asset = attachment.asset
    if asset.is_published and kind_spec(asset.kind).needs_attachment_to_publish \
            and len(asset.attachments) == 1:
        raise ValidationError("A published white paper needs its document.",
                              {"file": "Attach a replacement first, or unpublish."})
    asset.attachments.remove(attachment)
    asset.updated_at = utcnow()
    _record_revision(actor, asset, "detached", {"file": attachment.filename}, {"file": None})
    db.session.flush()
    return attachment.stored_name


# ---------------------------------------------------------------- reading


def visible_to(user: User) -> Select:
    """Assets `user` may see: reps only ever see published ones."""
    query = select(Asset)
    if not user.has_role(Role.MARKETING):
        query = query.where(Asset.status == AssetStatus.PUBLISHED)
    return query


def get_visible_asset(user: User, asset_id: int) -> Asset:
    asset = db.session.scalar(visible_to(user).where(Asset.id == asset_id))
    if asset is None:
        raise NotFound("We couldn't find that asset.")
    return asset


def get_attachment(user: User, asset_id: int, attachment_id: int) -> Attachment:
    """A document of an asset `user` may see; NotFound under any other asset."""
    asset = get_visible_asset(user, asset_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.asset_id != asset.id:
        raise NotFound("We couldn't find that document on this asset.")
    return attachment


SORTS = {
    "updated": Asset.updated_at.desc(),
    "newest": Asset.created_at.desc(),
    "title": func.lower(Asset.title),
}


def list_assets(user: User, *, kind: str | None = None, market: str | None = None,
                status: str | None = None, owner_id: int | None = None, sort: str = "updated",
                page: int = 1, per_page: int = 20) -> Page:
    """One page of the assets `user` may see, filtered and sorted."""
    query = visible_to(user)
    if kind:
        query = query.where(Asset.kind == kind)
    if status:
        query = query.where(Asset.status == status)
    if owner_id:
        query = query.where(Asset.owner_id == owner_id)
    if market:
        query = query.where(exists().where(
            AssetTag.asset_id == Asset.id, AssetTag.facet == "markets", AssetTag.value == market
        ))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(1, page)
    items = db.session.scalars(
        query.order_by(SORTS.get(sort, SORTS["updated"]), Asset.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
        .options(selectinload(Asset.tags), selectinload(Asset.owner))
    ).all()
    return Page(list(items), total, page, per_page)


def facet_counts(user: User, facet: str) -> dict[str, int]:
    """How many visible assets carry each value of a tag facet (e.g. per market)."""
    visible = visible_to(user).with_only_columns(Asset.id).subquery()
    rows = db.session.execute(
        select(AssetTag.value, func.count())
        .where(AssetTag.facet == facet, AssetTag.asset_id.in_(select(visible.c.id)))
        .group_by(AssetTag.value)
    )
    return dict(rows.all())


def kind_counts(user: User) -> dict[str, int]:
    visible = visible_to(user).with_only_columns(Asset.kind, func.count()).group_by(Asset.kind)
    return dict(db.session.execute(visible).all())
