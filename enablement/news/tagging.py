"""Which markets a news item belongs to, and why; whether `suppress:` keeps it out of the digest."""

from __future__ import annotations

from dataclasses import dataclass, field

from enablement.models import NewsItem, NewsItemMarket
from enablement.news.config import NewsConfig
from enablement.news.parse import plain_text
from enablement.news.query import Document


@dataclass
class Tagging:
    markets: dict[str, list[str]] = field(default_factory=dict)  # slug → matched terms
    via_feed: set[str] = field(default_factory=set)  # markets the item's feed gives it
    suppressed: bool = False


def document(*, title: str, summary: str = "", content: str = "", url: str = "",
             feed_key: str = "", feed_name: str = "", categories=()) -> Document:
    """What the queries look at: (sanitised) HTML reduced to its words."""
    text = f"{plain_text(summary, sanitised=True)} {plain_text(content, sanitised=True)}".strip()
    return Document(title=title, text=text, url=url, feed=f"{feed_key} {feed_name}".strip(),
                    categories=list(categories))


def tag(config: NewsConfig, doc: Document, feed_markets=()) -> Tagging:
    """Every market whose query matches, plus the feed's markets, in feeds.yml order."""
    result = Tagging()
    feed_markets = set(feed_markets)
    for slug, rule in config.markets.items():
        terms = rule.query.match(doc) if rule.query is not None else None
        if terms is not None:
            result.markets[slug] = terms
        elif slug in feed_markets:
            result.markets[slug] = []
        if slug in feed_markets:
            result.via_feed.add(slug)
    result.suppressed = config.suppress is not None and config.suppress.match(doc) is not None
    return result


def tag_item(config: NewsConfig, item: NewsItem) -> Tagging:
    """Tag a stored item with the configuration in force (its feed's markets included)."""
    spec = config.feeds.get(item.feed.key)
    doc = document(title=item.title, summary=item.summary, content=item.content, url=item.url,
                   feed_key=item.feed.key, feed_name=item.feed.name, categories=item.categories)
    return tag(config, doc, spec.markets if spec else ())


def apply_tagging(item: NewsItem, tagging: Tagging) -> bool:
    """Make the item's market tags match `tagging`; True when anything changed."""
    changed = item.suppressed != tagging.suppressed
    item.suppressed = tagging.suppressed
    existing = {tag.market: tag for tag in item.tags}
    for slug, tag_row in existing.items():
        if slug not in tagging.markets:
            item.tags.remove(tag_row)
            changed = True
    for slug, terms in tagging.markets.items():
        via_feed = slug in tagging.via_feed
        tag_row = existing.get(slug)
        if tag_row is None:
            item.tags.append(NewsItemMarket(market=slug, terms=terms, via_feed=via_feed))
            changed = True
        elif tag_row.terms != terms or tag_row.via_feed != via_feed:
            tag_row.terms, tag_row.via_feed = terms, via_feed
            changed = True
    return changed
