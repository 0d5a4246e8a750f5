"""A small library written straight into a Whoosh index, for tests below the search service."""

from whoosh import index as whoosh_index

from enablement.search import index as search_index

TEXTS = {
    1: ("Total cost of ownership for field crews", "The cost of ownership drops.",
        "Crews track the total cost of ownership every quarter."),
    2: ("Ownership cost, explained", "Why cost and ownership differ.",
        "Every crew owns its ownership cost."),
    3: ("Cold storage audits", "Cold chain storage without gaps.",
        "Reefer readings for cold storage. Storage cold rooms are checked."),
    4: ("Crew scheduling", "Scheduling crews across sites.",
        "Crews schedule site visits; site crews visit sites daily."),
    5: ("Field notes", "Crews in the field.", "A cost ownership report for crews."),
}

COMMON = frozenset({"cost", "ownership", "crew", "cold", "storag", "site", "total", "track",
                    "schedul", "visit"})
VOCABULARIES = {
    "checked word by word": search_index.Vocabulary(),
    "common pairs": search_index.Vocabulary(COMMON),
    "common pairs and runs": search_index.Vocabulary(
        COMMON, frozenset({("total", "cost", "ownership"), ("track", "total", "cost"),
                           ("crew", "visit", "site"), ("site", "crew", "schedul"),
                           ("track", "total", "cost", "ownership"),
                           ("crew", "schedul", "site", "visit")})),
}


def document(number, title, summary, body):
    return {"doc_key": f"asset:{number}", "type": "asset", "id": number, "kind": "case_study",
            "status": "published", "title": title, "summary": summary, "body": body}


def small_index(path, vocabulary):
    """TEXTS indexed as the hub indexes them, in one segment."""
    ix = whoosh_index.create_in(str(path), search_index.build_schema())
    with search_index.writer(ix) as writer:
        for number, texts in TEXTS.items():
            writer.add_document(**search_index.index_fields(document(number, *texts),
                                                            vocabulary))
    return ix
