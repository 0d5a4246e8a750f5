"""Who hears about a comment on a request, and how often: the other side of the thread, in the
hub and by email, with a burst of comments grouped into one notification and one email."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enablement.errors import NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Notification, RequestComment
from enablement.notifications.services import mark_read_about
from enablement.requests import services as content_requests


@pytest.fixture
def app_config(mail_config):
    return mail_config


def notes_for(user) -> list[str]:
    return list(db.session.scalars(select(Notification.message)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def comment(user, request, text):
    made = content_requests.add_comment(user, request, text)
    db.session.commit()
    return made


def test_marketing_comments_reach_the_requester_and_replies_reach_the_owner(
        app, ask, create_user, inbox):
    rep = create_user("rep", name="Rita Rep", email="rita@example.com")
    owner = create_user("marketing", name="Cara Content", email="cara@example.com")
    bystander = create_user("marketing")
    request = ask(requester=rep)

    comment(owner, request, "Which region's customers matter most?")
    assert request.owner_id == owner.id  # commenting is acting on it
    assert notes_for(rep) == ["Cara Content commented on the request “A case study for "
                              "cold-storage logistics in the Midwest”: “Which region's "
                              "customers matter most?”"]
    [(to, mail)] = inbox.messages
    assert to == ["rita@example.com"]
    assert mail["Subject"] == "Cara Content commented on a content request"
    assert "Which region's customers matter most?" in mail.get_content()
    assert f"http://hub.test/requests/{request.id}#comments" in mail.get_content()

    comment(rep, request, "The Midwest,\nmostly Ohio.")
    assert len(notes_for(owner)) == 1 and "Rita Rep commented" in notes_for(owner)[0]
    assert notes_for(bystander) == []  # the owner answers, not the whole team
    assert inbox.messages[-1][0] == ["cara@example.com"]
    assert "The Midwest,\r\nmostly Ohio." in inbox.messages[-1][1].get_content()


def test_a_burst_of_comments_is_one_notification_and_one_email_until_read(
        app, ask, create_user, inbox):
    owner = create_user("marketing")
    request = ask()
    rep = request.requester
    for text in ("First thought.", "Second thought.", "Third thought."):
        comment(owner, request, text)
    assert notes_for(rep) == ["3 new comments on the request “A case study for cold-storage "
                              "logistics in the Midwest”."]
    assert len(inbox.messages) == 1

    # Opening the request's page reads them; the next comment is news again.
    assert mark_read_about(rep, f"/requests/{request.id}") == 1
    db.session.commit()
    comment(owner, request, "Fourth thought.")
    assert len(inbox.messages) == 2
    assert "Fourth thought." in notes_for(rep)[-1]


def test_a_reply_to_a_request_nobody_owns_reaches_marketing_in_the_hub(app, ask, create_user,
                                                                       inbox):
    team = [create_user("marketing"), create_user("marketing")]
    admin = create_user("admin")
    request = ask()
    comment(request.requester, request, "Is anyone on this?")
    assert all(len(notes_for(m)) == 1 for m in team)
    assert notes_for(admin) == [] and notes_for(request.requester) == []
    assert inbox.messages == []  # no owner: no one's mailbox fills with it
    assert request.owner_id is None  # the requester's comment doesn't make anyone owner


def test_each_marketer_counts_the_comments_since_they_last_read(app, ask, create_user):
    early, late = create_user("marketing"), create_user("marketing")
    request = ask()
    comment(request.requester, request, "Is anyone on this?")
    assert mark_read_about(late, f"/requests/{request.id}") == 1
    db.session.commit()
    for text in ("Hello?", "Still need it."):
        comment(request.requester, request, text)
    asked = "the request “A case study for cold-storage logistics in the Midwest”."
    assert notes_for(early) == [f"3 new comments on {asked}"]
    assert notes_for(late)[-1] == f"2 new comments on {asked}"


@pytest.mark.parametrize(("body", "says"), [
    ("", "Write something"), ("   \n ", "Write something"), (None, "Write something"),
    (42, "Write some text"), ("x" * 2001, "At most 2,000"),
])
def test_empty_or_overlong_comments_are_refused(app, ask, body, says, count_rows):
    request = ask()
    with pytest.raises(ValidationError) as error:
        content_requests.add_comment(request.requester, request, body)
    assert says in error.value.fields["body"]
    db.session.rollback()
    assert count_rows(RequestComment) == 0 and count_rows(Notification) == 0


def test_a_rep_cannot_comment_on_someone_elses_request(app, ask, create_user, count_rows):
    request = ask()
    with pytest.raises(NotFound):
        content_requests.add_comment(create_user("rep"), request, "Me too!")
    assert count_rows(RequestComment) == 0
