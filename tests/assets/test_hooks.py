"""Features react to a publish through assets/hooks.py, without assets importing them."""

from __future__ import annotations

import pytest

from enablement.assets import hooks
from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus


@pytest.fixture
def heard(monkeypatch):
    """A hook registered for one test: the assets it was told about, in order."""
    monkeypatch.setattr(hooks, "_on_publish", list(hooks._on_publish))
    told = []
    hooks.on_publish(told.append)
    hooks.on_publish(told.append)  # registering twice still runs it once
    return told


def test_a_hook_hears_each_publish_once_and_nothing_else(app, heard, create_asset):
    asset = create_asset(status=AssetStatus.DRAFT)
    assert heard == []
    owner = asset.owner
    asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)
    assert heard == [asset]
    asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)  # already published
    asset_services.change_status(owner, asset, AssetStatus.ARCHIVED)
    assert heard == [asset]
    db.session.commit()


def test_what_a_hook_raises_stops_the_publish(app, heard, create_asset, monkeypatch):
    asset = create_asset(status=AssetStatus.DRAFT)

    def refuse(_asset):
        raise RuntimeError("the requests feature is broken")

    hooks.on_publish(refuse)
    with pytest.raises(RuntimeError):
        asset_services.change_status(asset.owner, asset, AssetStatus.PUBLISHED)
    db.session.rollback()
    assert db.session.get(type(asset), asset.id).status == AssetStatus.DRAFT
