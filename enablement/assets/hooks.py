"""What other features do when an asset is published: they register a hook here, so assets
imports none of them (as searchable types register with search/registry.py).

Requests, for one, marks the requests an asset answers done and tells the requesters. A hook runs
inside the publishing transaction: it may add and flush rows, never commit.
"""

from __future__ import annotations

from collections.abc import Callable

from enablement.models import Asset

PublishHook = Callable[[Asset], None]

_on_publish: list[PublishHook] = []


def on_publish(hook: PublishHook) -> PublishHook:
    """Run `hook(asset)` whenever an asset is published (once, however often it registers)."""
    if hook not in _on_publish:
        _on_publish.append(hook)
    return hook


def published(asset: Asset) -> None:
    """Tell every registered feature that `asset` was just published."""
    for hook in list(_on_publish):
        hook(asset)
