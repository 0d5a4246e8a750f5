"""What other features do when an asset is published: they register a hook here, so assets
imports none of them (as searchable types register with search/registry.py).

Requests, for one, marks the requests an asset answers done and tells the requesters. A hook runs
inside the publishing transaction: it may add and flush rows, never commit.

A feature may also add to what publishing checks first (`publish_check`): requests, for one,
holds back a draft started from a rep's request until its author confirms the real content.
"""

from __future__ import annotations

from collections.abc import Callable

from enablement.models import Asset

PublishHook = Callable[[Asset], None]
PublishCheck = Callable[[Asset], dict[str, str]]

_on_publish: list[PublishHook] = []
_publish_checks: list[PublishCheck] = []


def on_publish(hook: PublishHook) -> PublishHook:
    """Run `hook(asset)` whenever an asset is published (once, however often it registers)."""
    if hook not in _on_publish:
        _on_publish.append(hook)
    return hook


def published(asset: Asset) -> None:
    """Tell every registered feature that `asset` was just published."""
    for hook in list(_on_publish):
        hook(asset)


def publish_check(check: PublishCheck) -> PublishCheck:
    """Ask `check(asset)` before publishing: it returns {field: what is missing}, empty if none."""
    if check not in _publish_checks:
        _publish_checks.append(check)
    return check


def publish_problems(asset: Asset) -> dict[str, str]:
    """What the registered features say is missing before `asset` may be published."""
    problems: dict[str, str] = {}
    for check in list(_publish_checks):
        problems.update(check(asset))
    return problems
