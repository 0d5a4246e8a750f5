"""A person's choice about the weekly email: on or off, and for which markets.

Functions take the acting user, flush and never commit, and raise domain errors.
"""

from __future__ import annotations

from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import User, WeeklyEmailSubscription


def subscription_for(user: User) -> WeeklyEmailSubscription | None:
    return db.session.get(WeeklyEmailSubscription, user.id)


def is_subscribed(user: User) -> bool:
    subscription = subscription_for(user)
    return subscription is not None and subscription.active


def chosen_markets(user: User) -> list[str]:
    """The markets the person picked (still in feeds.yml); empty means every market."""
    subscription = subscription_for(user)
    known = markets()
    return [slug for slug in (subscription.markets if subscription else []) if slug in known]


def set_weekly_email(user: User, active: bool, market_slugs) -> WeeklyEmailSubscription:
    """Turn the weekly email on or off for `user`, for `market_slugs` (none: every market)."""
    market_slugs = list(market_slugs or [])
    known = markets()
    unknown = [slug for slug in market_slugs if slug not in known]
    if unknown or not all(isinstance(slug, str) for slug in market_slugs):
        raise ValidationError("Unknown market.", {
            "markets": f"Pick from the hub's markets: {', '.join(known)}."})
    subscription = subscription_for(user)
    if subscription is None:
        subscription = WeeklyEmailSubscription(user_id=user.id)
        db.session.add(subscription)
    subscription.active = bool(active)
    subscription.markets = [slug for slug in known if slug in market_slugs]  # feeds.yml order
    db.session.flush()
    return subscription


def unsubscribe(user: User) -> bool:
    """Stop the weekly email (the markets are kept for next time); False if it was already off."""
    subscription = subscription_for(user)
    if subscription is None or not subscription.active:
        return False
    subscription.active = False
    db.session.flush()
    return True
