"""The notifications page: each user reads their own; the header counts the unread ones until
the page is opened."""

from __future__ import annotations

from enablement.extensions import db
from enablement.notifications.services import notify, unread_count


def test_notifications_page_is_personal(client, auth, create_user):
    one, two = create_user("rep"), create_user("rep")
    notify(one.id, "For one only", "/assets/")
    db.session.commit()
    auth.login(two)
    assert "For one only" not in client.get("/notifications").get_data(as_text=True)
    assert unread_count(one) == 1
    auth.login(one)
    assert 'class="badge notification-count">1<' in client.get("/").get_data(as_text=True)
    page = client.get("/notifications").get_data(as_text=True)
    assert '<a href="/assets/">For one only</a>' in page
    assert unread_count(one) == 0
    assert "notification-new" not in client.get("/notifications").get_data(as_text=True)
