"""The notifications page, the settings for how people are told (the weekly email), and the
unread count every page's header shows."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, utcnow
from enablement.notifications import services
from enablement.notifications.forms import NotificationSettingsForm
from enablement.security import role_required
from enablement.web import market_choices, show_form_errors
from enablement.weekly import services as weekly
from enablement.weekly.schedule import next_moment

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def header_count() -> dict:
    return {"unread_notifications": unread_notifications}


def unread_notifications() -> int:
    """The header's count (one indexed COUNT per page)."""
    if not current_user.is_authenticated:
        return 0
    return services.unread_count(current_user)


@bp.get("/notifications")
@role_required(Role.REP)
def index():
    """Opening the page reads them: what was unread is marked read, and highlighted once."""
    items = services.recent(current_user)
    unread = {n.id for n in items if n.read_at is None}
    if services.mark_all_read(current_user):
        db.session.commit()
    return render_template("notifications/index.html",
                           items=services.as_seen_by(current_user, items), unread=unread)


@bp.route("/notifications/settings", methods=["GET", "POST"])
@role_required(Role.REP)
def settings():
    """Each person's own choice: the weekly email on or off, and for which markets."""
    form = NotificationSettingsForm(weekly_email=weekly.is_subscribed(current_user),
                                    markets=weekly.chosen_markets(current_user))
    form.markets.choices = market_choices()
    if form.validate_on_submit():
        try:
            weekly.set_weekly_email(current_user, form.weekly_email.data, form.markets.data)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Weekly email turned on." if form.weekly_email.data
                  else "Weekly email turned off.", "success")
            return redirect(url_for("notifications.settings"))
    config = current_app.config
    return render_template(
        "notifications/settings.html", form=form,
        mail_enabled=bool(config.get("MAIL_SERVER")),
        next_send=next_moment(utcnow(), config["WEEKLY_EMAIL_WEEKDAY"],
                              config["WEEKLY_EMAIL_HOUR"]),
    ), 422 if form.errors else 200
