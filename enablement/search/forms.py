"""What the search form sends, read from the query string."""

from __future__ import annotations

from enablement.search import service
from enablement.search.understanding import MAX_LITERAL
from enablement.web import page_number

MAX_QUERY_CHARS = 2000
MAX_VALUES_PER_FACET = 20
MAX_FACET_VALUE_CHARS = 100  # facet values are slugs and names; longer ones match nothing


def params_from(args) -> service.SearchParams:
    """Search parameters from a query string; anything odd falls back to a default.

    Only the search's own parameters are read, each bounded: the page's links are built from
    these, never from the query string itself.
    """
    filters = {name: list(dict.fromkeys(v[:MAX_FACET_VALUE_CHARS] for v in args.getlist(name)
                                        if v))[:MAX_VALUES_PER_FACET]
               for name in service.FACETS}
    sort = args.get("sort", "relevance")
    # Which of the words that name a kind, market or persona to search as words instead (the
    # chips' "×"): keys like `market:retail`; one that names nothing in the query does nothing.
    literal = list(dict.fromkeys(v[:MAX_FACET_VALUE_CHARS] for v in args.getlist("literal")
                                 if v))[:MAX_LITERAL]
    return service.SearchParams(
        q=args.get("q", "")[:MAX_QUERY_CHARS], filters={k: v for k, v in filters.items() if v},
        sort=sort if sort in service.SORTS else "relevance", page=page_number(args),
        per_page=page_number(args, "per_page", 10), literal=literal,
        ask=args.get("ask", "") in ("1", "true", "on"),
    )


def search_args(params: service.SearchParams, **changes) -> dict[str, list[str]]:
    """The query string of this search with `changes` (None drops a parameter): only known
    parameters, defaults left out, so a link is never longer than the search it leads to."""
    args: dict[str, list[str]] = {"q": [params.q], **params.filters}
    if params.literal:
        args["literal"] = list(params.literal[:MAX_LITERAL])
    if params.sort != "relevance":
        args["sort"] = [params.sort]
    if params.per_page != 10:
        args["per_page"] = [str(min(max(1, params.per_page), service.MAX_PER_PAGE))]
    if params.page > 1:
        args["page"] = [str(params.page)]
    if params.ask:
        args["ask"] = ["1"]
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value if isinstance(value, list) else [str(value)]
    return args
