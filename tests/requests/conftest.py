"""A rep's content request, made through the service."""

from __future__ import annotations

import pytest

from enablement.extensions import db
from enablement.requests import services as content_requests


@pytest.fixture
def ask(create_user):
    def factory(requester=None, text="A case study for cold-storage logistics in the Midwest",
                market="construction", kind="case_study"):
        requester = requester or create_user("rep")
        request = content_requests.create_request(requester, text, market, kind)
        db.session.commit()
        return request

    return factory
