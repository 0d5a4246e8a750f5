"""People and assets the wins tests credit."""

from __future__ import annotations

import pytest

from enablement.models import AssetStatus


@pytest.fixture
def people(create_user):
    return {
        "rep": create_user("rep", email="rita@example.com", name="Rita Rep"),
        "other_rep": create_user("rep", email="omar@example.com", name="Omar Rep"),
        "content": create_user("marketing", email="cara@example.com", name="Cara Content"),
        "leads": create_user("marketing", email="liam@example.com", name="Liam Leads"),
    }


@pytest.fixture
def helped(create_asset, people):
    """Two published assets owned by Cara, and a draft."""
    return {
        "case": create_asset(owner=people["content"], title="FrostLine case study"),
        "email": create_asset("email_template", owner=people["content"], title="Cold open"),
        "draft": create_asset(status=AssetStatus.DRAFT, owner=people["content"]),
    }
