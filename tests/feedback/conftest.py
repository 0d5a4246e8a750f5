"""A count of feedback rows, for the feedback tests."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import Feedback


@pytest.fixture
def feedback_rows():
    """How many feedback rows there are now (nothing half-written after a refusal)."""
    return lambda: db.session.scalar(select(func.count()).select_from(Feedback))
