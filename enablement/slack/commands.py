"""`/hub <words>`: the top results the asking rep may see in the hub, answered in Slack.

The command is acknowledged at once (Slack waits three seconds at most); who the Slack user is
(users.info, remembered) and the search are worked out after the answer and posted to the
command's response URL.
"""

from __future__ import annotations

from enablement.extensions import db
from enablement.routing import absolute_url
from enablement.search import service as search_service
from enablement.search.registry import SEARCHABLES
from enablement.slack import blocks, client, people

QUERY_MAX = 500
USAGE = "Search the hub from Slack: /hub cold storage case study"
REFUSAL = ("Sorry, I can't search the hub for you: your Slack account isn't linked to an "
           "active hub account with the same confirmed email address. Ask your hub admin.")


def _absolute(url: str) -> str:
    """Outside a request (after the response) url_for already gives the hub's full address."""
    return absolute_url(url) if url.startswith("/") else url


def answer(team_id: str, slack_user_id: str, query: str, response_url: str) -> bool:
    """Work out the answer to one command and post it; False when it could not be posted."""
    user = people.hub_user(team_id, slack_user_id)
    if user is None:
        return client.respond(response_url, blocks.notice(REFUSAL))
    found = search_service.search(user, search_service.SearchParams(q=query[:QUERY_MAX],
                                                                    per_page=blocks.RESULTS),
                                  source="slack")
    db.session.commit()  # the search log
    hits = [{"title": hit.plain_title, "kind": hit.kind, "type": hit.type,
             "url": _absolute(SEARCHABLES[hit.type].url(hit.id)), "snippet": str(hit.snippet)}
            for hit in found.hits]
    return client.respond(response_url, blocks.search_message(query, found.total, hits))
