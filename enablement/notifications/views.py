"""The notifications page, and the unread count every page's header shows."""

from flask import Blueprint, render_template
from flask_login import current_user

from enablement.extensions import db
from enablement.models import Role
from enablement.notifications import services
from enablement.security import role_required

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
