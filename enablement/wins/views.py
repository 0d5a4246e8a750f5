"""Wins in the browser: the board (/wins), the form to record one, and the deals an asset helped
win on its page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Asset, Role, Win
from enablement.security import role_required
from enablement.web import choices, market_choices, show_form_errors
from enablement.wins import services
from enablement.wins.forms import WinForm

bp = Blueprint("wins", __name__)

PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}


@bp.app_context_processor
def template_functions() -> dict:
    return {"asset_wins": asset_wins, "money": services.money}


def asset_wins(asset: Asset) -> list[Win]:
    """The latest deals the asset helped win, for its page."""
    return services.recent_wins(asset_id=asset.id, limit=10)


def _win_form(**kwargs) -> WinForm:
    form = WinForm(**kwargs)
    form.market.choices = market_choices("—")
    form.asset_ids.choices = [SelectChoice(str(a.id), a.title)
                              for a in services.creditable_assets()]
    form.lead_source.choices = choices(services.LEAD_SOURCE_LABELS.items())
    form.lead_marketer.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(u.id), u.name) for u in services.marketers()]
    if current_user.has_role(Role.MARKETING):
        form.rep.choices = [SelectChoice(str(u.id), f"{u.name} ({u.email})")
                            for u in services.active_users()]
    else:
        del form.rep
    return form


@bp.get("/wins")
@role_required(Role.REP)
def index():
    period = request.args.get("period", "90")
    if period not in PERIODS:
        period = "90"
    since = services.period_start(PERIODS[period])
    return render_template("wins/index.html", summary=services.summary(since),
                           recent=services.recent_wins(since), period=period, periods=PERIODS,
                           lead_labels=services.LEAD_SOURCE_LABELS)


@bp.route("/wins/new", methods=["GET", "POST"])
@role_required(Role.REP)
def new():
    if request.method == "GET":
        preselected = request.args.get("asset_id", "")
        form = _win_form(data={"asset_ids": [preselected] if preselected.isdigit() else [],
                               "lead_source": "sales", "rep": str(current_user.id)})
    else:
        form = _win_form()
    if form.validate_on_submit():
        data = {name: form[name].data for name in ("account", "amount", "closed_on", "market",
                                                   "asset_ids", "lead_source", "lead_marketer",
                                                   "note")}
        if "rep" in form:
            data["rep"] = form.rep.data
        try:
            win, _ = services.record_win(current_user, data)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error, {"rep_email": "rep",
                                           "lead_marketer_email": "lead_marketer"})
        else:
            db.session.commit()
            flash(f"Congratulations on {win.account}! The win is on the board.", "success")
            return redirect(url_for("wins.index", _anchor=f"win-{win.id}"))
    status = 422 if request.method == "POST" else 200
    return render_template("wins/new.html", form=form), status
