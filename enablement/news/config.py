"""feeds.yml as the news feature reads it: markets with compiled queries, feeds, `suppress:`.

An invalid file (YAML, a query, a feed) is reported with its line and what is wrong; the previous
good configuration stays in force, also across restarts: each good version is copied into the
instance folder and used when the file is broken from the start.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from flask import current_app

from enablement.markets import MarketsFileError, parse_markets
from enablement.news.query import Query, QueryError, compile_query

FEED_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?$")
UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 60}
MIN_INTERVAL = 15 * 60
MAX_INTERVAL = 24 * 3600
FEED_KEYS = ("id", "name", "url", "markets", "interval")
TOP_KEYS = ("markets", "feeds", "suppress")
BACKUP_NAME = "feeds.last-good.yml"


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class FeedSpec:
    id: str
    name: str
    url: str
    markets: tuple[str, ...] = ()
    interval: int | None = None  # seconds, already clamped to 15 min – 24 h
    line: int = 0


@dataclass(frozen=True)
class MarketRule:
    slug: str
    name: str
    query: Query | None


@dataclass
class NewsConfig:
    markets: dict[str, MarketRule]
    feeds: dict[str, FeedSpec]
    suppress: Query | None = None
    warnings: list[str] = field(default_factory=list)
    digest: str = ""


# ---------------------------------------------------------------- YAML nodes, for line numbers


def _value_node(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node
    return None


def _line(node) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _at(node, message: str) -> str:
    line = _line(node)
    return f"line {line}: {message}" if line else message


# ---------------------------------------------------------------- parsing


def parse_interval(value) -> int:
    """Seconds in `60m`, `2h`, `1d`, `90s` or a bare number of minutes; raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return int(value * 60)
    match = INTERVAL.match(str(value).strip().lower())
    if not match:
        raise ValueError
    return int(float(match.group(1)) * UNITS[match.group(2)])


def _markets(text: str, root) -> dict[str, MarketRule]:
    try:
        parsed = parse_markets(text)
    except MarketsFileError as error:
        message = str(error)
        if not message.startswith("line "):
            slug = re.search(r"market `([^`]*)`", message)
            markets_node = _value_node(root, "markets")
            node = markets_node
            if slug and isinstance(markets_node, yaml.MappingNode):
                node = next((k for k, _ in markets_node.value if k.value == slug.group(1)),
                            markets_node)
            message = _at(node, message)
        raise ConfigError(message) from error
    markets_node = _value_node(root, "markets")
    rules = {}
    for slug, market in parsed.items():
        spec_node = _value_node(markets_node, slug)
        try:
            query = compile_query(market.query)
        except QueryError as error:
            node = _value_node(spec_node, "query") or spec_node
            raise ConfigError(_at(node, f"market `{slug}`: the query {error}")) from error
        rules[slug] = MarketRule(slug, market.name, query)
    return rules


def _feed(item, node, markets: dict[str, MarketRule], warnings: list[str]) -> FeedSpec:
    if not isinstance(item, dict):
        raise ConfigError(_at(node, "each feed needs `id`, `name` and `url`"))
    unknown = [str(k) for k in item if k not in FEED_KEYS]
    if unknown:
        raise ConfigError(_at(node, f"unknown feed setting `{unknown[0]}` "
                                    f"(feeds have {', '.join(FEED_KEYS)})"))
    feed_id = str(item.get("id") or "")
    if not FEED_ID.match(feed_id):
        raise ConfigError(_at(_value_node(node, "id") or node,
                              f"feed id `{feed_id}`: use lower-case letters, digits, '.', '_' "
                              "or '-' (it keys the feed's items, so keep it stable)"))
    name = " ".join(str(item.get("name") or "").split())
    if not name:
        raise ConfigError(_at(node, f"feed `{feed_id}` needs a `name`"))
    url = str(item.get("url") or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(_at(_value_node(node, "url") or node,
                              f"feed `{feed_id}`: `url` must be an http(s) address"))
    feed_markets = item.get("markets") or []
    if isinstance(feed_markets, str):
        feed_markets = [feed_markets]
    if not isinstance(feed_markets, list):
        raise ConfigError(_at(_value_node(node, "markets"),
                              f"feed `{feed_id}`: `markets` is a list of market slugs"))
    unknown_markets = [str(m) for m in feed_markets if str(m) not in markets]
    if unknown_markets:
        raise ConfigError(_at(_value_node(node, "markets"),
                              f"feed `{feed_id}`: unknown market `{unknown_markets[0]}` "
                              f"(markets are {', '.join(markets)})"))
    interval = None
    if item.get("interval") is not None:
        interval_node = _value_node(node, "interval")
        try:
            interval = parse_interval(item["interval"])
        except ValueError:
            raise ConfigError(_at(interval_node, f"feed `{feed_id}`: interval "
                                                 f"`{item['interval']}` is not like 30m, 2h or "
                                                 "1d")) from None
        clamped = min(max(interval, MIN_INTERVAL), MAX_INTERVAL)
        if clamped != interval:
            warnings.append(_at(interval_node, f"feed `{feed_id}`: interval "
                                               f"`{item['interval']}` is outside 15m–24h; using "
                                               f"{clamped // 60}m"))
        interval = clamped
    return FeedSpec(feed_id, name[:200], url, tuple(dict.fromkeys(map(str, feed_markets))),
                    interval, _line(node))


def parse_config(text: str) -> NewsConfig:
    """The news configuration in a feeds.yml text; raises ConfigError naming the line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None  # parse_markets reports the syntax error with its line
    markets = _markets(text, root)
    data = yaml.safe_load(text) or {}
    warnings: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            warnings.append(_at(_value_node(root, key), f"unknown section `{key}` is ignored"))

    suppress = None
    if data.get("suppress") is not None:
        node = _value_node(root, "suppress")
        if not isinstance(data["suppress"], str):
            raise ConfigError(_at(node, "`suppress` is one query, in quotes"))
        try:
            suppress = compile_query(data["suppress"])
        except QueryError as error:
            raise ConfigError(_at(node, f"`suppress`: the query {error}")) from error

    feeds_data = data.get("feeds")
    feeds_data = [] if feeds_data is None else feeds_data
    feeds_node = _value_node(root, "feeds")
    if not isinstance(feeds_data, list):
        raise ConfigError(_at(feeds_node, "`feeds` is a list of feeds (`- id: …`)"))
    feeds: dict[str, FeedSpec] = {}
    urls: dict[str, str] = {}
    for position, item in enumerate(feeds_data):
        node = feeds_node.value[position]
        spec = _feed(item, node, markets, warnings)
        if spec.id in feeds:
            raise ConfigError(_at(node, f"feed id `{spec.id}` is used twice "
                                        f"(first on line {feeds[spec.id].line})"))
        if spec.url in urls:
            warnings.append(_at(node, f"feed `{spec.id}` has the same url as `{urls[spec.url]}`"))
        urls.setdefault(spec.url, spec.id)
        feeds[spec.id] = spec
    digest = hashlib.sha256(text.encode()).hexdigest()
    return NewsConfig(markets, feeds, suppress, warnings, digest)


# ---------------------------------------------------------------- the live configuration


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".feeds-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


class NewsConfigRegistry:
    """Reads feeds.yml when it changes; a broken edit keeps the last good configuration."""

    def __init__(self, path: str, backup: str | None = None):
        self.path = path
        self.backup = Path(backup) if backup else None
        self._mtime: float | None = None
        self.config: NewsConfig | None = None
        self.error: str | None = None

    def get(self) -> NewsConfig | None:
        try:
            mtime = os.stat(self.path).st_mtime
        except OSError as error:
            self._mtime = None
            self._fail(f"{self.path}: {error.strerror}")
            return self.config
        if mtime == self._mtime:
            return self.config
        self._mtime = mtime
        try:
            with open(self.path, encoding="utf-8") as handle:
                text = handle.read()
            config = parse_config(text)
        except (ConfigError, UnicodeDecodeError) as error:
            self._fail(f"{self.path}: {error}")
            return self.config
        self.config, self.error = config, None
        self._save_backup(text)
        return self.config

    def _fail(self, message: str) -> None:
        if self.config is None and self.backup is not None and self.backup.exists():
            try:
                self.config = parse_config(self.backup.read_text(encoding="utf-8"))
                message += " (using the last good version, saved in the instance folder)"
            except (ConfigError, OSError, UnicodeDecodeError):
                pass
        elif self.config is not None:
            message += " (the previous good version stays in force)"
        if message != self.error:
            current_app.logger.error("feeds.yml: %s", message)
        self.error = message

    def _save_backup(self, text: str) -> None:
        if self.backup is None:
            return
        try:
            if self.backup.exists() and self.backup.read_text(encoding="utf-8") == text:
                return
            _write_atomically(self.backup, text)
        except OSError:  # a read-only instance folder only costs us the restart fallback
            current_app.logger.warning("could not save %s", self.backup)


def config_registry() -> NewsConfigRegistry:
    registry = current_app.extensions.get("news_config")
    if registry is None or registry.path != current_app.config["FEEDS_FILE"]:
        registry = current_app.extensions["news_config"] = NewsConfigRegistry(
            current_app.config["FEEDS_FILE"], os.path.join(current_app.instance_path, BACKUP_NAME)
        )
    return registry


def news_config() -> NewsConfig | None:
    """The configuration in force (None only when there never was a good one)."""
    return config_registry().get()
