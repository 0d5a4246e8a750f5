import pytest

from enablement.auth import throttle
from tests.auth.support import Clock


@pytest.fixture
def clock(monkeypatch):
    """Control the time the sign-in throttle sees (its locks and backoff)."""
    clock = Clock()
    monkeypatch.setattr(throttle, "utcnow", clock)
    return clock
