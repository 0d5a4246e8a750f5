"""Content requests: marketing links or drafts an asset, publishing it closes the request and
tells the requester; a draft started from a request waits for its author; owner, expected date,
status labels, and what the requester is told (never that a draft "is published")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from enablement.assets import services as asset_services
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, Notification, RequestComment, RequestStatus
from enablement.notifications.services import unread_count
from enablement.requests import services as content_requests


@pytest.fixture
def app_config(mail_config):
    return mail_config


def notes_for(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def write_real_content(marketer, draft, **fields):
    """What an author does with a draft started from a request: replace the rep's words."""
    data = {"title": "Cold storage on time", "summary": "How FrostLine cut spoilage.",
            "body": "FrostLine cut spoiled loads to zero.", "markets": ["construction"],
            "customer": "FrostLine", "challenge": "Spoilage.", "solution": "Scheduling.",
            "results": "No spoiled loads in a year."}
    asset_services.update_asset(marketer, draft, {**data, **fields}, partial=True)


def test_linking_a_draft_plans_the_request_and_publishing_it_fulfils_it(app, ask, create_user,
                                                                        create_asset, inbox):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    assert (request.status, request.asset_id, request.fulfilled_at) == ("planned", draft.id, None)
    [planned] = notes_for(request.requester)
    assert "is planned" in planned.message and draft.title not in planned.message

    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "done"
    assert request.fulfilled_at is not None
    done = notes_for(request.requester)[-1]
    assert draft.title in done.message and "is published" in done.message
    assert done.url == f"/assets/{draft.id}"
    assert unread_count(request.requester) == 2
    assert [m["Subject"] for _, m in inbox.messages] == [
        "Planned: your content request", f"Published for you: {draft.title}"]


def test_publishing_again_does_not_tell_the_requester_twice(app, ask, create_user, create_asset,
                                                            count_rows, inbox):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    for status in (AssetStatus.PUBLISHED, AssetStatus.DRAFT, AssetStatus.PUBLISHED):
        asset_services.change_status(marketer, draft, status)
    db.session.commit()
    assert count_rows(Notification) == 2  # planned, then done once
    assert len(inbox.messages) == 2


def test_linking_a_published_asset_fulfils_at_once(app, ask, create_user, create_asset, count_rows):
    marketer = create_user("marketing")
    request, asset = ask(), create_asset()
    content_requests.link_asset(marketer, request, asset.id)
    db.session.commit()
    assert request.status == "done" and request.fulfilled_at is not None
    assert count_rows(Notification) == 1


def test_publishing_an_unlinked_asset_touches_no_request(app, ask, create_user, create_asset,
                                                         count_rows):
    request = ask()
    create_asset()  # created and published at once
    asset_services.create_asset(create_user("marketing"), "sales_aid",
                                {"title": "Card", "summary": "s", "markets": ["construction"],
                                 "aid_type": "battle_card"}, status=AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "open" and count_rows(Notification) == 0


def test_start_draft_creates_a_linked_draft_of_the_requests_kind_and_market(app, ask,
                                                                           create_user):
    marketer = create_user("marketing")
    request = ask(text="Battle card against Acme for " + "very " * 60 + "large fleets",
                  kind="sales_aid", market="healthcare")
    asset = content_requests.start_draft(marketer, request)
    db.session.commit()
    assert (asset.kind, asset.status, asset.markets, asset.owner_id) == (
        "sales_aid", "draft", ["healthcare"], marketer.id)
    assert len(asset.title) <= 200 and asset.title.startswith("Battle card against Acme")
    assert request.text in asset.body
    assert (request.asset_id, request.status, request.draft_asset_id) == (
        asset.id, "planned", asset.id)
    with pytest.raises(ValidationError) as error:  # one draft at a time
        content_requests.start_draft(marketer, request)
    assert "already has the draft" in error.value.fields["kind"]


def test_start_draft_needs_a_kind_when_the_request_has_none(app, ask, create_user):
    marketer = create_user("marketing")
    request = ask(kind=None, market=None)
    with pytest.raises(ValidationError) as error:
        content_requests.start_draft(marketer, request)
    assert "kind" in error.value.fields
    asset = content_requests.start_draft(marketer, request, "white_paper")
    assert asset.kind == "white_paper" and asset.markets == []


def test_a_draft_from_a_request_waits_for_its_author_before_publishing(app, ask, create_user,
                                                                       inbox):
    author, colleague = create_user("marketing", name="Cara"), create_user("marketing")
    request = ask()
    draft = content_requests.start_draft(author, request)
    asset_services.update_asset(author, draft, {"summary": "The rep's ask.",
                                                "customer": "x", "challenge": "x",
                                                "solution": "x", "results": "x"}, partial=True)
    db.session.commit()

    # Complete enough to publish, yet it still holds only the rep's words: refused, and why.
    problems = asset_services.publish_problems(draft)
    assert list(problems) == ["request"] and "confirm" in problems["request"]
    with pytest.raises(ValidationError) as error:
        asset_services.change_status(author, draft, AssetStatus.PUBLISHED)
    assert "request" in error.value.fields
    db.session.rollback()
    with pytest.raises(ValidationError) as error:  # the body is still the request
        content_requests.confirm_draft(author, request)
    assert "rep's request" in error.value.fields["draft_confirmed"]
    db.session.rollback()

    write_real_content(author, draft)
    db.session.commit()
    with pytest.raises(Forbidden) as refused:  # only its author confirms
        content_requests.confirm_draft(colleague, request)
    assert "Cara" in refused.value.message
    db.session.rollback()
    assert request.status == "planned" and request.draft_confirmed_at is None

    content_requests.confirm_draft(author, request)
    db.session.commit()
    assert asset_services.publish_problems(draft) == {}
    assert request.status == "planned"  # confirming alone closes nothing
    asset_services.change_status(colleague, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "done"
    assert "“Cold storage on time” is published" in notes_for(request.requester)[-1].message
    assert inbox.messages[-1][1]["Subject"] == "Published for you: Cold storage on time"


def test_done_with_an_unpublished_asset_is_refused_until_published_or_unlinked(
        app, ask, create_user, create_asset, inbox):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer,
                         title="Secret draft title")
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        content_requests.set_status(marketer, request, "done")
    assert "publish the asset first or unlink it" in error.value.fields["status"]
    db.session.rollback()
    assert request.status == "planned"

    content_requests.link_asset(marketer, request, None)
    content_requests.set_status(marketer, request, "done")
    db.session.commit()
    messages = [n.message for n in notes_for(request.requester)]
    assert messages[-1] == f"Your request “{request.text}” is done."
    assert not any("Secret draft title" in m or "is published" in m for m in messages)
    mails = [m for _, m in inbox.messages]
    assert mails[-1]["Subject"] == "Done: your content request"
    assert not any("Secret draft title" in m.get_content() or "Secret draft title" in m["Subject"]
                   for m in mails)


def test_planned_tells_the_requester_like_done_does_once_per_change(app, ask, create_user,
                                                                     inbox):
    marketer = create_user("marketing")
    request = ask()
    content_requests.set_expected_on(marketer, request, date.today() + timedelta(days=10))
    content_requests.set_status(marketer, request, "planned")
    content_requests.set_status(marketer, request, "planned")
    db.session.commit()
    day = date.today() + timedelta(days=10)
    [note] = notes_for(request.requester)  # the date's note and planned's share one line
    assert note.message.startswith(f"Your request “{request.text}” is planned.")
    assert f"expects it by {day.day} {day:%B %Y}" in note.message
    assert note.url == f"/requests/{request.id}"
    [(to, mail)] = inbox.messages
    assert to == [request.requester.email] and mail["Subject"] == "Planned: your content request"
    assert f"http://hub.test/requests/{request.id}" in mail.get_content()

    content_requests.set_status(marketer, request, "done")
    db.session.commit()
    [note] = notes_for(request.requester)  # unread: the newer news replaces it
    assert note.message.endswith("is done.")
    assert [m["Subject"] for _, m in inbox.messages][-1] == "Done: your content request"


def test_the_first_marketer_to_act_owns_the_request_until_marketing_names_another(
        app, ask, create_user):
    first, second = create_user("marketing"), create_user("marketing")
    request = ask()
    assert request.owner_id is None
    content_requests.set_status(first, request, "planned")
    content_requests.set_status(second, request, "open")
    assert request.owner_id == first.id
    content_requests.set_owner(second, request, second.id)
    assert request.owner_id == second.id
    for refused in (request.requester_id, 999_999, 2**70, "2", True):
        with pytest.raises(ValidationError) as error:
            content_requests.set_owner(second, request, refused)
        assert "owner_id" in error.value.fields
    with pytest.raises(Forbidden):
        content_requests.set_owner(request.requester, request, second.id)
    assert request.owner_id == second.id


@pytest.mark.parametrize(("value", "says"), [
    (date.today() - timedelta(days=1), "has passed"),
    (date.today() + timedelta(days=400), "within a year"),
    ("2027-02-30", "like 2027-03-31"),
    ("next week", "like 2027-03-31"),
    (20270301, "like 2027-03-31"),
    ("9999-12-31", "within a year"),
])
def test_expected_dates_in_the_past_or_absurd_are_refused(app, ask, create_user, value, says):
    marketer = create_user("marketing")
    request = ask()
    with pytest.raises(ValidationError) as error:
        content_requests.set_expected_on(marketer, request, value)
    assert says in error.value.fields["expected_on"]
    assert request.expected_on is None


def test_expected_date_today_or_cleared_is_fine(app, ask, create_user):
    marketer = create_user("marketing")
    request = ask()
    content_requests.set_expected_on(marketer, request, date.today().isoformat())
    assert request.expected_on == date.today()
    content_requests.set_expected_on(marketer, request, "")
    assert request.expected_on is None


def test_one_label_per_status_everywhere(app, ask, create_user):
    assert [s.label for s in RequestStatus] == ["Open", "Planned", "Done"]
    request = ask()
    payload = content_requests.request_json(request, create_user("marketing"))
    assert (payload["status"], payload["status_label"]) == ("open", "Open")
    assert content_requests.STATUS_LABELS == {"open": "Open", "planned": "Planned",
                                              "done": "Done"}


def test_only_marketing_links_drafts_or_changes_status(app, ask, create_asset):
    request = ask()
    requester = request.requester
    for action in (lambda: content_requests.link_asset(requester, request, create_asset().id),
                   lambda: content_requests.start_draft(requester, request),
                   lambda: content_requests.set_status(requester, request, "done"),
                   lambda: content_requests.set_expected_on(requester, request, date.today()),
                   lambda: content_requests.confirm_draft(requester, request)):
        with pytest.raises(Forbidden):
            action()


def test_archived_or_missing_assets_cannot_answer_a_request(app, ask, create_user,
                                                            create_asset):
    marketer = create_user("marketing")
    request = ask()
    for asset_id in (create_asset(status=AssetStatus.ARCHIVED).id, 999999, 2**64, "1", True):
        with pytest.raises(ValidationError):
            content_requests.link_asset(marketer, request, asset_id)
    assert request.asset_id is None


def test_marking_done_by_hand_tells_the_requester_and_reopening_clears_it(app, ask,
                                                                          create_user, count_rows):
    marketer = create_user("marketing")
    request = ask()
    content_requests.set_status(marketer, request, "done")
    db.session.commit()
    assert request.fulfilled_at is not None and count_rows(Notification) == 1
    content_requests.set_status(marketer, request, "planned")
    assert request.fulfilled_at is None
    with pytest.raises(ValidationError):
        content_requests.set_status(marketer, request, "closed")


def test_reps_only_see_their_own_requests(app, ask, create_user):
    mine = ask()
    theirs = ask()
    assert content_requests.get_request(mine.requester, mine.id) is mine
    with pytest.raises(NotFound):
        content_requests.get_request(mine.requester, theirs.id)
    assert content_requests.visible_requests(mine.requester) == [mine]
    assert len(content_requests.visible_requests(create_user("marketing"))) == 2


def test_deleting_a_request_takes_its_comments(app, ask, create_user, count_rows):
    request = ask()
    content_requests.add_comment(request.requester, request, "Any news?")
    db.session.commit()
    assert count_rows(RequestComment) == 1
    db.session.delete(request)
    db.session.commit()
    assert count_rows(RequestComment) == 0
