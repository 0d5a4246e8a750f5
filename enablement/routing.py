"""How the hub's URLs are matched and built.

Werkzeug's `<int:…>` takes any run of digits, so `/assets/9223372036854775813` reached the
database with an id no integer column holds and came back a 500. Here `<int:…>` stops at the
largest id a database stores: anything larger matches no route, a plain 404.

Absolute URLs (`url_for(..., _external=True)`: the API's `url`s, Atom feeds, emails, redirects
the router makes) are built from the PUBLIC_URL setting, never from the request's Host header,
which the client chooses: a forged Host once put the attacker's address into links the hub
handed out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request, current_app
from werkzeug.routing import IntegerConverter, MapAdapter

from enablement.models.base import LARGEST_ID


def at_most(largest: int) -> str:
    """A regular expression matching the whole numbers from 0 to `largest` (leading zeros
    allowed while the number has fewer digits than `largest`)."""
    digits = str(largest)
    shorter = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    # For each position: the same leading digits, a smaller digit here, any digits after.
    alternatives = [f"{digits[:i]}[0-{int(d) - 1}]" + (rf"\d{{{len(digits) - i - 1}}}"
                                                      if i < len(digits) - 1 else "")
                    for i, d in enumerate(digits) if d != "0"]
    return "|".join([*shorter, *alternatives, digits])


class IdConverter(IntegerConverter):
    """`<int:…>`: a whole number from 0 to LARGEST_ID; anything larger is no row's id (a 404).

    The bound is in the regular expression itself, not only in the conversion: Werkzeug answers
    405 for a path that matched some rule's pattern but failed its conversion (so DELETE
    /api/v1/assets/2147483648 was a 405 naming GET and PATCH); now it matches no rule at all.
    """

    regex = at_most(LARGEST_ID)

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.max = LARGEST_ID if self.max is None else min(self.max, LARGEST_ID)


def register_converters(app: Flask) -> None:
    """Call before any blueprint is registered: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = IdConverter


class HubFlask(Flask):
    """Flask, with absolute URLs pointing at PUBLIC_URL, in a request or outside one."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        public = urlsplit(self.config["PUBLIC_URL"])
        if request is None:  # CLI commands and the worker can build full links too
            return self.url_map.bind(public.netloc, script_name=self.config["APPLICATION_ROOT"],
                                     url_scheme=public.scheme)
        adapter = super().create_url_adapter(request)
        adapter.server_name, adapter.url_scheme = public.netloc, public.scheme
        return adapter


def absolute_url(path: str) -> str:
    """The full address of a path this app built (url_for without _external)."""
    return current_app.config["PUBLIC_URL"] + path
