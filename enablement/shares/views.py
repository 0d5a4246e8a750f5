"""Shares in the hub: the share builder, "My shares" (hottest first) and a share's page with its
link, assets, expiry and what the buyer read."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, Share, utcnow
from enablement.models.base import as_id
from enablement.notifications.services import mark_read_about
from enablement.routing import absolute_url
from enablement.security import role_required
from enablement.shares import activity, services, tokens
from enablement.shares.forms import AddAssetsForm, ExtendForm, ShareForm
from enablement.shares.rules import is_shareable
from enablement.web import ActionForm, show_form_errors

bp = Blueprint("shares", __name__)


def share_link(share: Share) -> str | None:
    """The buyer link, for its owner (None if SECRET_KEY changed since it was made)."""
    token = tokens.unseal(share.token_sealed)
    return absolute_url(url_for("buyer.page", token=token)) if token else None


def _asset_choices(exclude: set[int] = frozenset()) -> list[SelectChoice]:
    return [SelectChoice(str(a.id), f"{a.title} ({KINDS[a.kind].label})")
            for a in services.shareable_choices(current_user) if a.id not in exclude]


@bp.get("/shares")
@role_required(Role.REP)
def index():
    everyone = bool(request.args.get("all")) and current_user.has_role(Role.ADMIN)
    return render_template("shares/index.html", everyone=everyone,
                           shares=services.list_shares(current_user, everyone=everyone),
                           is_shareable=is_shareable, now=utcnow())


@bp.route("/shares/new", methods=["GET", "POST"])
@role_required(Role.REP)
def new():
    form = ShareForm()
    form.asset_ids.choices = _asset_choices()
    if request.method == "GET":
        picked = [str(as_id(raw)) for raw in request.args.getlist("asset_id")[:services.ASSETS_MAX]]
        offered = {choice.value for choice in form.asset_ids.choices}
        form.asset_ids.data = [value for value in picked if value in offered]
        if len(form.asset_ids.data) < len(picked):
            flash("Some of what you picked can't be shared with buyers (only published assets "
                  "cleared for buyers can).", "warning")
    elif form.validate_on_submit():
        try:
            share, _token = services.create_share(current_user, form.to_input())
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Share ready: copy the link below and send it to your buyer.", "success")
            return redirect(url_for("shares.detail", share_id=share.id))
    return render_template("shares/new.html", form=form), 422 if form.errors else 200


@bp.get("/shares/<int:share_id>")
@role_required(Role.REP)
def detail(share_id: int):
    share = services.get_share(current_user, share_id)
    if mark_read_about(current_user, url_for("shares.detail", share_id=share_id)):
        db.session.commit()
    return _detail_page(share)


def _detail_page(share: Share, status: int = 200, **forms):
    link = share_link(share)
    add_form = forms.get("add_form") or AddAssetsForm(formdata=None)
    add_form.asset_ids.choices = _asset_choices({item.asset_id for item in share.items})
    mailto = None
    if link:
        subject = quote(f"Content for {share.account}")
        body = quote(f"Hi {share.recipient_name or ''},\n\nHere is what we talked about:\n"
                     f"{link}\n\n{current_user.name}")
        mailto = f"mailto:{quote(share.recipient_email)}?subject={subject}&body={body}"
    return render_template(
        "shares/detail.html", share=share, link=link, mailto=mailto,
        found=activity.activity(share), seconds=activity.seconds, is_shareable=is_shareable,
        live=share.is_live(utcnow()), action_form=ActionForm(), add_form=add_form,
        extend_form=forms.get("extend_form") or ExtendForm(formdata=None),
        assets={item.asset_id: item.asset for item in share.items},
    ), status


@bp.post("/shares/<int:share_id>/assets")
@role_required(Role.REP)
def add_assets(share_id: int):
    share = services.get_share(current_user, share_id)
    form = AddAssetsForm()
    form.asset_ids.choices = _asset_choices()
    if not form.validate_on_submit():
        abort(400)
    try:
        added = services.add_assets(current_user, share, list(form.asset_ids.data or []))
    except ValidationError as error:
        db.session.rollback()
        show_form_errors(form, error)
        return _detail_page(share, 422, add_form=form)
    db.session.commit()
    flash(f"Added {len(added)} asset{'' if len(added) == 1 else 's'}: the same link shows "
          "them now.", "success")
    return redirect(url_for("shares.detail", share_id=share_id))


@bp.post("/shares/<int:share_id>/assets/<int:asset_id>/remove")
@role_required(Role.REP)
def remove_asset(share_id: int, asset_id: int):
    share = services.get_share(current_user, share_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.remove_asset(current_user, share, asset_id)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
    else:
        db.session.commit()
        flash("Removed: the buyer no longer sees it.", "success")
    return redirect(url_for("shares.detail", share_id=share_id))


@bp.post("/shares/<int:share_id>/extend")
@role_required(Role.REP)
def extend(share_id: int):
    share = services.get_share(current_user, share_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        return _detail_page(share, 422, extend_form=form)
    try:
        services.update_share(current_user, share,
                              {"expires_in_days": form.expires_in_days.data})
    except ValidationError as error:
        db.session.rollback()
        show_form_errors(form, error)
        return _detail_page(share, 422, extend_form=form)
    db.session.commit()
    flash(f"The link now works until {share.expires_at.date().isoformat()}.", "success")
    return redirect(url_for("shares.detail", share_id=share_id))


@bp.post("/shares/<int:share_id>/revoke")
@role_required(Role.REP)
def revoke(share_id: int):
    share = services.get_share(current_user, share_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.update_share(current_user, share, {"revoked": True})
    db.session.commit()
    flash("Revoked: the link no longer opens, for anyone.", "success")
    return redirect(url_for("shares.detail", share_id=share_id))
