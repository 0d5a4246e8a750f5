"""Content requests: marketing links or drafts an asset, publishing it closes the request and
tells the requester in the hub; who may see and change what."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enablement.assets import services as asset_services
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, Notification
from enablement.notifications.services import unread_count
from enablement.requests import services as content_requests


def test_linking_a_draft_plans_the_request_and_publishing_it_fulfils_it(app, ask, create_user,
                                                                        create_asset, count_rows):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    assert (request.status, request.asset_id, request.fulfilled_at) == ("planned", draft.id, None)
    assert count_rows(Notification) == 0

    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "done"
    assert request.fulfilled_at is not None
    [note] = db.session.scalars(select(Notification)).all()
    assert note.user_id == request.requester_id
    assert draft.title in note.message and note.url == f"/assets/{draft.id}"
    assert unread_count(request.requester) == 1


def test_publishing_again_does_not_tell_the_requester_twice(app, ask, create_user, create_asset,
                                                            count_rows):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    for status in (AssetStatus.PUBLISHED, AssetStatus.DRAFT, AssetStatus.PUBLISHED):
        asset_services.change_status(marketer, draft, status)
    db.session.commit()
    assert count_rows(Notification) == 1


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
    assert (request.asset_id, request.status) == (asset.id, "planned")


def test_start_draft_needs_a_kind_when_the_request_has_none(app, ask, create_user):
    marketer = create_user("marketing")
    request = ask(kind=None, market=None)
    with pytest.raises(ValidationError) as error:
        content_requests.start_draft(marketer, request)
    assert "kind" in error.value.fields
    asset = content_requests.start_draft(marketer, request, "white_paper")
    assert asset.kind == "white_paper" and asset.markets == []


def test_only_marketing_links_drafts_or_changes_status(app, ask, create_asset):
    request = ask()
    requester = request.requester
    for action in (lambda: content_requests.link_asset(requester, request, create_asset().id),
                   lambda: content_requests.start_draft(requester, request),
                   lambda: content_requests.set_status(requester, request, "done")):
        with pytest.raises(Forbidden):
            action()


def test_archived_or_missing_assets_cannot_answer_a_request(app, ask, create_user,
                                                            create_asset):
    marketer = create_user("marketing")
    request = ask()
    for asset_id in (create_asset(status=AssetStatus.ARCHIVED).id, 999999, "1", True, None):
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
