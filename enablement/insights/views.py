"""/insights: what reps use, rate, ask for and fail to find, and the numbers both teams share."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.insights import charts, dashboard, gaps, metrics, periods
from enablement.insights.forms import (
    GapDraftForm,
    GapSetAsideForm,
    TargetsForm,
    filled_targets_form,
    target_field_name,
)
from enablement.models import Role
from enablement.security import role_required
from enablement.web import ActionForm, kind_choices

bp = Blueprint("insights", __name__)

USAGE_SERIES = (charts.Series("views", "Views", "#2456a6"),
                charts.Series("copies", "Copies", "#0f7a5c"),
                charts.Series("downloads", "Downloads", "#c77700"))


BUYER_SERIES = (charts.Series("shared", "Times shared", "#c77700"),
                charts.Series("opened", "Opened by a buyer", "#2456a6"))
BUYER_CHART_ROWS = 8


def period_args() -> dict[str, str]:
    """The period in the query string, to keep it across the targets form (nothing else:
    url_for would treat keys like `_external` as its own options)."""
    return {k: request.args[k] for k in ("days", "from", "to") if request.args.get(k)}


def _charts(report: dict) -> dict:
    """Each chart twice, for wide screens and for phones (CSS shows one)."""
    period = report["period"]
    buckets = report["over_time"]
    labels = [f"{b['start']:%b} {b['start'].day}" for b in buckets]
    per = "day" if period.bucket == "day" else "week"
    coverage = report["coverage"]
    usage = ("usage-chart", f"Rep usage per {per}, {period.label}",
             f"Views, copies and downloads by reps per {per}; the table below has the numbers.",
             labels, buckets, USAGE_SERIES, "No rep used an asset in this period")
    heat = ("coverage-chart", "Published assets by market and kind",
            f"{len(coverage['empty'])} empty combinations are outlined in red; the table below "
            "has the numbers.",
            [(m["slug"], m["name"]) for m in coverage["markets"]],
            [(k["slug"], k["label"]) for k in coverage["kinds"]], coverage["counts"])
    buyer_rows = [(row["title"], row) for row in report["buyers"]["assets"][:BUYER_CHART_ROWS]]
    buyers = ("buyers-chart", f"Shared and opened by buyers, {period.label}",
              f"Times each of the {len(buyer_rows)} most opened assets was shared and opened by "
              "a buyer; the table below has the numbers.", buyer_rows, BUYER_SERIES)
    return {
        "buyers": charts.paired_bars(*buyers) if buyer_rows else None,
        "buyers_compact": charts.paired_bars(f"{buyers[0]}-compact", *buyers[1:], compact=True)
        if buyer_rows else None,
        "usage": charts.stacked_bars(*usage),
        "usage_compact": charts.stacked_bars(f"{usage[0]}-compact", *usage[1:], compact=True),
        "coverage": charts.heat_map(*heat),
        "coverage_compact": charts.heat_map(f"{heat[0]}-compact", *heat[1:], compact=True),
    }


@bp.get("/insights")
@role_required(Role.MARKETING)
def index():
    period_errors = {}
    try:
        period = periods.parse_period(request.args)
    except ValidationError as error:
        period_errors = error.fields
        period = periods.parse_period({})
    return _page(period, period_errors), 422 if period_errors else 200


def _page(period, period_errors=None, targets_form=None):
    report = dashboard.report(period)
    if targets_form is None and current_user.has_role(Role.ADMIN):
        targets_form = filled_targets_form(formdata=None)
    return render_template(
        "insights/dashboard.html", report=report, period=period, charts=_charts(report),
        period_errors=period_errors or {}, presets=periods.PRESETS,
        usage_series=USAGE_SERIES, kind_choices=kind_choices(), action_form=ActionForm(),
        targets_form=targets_form, metrics_by_key=metrics.METRICS, period_args=period_args(),
        unused_days=dashboard.UNUSED_DAYS, snooze_days=gaps.SNOOZE_DAYS,
        return_after=gaps.RETURN_AFTER_REPS,
        date_bounds=(periods.EARLIEST, periods.latest_allowed()),
    )


@bp.post("/insights/gaps/draft")
@role_required(Role.MARKETING)
def gap_draft():
    form = GapDraftForm()
    if not form.validate_on_submit():
        flash("Choose a search to start a draft from.", "danger")
        return redirect(url_for("insights.index", _anchor="gaps"))
    try:
        asset = gaps.start_draft_from_gap(current_user, form.query.data, form.kind.data)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
        return redirect(url_for("insights.index", _anchor="gaps"))
    db.session.commit()
    flash("Draft started from the search. Requests made from that search are linked to it.",
          "success")
    return redirect(url_for("assets.edit", asset_id=asset.id))


@bp.post("/insights/gaps/set-aside")
@role_required(Role.MARKETING)
def gap_set_aside():
    form = GapSetAsideForm()
    back = redirect(url_for("insights.index", **period_args(), _anchor="gaps"))
    if not form.validate_on_submit():
        flash("Choose a search and whether to dismiss or snooze it.", "danger")
        return back
    try:
        if form.how.data == "bring_back":
            gaps.bring_back(current_user, form.query.data)
        else:
            gaps.set_aside(current_user, form.query.data, form.how.data)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "danger")
        return back
    db.session.commit()
    flash({"dismiss": f"Dismissed: it comes back if {gaps.RETURN_AFTER_REPS} reps search for it "
                      "again.",
           "snooze": f"Snoozed for {gaps.SNOOZE_DAYS} days.",
           "bring_back": "Back on the list."}[form.how.data], "success")
    return back


@bp.post("/insights/targets")
@role_required(Role.ADMIN)
def set_targets():
    form = TargetsForm()
    if form.validate_on_submit():
        for metric in metrics.METRICS:
            for days in periods.PRESETS:
                field = form[target_field_name(metric, days)]
                try:
                    metrics.set_target(current_user, metric, days, (field.data or "").strip())
                except ValidationError as error:
                    field.errors = [*field.errors, *error.fields.values()]
        if not form.errors:
            db.session.commit()
            flash("Targets saved.", "success")
            return redirect(url_for("insights.index", **period_args(), _anchor="metrics"))
        db.session.rollback()
    try:
        period = periods.parse_period(request.args)
    except ValidationError:
        period = periods.parse_period({})
    return _page(period, targets_form=form), 422
