"""The digest of a market as an Atom feed, and the personal key that lets a feed reader fetch it.

Feed readers can't sign in or send bearer tokens, so each user gets a feed URL with a signed key.
The key names the user and a fingerprint of their password hash: deactivating the user or
changing their password revokes every feed URL they handed to a reader.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from html import escape
from xml.etree import ElementTree as ET  # nosec B405 - only builds our own feed; parses nothing

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from enablement.extensions import db
from enablement.markdown import render_markdown
from enablement.markets import Market
from enablement.models import NewsItem, User, utcnow
from enablement.news.parse import plain_text, sanitise_feed_html

ATOM = "http://www.w3.org/2005/Atom"
SALT = "news-atom-feed"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def feed_key_for(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def user_for_feed_key(key: str | None) -> User | None:
    """The active user a feed key belongs to, or None for a bad or revoked key."""
    if not key:
        return None
    try:
        user_id, fingerprint = _serializer().loads(key)
    except (BadSignature, TypeError, ValueError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or fingerprint != _fingerprint(user):
        return None
    return user


def _time(value: datetime) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def _sub(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def entry_html(item: NewsItem, reasons: list[tuple[str, str]]) -> str:
    parts = [sanitise_feed_html(item.summary)]
    if reasons:
        why = "; ".join(f"{name}: {reason}" for name, reason in reasons)
        parts.append(f"<p><em>Tagged {escape(why)}</em></p>")
    if item.talking_points:
        parts.append("<h4>Talking points</h4>" + str(render_markdown(item.talking_points)))
    return "\n".join(part for part in parts if part)


def atom_document(market: Market, items: list[NewsItem], why) -> bytes:
    """An Atom 1.0 document of `items`, each linking to the story and to its page in the hub."""
    ET.register_namespace("", ATOM)
    self_url = url_for("news_api.atom", market=market.slug, _external=True)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", self_url)
    _sub(root, "title", f"{market.name} news · Enablement Hub")
    _sub(root, "subtitle", "Industry news tagged to this market, with marketing's talking points.")
    _sub(root, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(root, "link", rel="alternate", type="text/html",
         href=url_for("news.digest", market=market.slug, _external=True))
    updated = max((item.updated_at for item in items), default=None) or utcnow()
    _sub(root, "updated", _time(updated))
    _sub(root, "generator", "Enablement Hub")
    for item in items:
        hub_url = url_for("news.item", item_id=item.id, _external=True)
        entry = _sub(root, "entry")
        _sub(entry, "id", hub_url)
        _sub(entry, "title", item.title, type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url or hub_url)
        _sub(entry, "link", rel="related", type="text/html", href=hub_url)
        _sub(entry, "published", _time(item.published_at))
        _sub(entry, "updated", _time(item.updated_at))
        author = _sub(entry, "author")
        _sub(author, "name", item.source or "Enablement Hub")
        for slug in item.markets:
            _sub(entry, "category", term=slug)
        _sub(entry, "summary", plain_text(item.summary, 600), type="text")
        _sub(entry, "content", entry_html(item, why(item)), type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
