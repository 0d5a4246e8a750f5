"""Target markets, read from the `markets:` section of feeds.yml.

The file is re-read when it changes; if the new version is invalid the last good one stays in
force and the error is kept for admins to see.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import yaml
from flask import current_app

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


class MarketsFileError(Exception):
    pass


@dataclass(frozen=True)
class Market:
    slug: str
    name: str
    query: str


def parse_markets(text: str) -> dict[str, Market]:
    """The markets defined in a feeds.yml text; raises MarketsFileError naming the line."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise MarketsFileError(f"{where}{getattr(error, 'problem', None) or error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("markets"), dict):
        raise MarketsFileError("the file needs a `markets:` section mapping slugs to markets")
    markets = {}
    for slug, spec in data["markets"].items():
        slug = str(slug)
        if not SLUG.match(slug):
            raise MarketsFileError(f"market `{slug}`: slugs are lower-case letters, digits, '-'")
        if not isinstance(spec, dict) or not str(spec.get("name") or "").strip():
            raise MarketsFileError(f"market `{slug}` needs a `name`")
        markets[slug] = Market(slug, str(spec["name"]).strip(), str(spec.get("query") or ""))
    return markets


class MarketRegistry:
    def __init__(self, path: str):
        self.path = path
        self._mtime: float | None = None
        self._markets: dict[str, Market] = {}
        self.error: str | None = None

    def all(self) -> dict[str, Market]:
        try:
            mtime = os.stat(self.path).st_mtime
        except OSError as error:
            self.error = f"{self.path}: {error.strerror}"
            self._mtime = None  # read the file again when it comes back, whatever its mtime
            return self._markets
        if mtime != self._mtime:
            self._mtime = mtime
            try:
                with open(self.path, encoding="utf-8") as handle:
                    self._markets = parse_markets(handle.read())
                self.error = None
            except MarketsFileError as error:
                self.error = f"{self.path}: {error}"
                current_app.logger.error("keeping previous markets: %s", self.error)
        return self._markets


def markets() -> dict[str, Market]:
    """The hub's target markets, slug → Market, in file order."""
    registry = current_app.extensions.get("markets")
    if registry is None or registry.path != current_app.config["FEEDS_FILE"]:
        registry = current_app.extensions["markets"] = MarketRegistry(
            current_app.config["FEEDS_FILE"]
        )
    return registry.all()


def market_name(slug: str) -> str:
    market = markets().get(slug)
    return market.name if market else slug
