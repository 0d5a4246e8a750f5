"""Block Kit messages the hub sends to Slack, within Slack's documented limits.

Slack refuses a whole message when one limit is broken (a section's text over 3,000 characters, a
button's over 75…), so every text is clipped here to its limit, and tests/slack checks the built
messages against the limits with hostile input (very long titles, snippets, queries).

Text in `mrkdwn` escapes &, < and > as Slack asks; link labels lose `|`, which ends them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from enablement.assets.kinds import KINDS
from enablement.routing import absolute_url

# docs.slack.dev, "Block Kit" reference: blocks and composition objects.
MAX_BLOCKS = 50  # in a message
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_URL = 3000
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000  # each element's text (no stricter documented limit)
FALLBACK_TEXT = 4000  # the message's `text`: Slack truncates past 40,000; notifications use it

RESULTS = 3
SNIPPET_CHARS = 300
SUMMARY_CHARS = 600
TALKING_POINTS_CHARS = 1500
_MARK = re.compile(r"</?mark>")


def clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split()) if "\n" not in (text or "") else (text or "").strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    return f"<{url}|{escape(label).replace('|', '¦')}>"


def snippet_mrkdwn(snippet_html: str) -> str:
    """A search snippet (HTML whose only markup is <mark>) as Slack text, matches in bold."""
    plain = html.unescape(_MARK.sub("\x00", str(snippet_html)))
    parts = clip(plain, SNIPPET_CHARS).split("\x00")
    # Odd pieces were inside <mark>; a mark cut open by the clip just ends there.
    return "".join(f"*{escape(p.strip())}*" if i % 2 and p.strip() else escape(p)
                   for i, p in enumerate(parts)).strip()


def kind_label(kind: str | None, doc_type: str = "asset") -> str:
    if doc_type == "news":
        return "News"
    spec = KINDS.get(kind or "")
    return spec.label if spec else (kind or "").replace("_", " ").capitalize()


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}}


def _button(text: str, url: str) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": clip(text, BUTTON_TEXT)},
            "url": url}


def search_page_url(query: str) -> str:
    """The hub's search page for `query`, shortened (never mid-character) to fit a button."""
    query = query[:500]
    while True:
        url = absolute_url("/search?" + urlencode({"q": query}))
        if len(url) <= BUTTON_URL:
            return url
        query = query[:len(query) // 2]


def search_message(query: str, total: int, hits: list[dict]) -> dict:
    """The answer to `/hub <query>`: the top results (title, kind, snippet, link) and "see all".

    `hits`: {"title", "kind", "type", "url", "snippet" (HTML with <mark>)}.
    """
    shown = hits[:RESULTS]
    asked = clip(query, 200)
    if not shown:
        return {"response_type": "ephemeral",
                "text": clip(f"Nothing in the hub matches “{asked}”.", FALLBACK_TEXT),
                "blocks": [_section(f"Nothing in the hub matches “{escape(asked)}”. Try other "
                                    "words, or ask marketing for it on the hub."),
                           {"type": "actions", "elements": [
                               _button("Search the hub", search_page_url(query))]}]}
    blocks: list[dict] = [_section(
        f"Top {len(shown)} of {total} for “{escape(asked)}”" if total > len(shown)
        else f"{total} {'result' if total == 1 else 'results'} for “{escape(asked)}”")]
    for hit in shown:
        label = kind_label(hit.get("kind"), hit.get("type", "asset"))
        title = link(hit["url"], clip(hit["title"], 200))
        snippet = snippet_mrkdwn(hit.get("snippet") or "")
        blocks.append(_section(f"*{title}*\n_{escape(label)}_" +
                               (f" · {snippet}" if snippet else "")))
    blocks.append({"type": "actions", "elements": [
        _button(f"See all {total} in the hub" if total > len(shown) else "Open the search",
                search_page_url(query))]})
    return {"response_type": "ephemeral",
            "text": clip(f"{total} hub results for “{asked}”", FALLBACK_TEXT),
            "blocks": blocks[:MAX_BLOCKS]}


def notice(text: str) -> dict:
    """A short ephemeral answer (usage, refusals)."""
    return {"response_type": "ephemeral", "text": clip(text, FALLBACK_TEXT),
            "blocks": [_section(escape(text))]}


def asset_unfurl(title: str, kind: str, summary: str, markets: list[str]) -> dict:
    """What a pasted link to a published asset shows: its title, kind and summary."""
    blocks = [_section(f"*{escape(clip(title, 200))}*\n{escape(clip(summary, SUMMARY_CHARS))}")]
    context = [kind_label(kind), *markets][:CONTEXT_ELEMENTS]
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": clip(escape(item), CONTEXT_TEXT)} for item in context]})
    return {"blocks": blocks}


def asset_published(data: dict, market_names: dict[str, str]) -> dict:
    """A channel notice: a newly published asset for the channel's markets."""
    markets = ", ".join(market_names.get(m, m) for m in data.get("markets", [])) or "every market"
    label = kind_label(data.get("kind"))
    headline = f"New {label.lower()} for {markets}: {clip(data.get('title', ''), 200)}"
    return {"text": clip(headline, FALLBACK_TEXT), "blocks": [
        _section(f"*New {escape(label.lower())}* for {escape(markets)}\n"
                 f"*{link(data['url'], clip(data.get('title', ''), 200))}*\n"
                 f"{escape(clip(data.get('summary') or '', SUMMARY_CHARS))}"),
        {"type": "actions", "elements": [_button("Open in the hub", data["url"])]}]}


def talking_points_pinned(data: dict, market_names: dict[str, str]) -> dict:
    """A channel notice: news marketing pinned, with its talking points."""
    markets = ", ".join(market_names.get(m, m) for m in data.get("markets", [])) or "every market"
    title = clip(data.get("title", ""), 200)
    source_link = link(data["url"], title) if data.get("url") else escape(title)
    points = clip(data.get("talking_points") or "", TALKING_POINTS_CHARS)
    text = f"*Pinned news* for {escape(markets)}\n*{source_link}*"
    if points:
        text += f"\n*Talking points*\n{escape(points)}"
    return {"text": clip(f"Pinned news for {markets}: {title}", FALLBACK_TEXT), "blocks": [
        _section(text),
        {"type": "actions", "elements": [_button("Open in the hub", data["hub_url"])]}]}
