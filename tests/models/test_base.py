"""Row ids from what people type: as_id."""

from __future__ import annotations

import pytest

from enablement.models.base import LARGEST_ID, as_id


@pytest.mark.parametrize(("typed", "row_id"), [
    ("12", 12), (" 7 ", 7), (12, 12), (0, 0), (str(LARGEST_ID), LARGEST_ID),
])
def test_whole_numbers_a_row_can_have_are_ids(typed, row_id):
    assert as_id(typed) == row_id


@pytest.mark.parametrize("typed", [
    "²", "٣", "-1", -1, "1e3", "1.5", 1.0, True, None, "", [3],
    LARGEST_ID + 1, str(LARGEST_ID + 1), 2**63,  # past PostgreSQL's integer: an error, not a miss
])
def test_anything_else_is_no_id(typed):
    assert as_id(typed) is None
