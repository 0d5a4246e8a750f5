"""Wins in the browser: the board (/wins), the form to record one, and the deals an asset helped
win on its page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.assets.visibility import can_open
from enablement.errors import DomainError, Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Asset, Role, Win
from enablement.models.wins import WinConflict
from enablement.money import currency, money
from enablement.security import role_required
from enablement.shares.deals import share_accounts
from enablement.web import ActionForm, choices, market_choices, show_form_errors
from enablement.wins import board, conflicts, picker, services
from enablement.wins.forms import WinForm, plain_amount

bp = Blueprint("wins", __name__)

PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}


@bp.app_context_processor
def template_functions() -> dict:
    return {"asset_wins": asset_wins, "money": money}


def asset_wins(asset: Asset) -> list[Win]:
    """The latest deals the asset helped win, for its page."""
    return board.recent_wins(asset_id=asset.id, limit=10)


def _win_form(win: Win | None = None, **kwargs) -> WinForm:
    form = WinForm(**kwargs)
    form.amount.label.text = f"Amount ({currency()})"
    form.market.choices = market_choices("—")
    form.lead_source.choices = choices(services.LEAD_SOURCE_LABELS.items())
    marketers = services.marketers()
    if win is not None and win.lead_marketer is not None and win.lead_marketer not in marketers:
        marketers.append(win.lead_marketer)  # left since: the win still names them
    form.lead_marketer.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(u.id), u.name) for u in marketers]
    if current_user.has_role(Role.MARKETING):
        people = services.active_users()
        if win is not None and win.rep is not None and win.rep not in people:
            people.append(win.rep)
        form.rep.choices = [SelectChoice(str(u.id), f"{u.name} ({u.email})") for u in people]
    else:
        del form.rep
    return form


def _form_data(form: WinForm) -> dict:
    data = {name: form[name].data for name in ("account", "amount", "closed_on", "market",
                                               "asset_ids", "lead_source", "lead_marketer",
                                               "note")}
    if "rep" in form:
        data["rep"] = form.rep.data
    return data


FORM_ALIASES = {"rep_email": "rep", "lead_marketer_email": "lead_marketer"}


@bp.get("/wins")
@role_required(Role.REP)
def index():
    period = request.args.get("period", "90")
    if period not in PERIODS:
        period = "90"
    since = board.period_start(PERIODS[period])
    open_conflicts = conflicts.open_conflicts() if current_user.has_role(Role.ADMIN) else []
    return render_template("wins/index.html", summary=board.summary(since),
                           recent=board.recent_wins(since), period=period, periods=PERIODS,
                           lead_labels=services.LEAD_SOURCE_LABELS, conflicts=open_conflicts,
                           conflicted={c.win_id for c in open_conflicts},
                           differences=conflicts.conflict_differences,
                           recorder=conflicts.recorder,
                           may_edit=services.may_edit, action_form=ActionForm())


@bp.route("/wins/new", methods=["GET", "POST"])
@role_required(Role.REP)
def new():
    if request.method == "GET":
        preselected = request.args.get("asset_id", "")
        form = _win_form(data={"asset_ids": [preselected] if preselected.isdecimal() else [],
                               "lead_source": "sales", "rep": str(current_user.id)})
    else:
        form = _win_form()
    if form.validate_on_submit():
        try:
            win, _ = services.record_win(current_user, _form_data(form))
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error, FORM_ALIASES)
        else:
            db.session.commit()
            flash(f"Congratulations on {win.account}! The win is on the board.", "success")
            return redirect(url_for("wins.index", _anchor=f"win-{win.id}"))
    status = 422 if request.method == "POST" else 200
    accounts = share_accounts(current_user.id)
    if accounts:
        form.account.render_kw = {**(form.account.render_kw or {}), "list": "share-accounts"}
    return render_template("wins/new.html", form=form, share_accounts=accounts,
                           picker=picker.picker(current_user, form.asset_ids.data)), status


@bp.route("/wins/<int:win_id>/edit", methods=["GET", "POST"])
@role_required(Role.REP)
def edit(win_id: int):
    win = _editable(win_id)
    if request.method == "GET":
        form = _win_form(win, data={
            "account": win.account, "amount": plain_amount(win.amount),
            "closed_on": win.closed_on.isoformat(), "market": win.market or "",
            "asset_ids": [str(a.id) for a in win.assets if can_open(current_user, a)],
            "lead_source": win.lead_source,
            "lead_marketer": str(win.lead_marketer_id or ""), "rep": str(win.rep_id or ""),
            "note": win.note})
    else:
        form = _win_form(win)
    if form.validate_on_submit():
        try:
            services.update_win(current_user, win, _form_data(form))
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error, FORM_ALIASES)
        else:
            db.session.commit()
            flash(f"Saved your changes to {win.account}.", "success")
            return redirect(url_for("wins.index", _anchor=f"win-{win.id}"))
    status = 422 if request.method == "POST" else 200
    hidden = [a for a in win.assets if not can_open(current_user, a)]
    return render_template("wins/edit.html", form=form, win=win, hidden=hidden,
                           picker=picker.picker(current_user, form.asset_ids.data)), status


def _editable(win_id: int) -> Win:
    win = db.session.get(Win, win_id)
    if win is None:
        raise NotFound("We couldn't find that win.")
    if not services.may_edit(current_user, win):
        raise Forbidden("Only who recorded the win, or an admin, can change it.")
    return win


@bp.post("/wins/conflicts/<int:conflict_id>")
@role_required(Role.ADMIN)
def settle_conflict(conflict_id: int):
    """An admin keeps the win on record or takes what the integration sent."""
    conflict = db.session.get(WinConflict, conflict_id)
    if conflict is None:
        raise NotFound("We couldn't find that conflict.")
    if not ActionForm().validate_on_submit():
        raise DomainError("Your form expired. Reload the page and try again.")
    use_sent = request.form.get("keep") == "sent"
    try:
        win = conflicts.resolve_conflict(current_user, conflict, use_sent=use_sent)
    except ValidationError as error:
        db.session.rollback()
        flash("What the integration sent can't be applied as it is: "
              + " ".join(error.fields.values() or [error.message])
              + " Edit the win instead, then keep the record.", "danger")
        return redirect(url_for("wins.index", _anchor="conflicts"))
    db.session.commit()
    flash(f"Settled: {win.account} now has the details "
          f"{'the integration sent' if use_sent else 'on record'}.", "success")
    return redirect(url_for("wins.index", _anchor=f"win-{win.id}"))
