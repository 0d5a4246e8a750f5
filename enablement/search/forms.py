"""What the search form sends, read from the query string."""

from __future__ import annotations

from enablement.search import service
from enablement.web import page_number


def params_from(args) -> service.SearchParams:
    """Search parameters from a query string; anything odd falls back to a default."""
    filters = {name: [v for v in args.getlist(name) if v][:20] for name in service.FACETS}
    return service.SearchParams(
        q=args.get("q", "")[:2000], filters={k: v for k, v in filters.items() if v},
        sort=args.get("sort", "relevance"), page=page_number(args),
        per_page=page_number(args, "per_page", 10),
    )
