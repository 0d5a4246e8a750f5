"""What other features add to signing out: single sign-on, for one, sends the browser on to the
provider to end its session there too (RP-initiated logout). Auth imports none of them."""

from __future__ import annotations

from collections.abc import Callable

LogoutRedirect = Callable[[], str | None]

_logout_redirects: list[LogoutRedirect] = []


def on_logout(hook: LogoutRedirect) -> LogoutRedirect:
    """Ask `hook()` where to send the browser after signing out (None: nowhere special).
    It runs before the hub's session is cleared, so it can read what the session holds."""
    if hook not in _logout_redirects:
        _logout_redirects.append(hook)
    return hook


def logout_redirect() -> str | None:
    for hook in list(_logout_redirects):
        target = hook()
        if target:
            return target
    return None
