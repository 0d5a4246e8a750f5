"""The URL converters every route uses.

Werkzeug's `<int:…>` takes any run of digits, so `/assets/9223372036854775813` reached the
database with an id no integer column holds and came back a 500. Here `<int:…>` stops at the
largest id a database stores: anything larger matches no route, a plain 404.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from enablement.models.base import LARGEST_INT


class IdConverter(IntegerConverter):
    """`<int:…>`: a whole number from 0 to LARGEST_INT (19 digits at most)."""

    regex = r"\d{1,19}"

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.max = LARGEST_INT if self.max is None else min(self.max, LARGEST_INT)


def register_converters(app: Flask) -> None:
    """Call before any blueprint is registered: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = IdConverter
