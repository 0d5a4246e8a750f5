"""One rule for what a person may learn about an asset they see mentioned somewhere."""

import pytest

from enablement.assets import services
from enablement.assets.visibility import UNPUBLISHED_TITLE, asset_ref, can_open
from enablement.extensions import db
from enablement.models import AssetStatus


@pytest.mark.parametrize("status, rep_sees, marketing_sees", [
    (AssetStatus.PUBLISHED, True, True),
    (AssetStatus.DRAFT, False, True),
    (AssetStatus.ARCHIVED, False, True),
])
def test_reps_open_only_published_assets(app, create_user, create_asset, status, rep_sees,
                                         marketing_sees):
    asset = create_asset(status=status, title="CONFIDENTIAL DRAFT: Zentrovax pricing")
    rep, marketer = create_user("rep"), create_user("marketing")
    assert can_open(rep, asset) is rep_sees
    assert can_open(marketer, asset) is marketing_sees
    with app.test_request_context():
        shown = asset_ref(rep, asset)
    assert (shown.title == asset.title) is rep_sees
    assert (shown.url is not None) is rep_sees


def test_an_asset_that_goes_back_to_draft_is_a_placeholder_for_reps(app, create_user,
                                                                    create_asset):
    asset = create_asset(title="Harbor & Pine: 38% fewer missed visits")
    rep = create_user("rep")
    with app.test_request_context():
        assert asset_ref(rep, asset).title == asset.title
        services.change_status(asset.owner, asset, AssetStatus.ARCHIVED)
        db.session.commit()
        shown = asset_ref(rep, asset)
    assert shown.title == UNPUBLISHED_TITLE and shown.url is None and shown.id is None


def test_nobody_signed_in_sees_only_published_titles(app, create_asset):
    draft = create_asset(status=AssetStatus.DRAFT, title="Unreleased launch plan")
    with app.test_request_context():
        assert asset_ref(None, draft).title == UNPUBLISHED_TITLE
        assert asset_ref(None, None).title == UNPUBLISHED_TITLE
