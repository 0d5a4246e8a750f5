"""Making and changing shares. Functions take the acting user, flush, and never commit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from enablement.errors import NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Asset, Role, Share, ShareAsset, User, utcnow
from enablement.models.base import as_id
from enablement.shares import tokens
from enablement.shares.rules import share_refusal
from enablement.text import clean_text

ACCOUNT_MAX = 200
RECIPIENT_NAME_MAX = 120
EMAIL_MAX = 254
NOTE_MAX = 5000
EXPIRY_DEFAULT_DAYS = 30
EXPIRY_MAX_DAYS = 365
PASSCODE_MIN, PASSCODE_MAX = 4, 100
ASSETS_MAX = 20
FIELDS = ("asset_ids", "account", "recipient_name", "recipient_email", "note",
          "expires_in_days", "allow_download", "passcode", "require_email")
CHANGEABLE = (*FIELDS[1:], "revoked")


# ---------------------------------------------------------------- validation


def _email(value: Any) -> str:
    text = clean_text(value, "Email", EMAIL_MAX, single_line=True)
    if not text:
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"Not an email address: {error}") from None


def _days(value: Any) -> int:
    if value in (None, ""):
        return EXPIRY_DEFAULT_DAYS
    number = as_id(value)
    if number is None or not 1 <= number <= EXPIRY_MAX_DAYS:
        raise ValueError(f"Use a whole number of days from 1 to {EXPIRY_MAX_DAYS}.")
    return number


def _flag(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    raise ValueError("Use true or false.")


def _passcode(value: Any) -> str | None:
    """A passcode to set, "" to remove it, None to leave it as it is."""
    if value is None or value == "":
        return "" if value == "" else None
    if not isinstance(value, str):
        raise ValueError("The passcode must be text.")
    if not PASSCODE_MIN <= len(value) <= PASSCODE_MAX:
        raise ValueError(f"Use {PASSCODE_MIN} to {PASSCODE_MAX} characters.")
    return value


CHECKS = {
    "account": lambda v: clean_text(v, "Account", ACCOUNT_MAX, single_line=True),
    "recipient_name": lambda v: clean_text(v, "Recipient name", RECIPIENT_NAME_MAX,
                                           single_line=True),
    "recipient_email": _email,
    "note": lambda v: clean_text(v, "Note", NOTE_MAX, single_line=False),
    "expires_in_days": _days,
    "allow_download": _flag,
    "require_email": _flag,
    "passcode": _passcode,
    "revoked": _flag,
}


def clean_input(data: dict, allowed: tuple[str, ...], *, partial: bool) -> dict:
    """Checked values by field, or a ValidationError naming each field at fault."""
    errors = {name: "Unknown field." for name in data if name not in allowed}
    cleaned = {}
    for name in allowed:
        if name == "asset_ids" or (partial and name not in data):
            continue
        try:
            cleaned[name] = CHECKS[name](data.get(name))
        except ValueError as error:
            errors[name] = str(error)
    if "account" in cleaned and not cleaned["account"]:
        errors["account"] = "Name the account (or opportunity) this is for."
    if errors:
        raise ValidationError("Some fields need attention.", errors)
    return cleaned


def shareable_assets(raw_ids: Any, *, required: bool = True) -> list[Asset]:
    """The assets `raw_ids` names, in that order, each one allowed to leave the company."""
    if raw_ids in (None, "") and not required:
        return []
    if not isinstance(raw_ids, list) or not raw_ids and required:
        raise ValidationError("Choose what to share.", {"asset_ids": "Pick at least one asset."})
    ids = [as_id(raw) for raw in raw_ids]
    if None in ids:
        raise ValidationError("Unknown asset.", {"asset_ids": "Use the assets' ids."})
    ids = list(dict.fromkeys(ids))
    if len(ids) > ASSETS_MAX:
        raise ValidationError("Too many assets.",
                              {"asset_ids": f"Share at most {ASSETS_MAX} assets at once."})
    found = {a.id: a for a in db.session.scalars(select(Asset).where(Asset.id.in_(ids)))}
    problems = []
    for asset_id in ids:
        asset = found.get(asset_id)
        refusal = share_refusal(asset) if asset is not None else "No such asset."
        if refusal:
            # A rep learns no draft's title: the refusal names the id they sent.
            problems.append(f"#{asset_id}: {refusal}")
    if problems:
        raise ValidationError("Some assets can't be shared.", {"asset_ids": " ".join(problems)})
    return [found[i] for i in ids]


# ---------------------------------------------------------------- writing


def create_share(actor: User, data: dict) -> tuple[Share, str]:
    """A new share of published assets for one account; returns it and its token (the link)."""
    cleaned = clean_input(data, FIELDS, partial=False)
    assets = shareable_assets(data.get("asset_ids"))
    token = tokens.new_token()
    share = Share(owner_id=actor.id, token_hash=tokens.hash_token(token),
                  token_sealed=tokens.seal(token), views=0)
    _apply(share, cleaned)
    share.items = [ShareAsset(asset=asset, position=n) for n, asset in enumerate(assets)]
    db.session.add(share)
    db.session.flush()
    return share, token


def _apply(share: Share, cleaned: dict) -> None:
    for name in ("account", "recipient_name", "recipient_email", "note", "allow_download",
                 "require_email"):
        if name in cleaned:
            setattr(share, name, cleaned[name])
    if "expires_in_days" in cleaned:
        share.expires_at = utcnow() + timedelta(days=cleaned["expires_in_days"])
    if cleaned.get("passcode") is not None:
        share.passcode_hash = generate_password_hash(cleaned["passcode"]) \
            if cleaned["passcode"] else None
    if cleaned.get("revoked") is True and share.revoked_at is None:
        share.revoked_at = utcnow()


def update_share(actor: User, share: Share, data: dict) -> Share:
    """Change a share: `expires_in_days` counts from today (extending it), `revoked` ends it for
    good (a revoked link never opens again), `passcode` "" removes the passcode."""
    cleaned = clean_input(data, CHANGEABLE, partial=True)
    if share.revoked_at is not None and len(cleaned) > ("revoked" in cleaned):
        raise ValidationError("This share was revoked.", {
            next(iter(cleaned)): "A revoked share can't change: make a new one."})
    if cleaned.get("revoked") is False and share.revoked_at is not None:
        raise ValidationError("A revoked share stays revoked.", {"revoked": "Make a new share."})
    _apply(share, cleaned)
    db.session.flush()
    return share


def add_assets(actor: User, share: Share, raw_ids: Any) -> list[Asset]:
    """Put more assets in a live share (ones already in it are left as they are)."""
    if share.revoked_at is not None:
        raise ValidationError("This share was revoked.", {"asset_ids": "Make a new share."})
    assets = shareable_assets(raw_ids)
    have = {item.asset_id for item in share.items}
    added = [a for a in assets if a.id not in have]
    if len(have) + len(added) > ASSETS_MAX:
        raise ValidationError("Too many assets.",
                              {"asset_ids": f"A share holds at most {ASSETS_MAX} assets."})
    start = max((item.position for item in share.items), default=-1) + 1
    for n, asset in enumerate(added):
        share.items.append(ShareAsset(asset=asset, position=start + n))
    db.session.flush()
    return added


def remove_asset(actor: User, share: Share, asset_id: int) -> None:
    item = next((i for i in share.items if i.asset_id == asset_id), None)
    if item is None:
        raise NotFound("That asset isn't in this share.")
    if len(share.items) == 1:
        raise ValidationError("A share needs at least one asset.",
                              {"asset_ids": "Revoke the share instead."})
    share.items.remove(item)
    db.session.flush()


# ---------------------------------------------------------------- reading


def can_see(user: User, share: Share) -> bool:
    """A share and what its buyers did are its owner's (and admins') only."""
    return share.owner_id == user.id or user.has_role(Role.ADMIN)


def get_share(user: User, share_id: int) -> Share:
    share = db.session.get(Share, share_id)
    if share is None or not can_see(user, share):
        raise NotFound("We couldn't find that share.")
    return share


def list_shares(user: User, *, everyone: bool = False, limit: int = 100,
                offset: int = 0) -> list[Share]:
    """The user's shares, hottest first: the latest buyer activity, then the newest."""
    query = select(Share).options(selectinload(Share.items).selectinload(ShareAsset.asset))
    if not (everyone and user.has_role(Role.ADMIN)):
        query = query.where(Share.owner_id == user.id)
    query = query.order_by(Share.last_activity_at.desc().nulls_last(), Share.id.desc())
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def count_shares(user: User, *, everyone: bool = False) -> int:
    query = select(func.count(Share.id))
    if not (everyone and user.has_role(Role.ADMIN)):
        query = query.where(Share.owner_id == user.id)
    return db.session.scalar(query) or 0


def shareable_choices(user: User, search: str = "", limit: int = 200) -> list[Asset]:
    """Assets a rep may put in a share, by title, for the share builder's picker."""
    query = select(Asset).where(Asset.status == "published", Asset.internal_only.is_(False),
                                Asset.kind != "email_template")
    if search:
        query = query.where(func.lower(Asset.title).contains(search.lower(), autoescape=True))
    assets = db.session.scalars(query.order_by(func.lower(Asset.title)).limit(limit))
    return [a for a in assets if share_refusal(a) is None]
