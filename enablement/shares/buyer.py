"""The buyer page, `/s/<token>`: no sign-in, nothing of the hub but the share itself.

Every URL the page uses is under its own `/s/<token>/…` and answers only for the share's own
assets and their files: a revoked or expired link is a 410 everywhere, an unknown one a 404, and
an asset that is no longer shareable (archived, unpublished, marked internal) is "no longer
available" on the page and a 404 under it. Nothing here records anything on a GET: views and
time come only from the page script's beacons (engagement.py's counting rule).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from enablement.assets import attachments as files
from enablement.assets.kinds import KINDS
from enablement.auth import throttle
from enablement.extensions import csrf, db, limiter
from enablement.models import (
    Asset,
    Attachment,
    Share,
    ShareAsset,
    ShareDownload,
    ShareVisit,
    ShareVisitor,
    utcnow,
)
from enablement.security import public
from enablement.shares import engagement, pages, tokens, visitors
from enablement.shares.rules import is_shareable

bp = Blueprint("buyer", __name__, url_prefix="/s")
csrf.exempt(bp)  # the gate forms carry their own check (visitors.form_key_ok); see beacon below

BUYER_CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "font-src 'self'", "connect-src 'self'", "form-action 'self'", "base-uri 'none'",
    "frame-ancestors 'none'",
])
BUYER_HEADERS = {
    "Content-Security-Policy": BUYER_CSP,
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@bp.after_request
def buyer_headers(response):
    # Set before the app's own headers, which only fill in what is missing.
    response.headers.update(BUYER_HEADERS)
    return response


class Gone(Exception):
    """The link was revoked or has expired (410), or never existed (404)."""

    def __init__(self, status: int):
        self.status = status


@bp.errorhandler(Gone)
def gone(error: Gone):
    return _gone_page(error.status)


def _gone_page(status: int):
    """The same page for a revoked, expired or unknown link: nothing about the share."""
    return render_template("shares/buyer_gone.html", status=status, logo=False,
                           company=current_app.config["SHARE_COMPANY_NAME"]), status


@bp.errorhandler(404)
def not_here(_error):
    return _gone_page(404)


@bp.errorhandler(RateLimitExceeded)
def slow_down(_error):
    return "", 429


def _share(token: str) -> Share:
    if not tokens.looks_like_token(token):
        raise Gone(404)
    share = db.session.scalar(select(Share).where(Share.token_hash == tokens.hash_token(token)))
    if share is None:
        raise Gone(404)
    if not share.is_live(utcnow()):
        raise Gone(410)
    return share


def _read_by_hub_user() -> bool:
    """Someone signed in to the hub (the rep checking their link, a colleague, marketing): what
    they read is not the buyer's reading, so it is never counted."""
    return current_user.is_authenticated


def _admitted_share(token: str) -> tuple[Share, visitors.Pass]:
    """The share and this browser's pass, for the URLs behind the gates (404 until passed)."""
    share = _share(token)
    visitor_pass, _ = visitors.read()
    if not visitors.admitted(share, visitor_pass):
        abort(404)
    return share, visitor_pass


def _shared_asset(share: Share, asset_id: int):
    item = next((i for i in share.items if i.asset_id == asset_id), None)
    if item is None or not is_shareable(item.asset):
        abort(404)
    return item.asset


def _attachment(share: Share, asset_id: int, attachment_id: int) -> tuple[Attachment, Path]:
    asset = _shared_asset(share, asset_id)
    attachment = next((a for a in asset.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    path = files.stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
    if not os.path.exists(path):
        abort(404)
    return attachment, path


def _layouts(share: Share) -> dict[int, pages.Layout | None]:
    """Each PDF attachment's pages (None when the file can't be shown page by page)."""
    found = {}
    for item in share.items:
        if not is_shareable(item.asset):
            continue
        for attachment in item.asset.attachments:
            if attachment.kind != "pdf":
                continue
            path = files.stored_path(current_app.config["UPLOAD_DIR"], attachment.stored_name)
            try:
                found[attachment.id] = pages.layout(path, attachment.sha256,
                                                    current_app.config["SHARE_PAGE_CACHE_DIR"])
            except (pages.PageError, OSError):
                found[attachment.id] = None
    return found


def _page(share: Share, token: str, visitor_pass: visitors.Pass, *, gate: str | None = None,
          error: str | None = None, status: int = 200, typed_email: str = ""):
    response = current_app.make_response((render_template(
        "shares/buyer.html" if gate is None else "shares/buyer_gate.html",
        share=share, token=token, gate=gate, error=error, form_key=visitor_pass.form_key,
        typed_email=typed_email, kinds=KINDS, is_shareable=is_shareable,
        layouts=_layouts(share) if gate is None else {},
        company=current_app.config["SHARE_COMPANY_NAME"],
        logo=bool(current_app.config["SHARE_COMPANY_LOGO"]),
        hub_user=current_user if _read_by_hub_user() else None,
    ), status))
    return visitors.write(response, share, token, visitor_pass)


@bp.get("/<token>")
@public
def page(token: str):
    share = _share(token)
    visitor_pass, _ = visitors.read()
    if not visitors.passcode_ok(share, visitor_pass):
        return _page(share, token, visitor_pass, gate="passcode")
    if not visitors.email_ok(share, visitor_pass):
        return _page(share, token, visitor_pass, gate="email")
    return _page(share, token, visitor_pass)


def _passcode_limit() -> str:
    return current_app.config["SHARE_PASSCODE_RATE_LIMIT"]


@bp.post("/<token>/passcode")
@public
@limiter.limit(_passcode_limit, key_func=throttle.request_source)
def passcode(token: str):
    """Passcodes are throttled as sign-ins are (auth/throttle.py), per share and source."""
    share = _share(token)
    visitor_pass, _ = visitors.read()
    if not visitors.form_key_ok(visitor_pass, request.form.get("form_key")):
        return _page(share, token, visitor_pass, gate="passcode", status=400,
                     error="The form expired. Please type the passcode again.")
    key, source = f"share:{share.id}", throttle.request_source()
    policy, now = throttle.Policy.from_config(current_app.config), utcnow()
    throttle.forget_expired(policy, now)
    try:
        throttle.check(key, source, False, now)
    except throttle.TooManyAttempts as refused:
        db.session.commit()
        response = _page(share, token, visitor_pass, gate="passcode", status=429,
                         error="Too many wrong passcodes. Please wait a few minutes.")
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    typed = (request.form.get("passcode") or "")[:200]
    if share.passcode_hash and check_password_hash(share.passcode_hash, typed):
        throttle.record_success(key, source)
        db.session.commit()
        return _after_gate(share, token, visitors.with_passcode(share, visitor_pass))
    throttle.record_failure(key, source, policy, now)
    db.session.commit()
    return _page(share, token, visitor_pass, gate="passcode", status=401,
                 error="That passcode is not right.")


@bp.post("/<token>/email")
@public
@limiter.limit(_passcode_limit, key_func=throttle.request_source)
def email(token: str):
    share = _share(token)
    visitor_pass, _ = visitors.read()
    if not visitors.passcode_ok(share, visitor_pass):
        return _page(share, token, visitor_pass, gate="passcode", status=401)
    typed = (request.form.get("email") or "").strip()[:254]
    if not visitors.form_key_ok(visitor_pass, request.form.get("form_key")):
        return _page(share, token, visitor_pass, gate="email", status=400, typed_email=typed,
                     error="The form expired. Please send it again.")
    try:
        address = validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError:
        return _page(share, token, visitor_pass, gate="email", status=422, typed_email=typed,
                     error="Please type your email address, like name@company.com.")
    visitor_pass = visitors.with_email(visitor_pass, address)
    engagement.visitor_for(share, visitors.cookie_hash(visitor_pass), address)
    db.session.commit()
    return _after_gate(share, token, visitor_pass)


def _after_gate(share: Share, token: str, visitor_pass: visitors.Pass):
    response = current_app.redirect(url_for("buyer.page", token=token), 303)
    return visitors.write(response, share, token, visitor_pass)


def _beacon_limit() -> str:
    return current_app.config["SHARE_BEACON_RATE_LIMIT"]


@bp.post("/<token>/beacon")
@public
@limiter.limit(_beacon_limit, key_func=throttle.request_source)
def beacon(token: str):
    """Our page script's report of visible time. Unknown, revoked or expired shares, gates not
    passed, signed-in hub users and announced bots get the same empty 204 as a counted beacon:
    nothing says why."""
    try:
        share = _share(token)
    except Gone:
        return "", 204
    visitor_pass, had_cookie = visitors.read()
    if not visitors.admitted(share, visitor_pass) or _read_by_hub_user() or engagement.is_bot(
            request.headers.get("User-Agent")):
        return "", 204
    if (request.content_length or 0) > engagement.MAX_BODY_BYTES:
        return "", 413
    raw = request.stream.read(engagement.MAX_BODY_BYTES + 1)  # never more, chunked or not
    try:
        parsed = engagement.parse_beacon(_json(raw), _readable_asset_ids(share))
    except engagement.BadBeacon:
        return "", 400
    visitor_hash = visitors.cookie_hash(visitor_pass) if had_cookie else \
        visitors.cookie_hash(visitors.Pass(visitor=parsed.view_key, form_key=""))
    try:
        engagement.record(share, visitor_hash, parsed, utcnow())
        db.session.commit()
    except IntegrityError:
        # Two beacons of a new visit (or two tabs of a new visitor) arrived at two workers at
        # once, and the other stored the visit first: add this one's time to it.
        db.session.rollback()
        engagement.record(_share(token), visitor_hash, parsed, utcnow())
        db.session.commit()
    return "", 204


def _readable_asset_ids(share: Share) -> set[int]:
    """The share's assets a buyer may still read, in one query (beacons come often)."""
    assets = db.session.scalars(select(Asset).join(ShareAsset, ShareAsset.asset_id == Asset.id)
                                .where(ShareAsset.share_id == share.id))
    return {asset.id for asset in assets if is_shareable(asset)}


def _json(raw: bytes):
    if len(raw) > engagement.MAX_BODY_BYTES:
        raise engagement.BadBeacon("too large")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise engagement.BadBeacon("not JSON") from None


@bp.get("/<token>/a/<int:asset_id>/f/<int:attachment_id>/p/<int:page_number>.png")
@public
def page_image(token: str, asset_id: int, attachment_id: int, page_number: int):
    share, _ = _admitted_share(token)
    attachment, path = _attachment(share, asset_id, attachment_id)
    if attachment.kind != "pdf":
        abort(404)
    try:
        image = pages.page_image(path, attachment.sha256,
                                 current_app.config["SHARE_PAGE_CACHE_DIR"], page_number)
    except pages.PageError:
        abort(404)
    return send_file(image, mimetype="image/png", max_age=0)


@bp.get("/<token>/a/<int:asset_id>/f/<int:attachment_id>")
@public
def download(token: str, asset_id: int, attachment_id: int):
    """A file, when the rep allowed downloads. Counted only for a visitor whose page script
    already reported a real view, and never for a HEAD request."""
    share, visitor_pass = _admitted_share(token)
    if not share.allow_download:
        abort(404)
    attachment, path = _attachment(share, asset_id, attachment_id)
    if request.method == "GET" and not _read_by_hub_user():
        visitor = db.session.scalar(select(ShareVisitor).where(
            ShareVisitor.share_id == share.id,
            ShareVisitor.cookie_hash == visitors.cookie_hash(visitor_pass)))
        viewed = visitor is not None and db.session.scalar(
            select(ShareVisit.id).where(ShareVisit.visitor_id == visitor.id).limit(1))
        if viewed:
            db.session.add(ShareDownload(share_id=share.id, visitor_id=visitor.id,
                                         asset_id=asset_id, attachment_id=attachment.id))
            share.last_activity_at = utcnow()
            db.session.commit()
    return send_file(path, mimetype=attachment.mimetype, as_attachment=True,
                     download_name=attachment.filename, max_age=0)


@bp.get("/<token>/logo")
@public
def logo(token: str):
    _share(token)
    configured = current_app.config["SHARE_COMPANY_LOGO"]
    if not configured or not os.path.isfile(configured):  # the page's plain icon, then
        configured = Path(current_app.static_folder) / "share-icon.svg"
    return send_file(configured, max_age=0)
