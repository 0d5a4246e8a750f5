"""Shares made through the service, a buyer's browser, and PDFs with several pages."""

from __future__ import annotations

import io
import re

import pytest

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus
from enablement.shares import services as shares
from tests import filefactory

BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/130.0 Safari/537.36")


@pytest.fixture
def make_share(create_user, create_asset):
    """share, token = make_share(owner=None, assets=None, **fields)."""

    def factory(owner=None, assets=None, **fields):
        owner = owner or create_user("rep")
        assets = assets if assets is not None else [create_asset("case_study")]
        share, token = shares.create_share(owner, {
            "asset_ids": [a.id for a in assets], "account": "Harbor & Pine", **fields})
        db.session.commit()
        return share, token

    return factory


@pytest.fixture
def white_paper(app, create_user, create_asset):
    """A published white paper whose PDF has three pages."""

    def factory(pages: int = 3, title: str = "Scheduling under OSHA rules"):
        owner = create_user("marketing")
        asset = asset_services.create_asset(owner, "white_paper", {
            "title": title, "summary": "A guide.", "markets": ["construction"],
            "abstract": "How field teams schedule."})
        asset_services.attach_file(owner, asset, io.BytesIO(filefactory.make_pdf(
            "Scheduling guide", pages=pages)), "guide.pdf", app.config["UPLOAD_DIR"], 10 << 20)
        asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)
        db.session.commit()
        return asset

    return factory


@pytest.fixture
def buyer(app):
    """A browser with no hub session, announcing itself as Chrome."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    return client


def beacon(client, token, events, view_key="k" * 24, **kwargs):
    return client.post(f"/s/{token}/beacon", json={"v": view_key, "events": events}, **kwargs)


def form_key(page_html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', page_html).group(1)
