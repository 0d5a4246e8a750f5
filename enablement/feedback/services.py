"""Reps say whether an asset helped; its owner and marketing read what they said."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.models import Asset, Feedback, Role, User, utcnow

COMMENT_MAX = 2000


def clean_feedback(helpful, comment) -> tuple[bool, str]:
    errors = {}
    if not isinstance(helpful, bool):
        errors["helpful"] = "Say whether it helped: true or false."
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        errors["comment"] = "The comment must be text."
    else:
        comment = comment.replace("\r\n", "\n").strip()
        if len(comment) > COMMENT_MAX:
            errors["comment"] = f"At most {COMMENT_MAX:,} characters (this is {len(comment):,})."
    if errors:
        raise ValidationError("The feedback needs a little more.", errors)
    return helpful, comment


def give_feedback(actor: User, asset: Asset, helpful, comment=None) -> tuple[Feedback, bool]:
    """Record the rep's verdict on an asset, or change the one they gave; True when it is new.

    The caller has already checked the asset is visible to `actor`.
    """
    helpful, comment = clean_feedback(helpful, comment)
    feedback = own_feedback(actor, asset)
    created = feedback is None
    if created:
        feedback = Feedback(asset_id=asset.id, user_id=actor.id)
        db.session.add(feedback)
    feedback.helpful = helpful
    feedback.comment = comment
    feedback.updated_at = utcnow()  # even when nothing changed: the rep confirmed it just now
    db.session.flush()
    return feedback, created


def own_feedback(user: User, asset: Asset) -> Feedback | None:
    return db.session.scalar(
        select(Feedback).where(Feedback.asset_id == asset.id, Feedback.user_id == user.id)
    )


def may_read_feedback(user: User, asset: Asset) -> bool:
    """The asset's owner and marketing read every rep's feedback; reps only their own."""
    return user.has_role(Role.MARKETING) or (asset.owner_id is not None
                                             and asset.owner_id == user.id)


def feedback_on(user: User, asset: Asset, limit: int = 200) -> list[Feedback]:
    """Everyone's feedback on the asset, newest first, for its owner and marketing."""
    if not may_read_feedback(user, asset):
        raise Forbidden("Only the asset's owner and marketing can read its feedback.")
    return list(db.session.scalars(
        select(Feedback).where(Feedback.asset_id == asset.id)
        .order_by(Feedback.updated_at.desc(), Feedback.id.desc())
        .options(selectinload(Feedback.user)).limit(limit)
    ))


def feedback_json(feedback: Feedback) -> dict:
    return {
        "id": feedback.id,
        "asset_id": feedback.asset_id,
        "helpful": feedback.helpful,
        "comment": feedback.comment,
        "user": ({"id": feedback.user.id, "name": feedback.user.name}
                 if feedback.user is not None else None),
        "created_at": feedback.created_at.isoformat(),
        "updated_at": feedback.updated_at.isoformat(),
    }
