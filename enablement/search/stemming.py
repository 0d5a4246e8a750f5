"""Words the stemmer must keep apart: a short, reviewed list (Lucene calls this keyword marking).

Porter's stemmer cuts words to a common stem, which is what lets `visits` find "visit". A few of
its merges join words whose meanings differ, and in a hub organised by market some of those cross
markets: `hospitality` (hotels, the Hospitality market) and `hospital` (Healthcare) both become
`hospit`, so a rep looking for hospital stories got hotel emails first, and the news queries in
feeds.yml needed exclusions to keep the two apart.

Each word below is indexed, searched and matched by news tagging as the term on its right instead
of its Porter stem. Every index term is made by the one analysis function
(whoosh_internals.stemmed_words), so the index, the rep's queries, corrections and the market
queries of feeds.yml all see the same words. Changing this list changes index terms: bump
index.SCHEMA_VERSION (setup then rebuilds an outdated index).

Before adding a word, check that the stemmer in use really merges it (`policy` and `police` are
already apart) and that both sides occur in what reps search (the demo content has each pair
below). The word's own forms keep finding each other: `utilities` still finds "utility".
"""

from __future__ import annotations

# word as written (lower case) -> the term indexed for it
STEM_OVERRIDES: dict[str, str] = {
    # hospitality / hospitable ≠ hospital, hospitals (all `hospit`): the Hospitality market is
    # not Healthcare.
    "hospitality": "hospitality",
    "hospitable": "hospitality",
    # utility, utilities (the Utilities & Energy market) ≠ utilization, utilize (`util`):
    # "equipment utilization" is a construction story, not a utility's.
    "utility": "utility",
    "utilities": "utility",
    # general ("general contractor", construction) ≠ generator, generation, generate, generic
    # (`gener`): generators are the energy market's.
    "general": "general",
    # news (the hub's news items, "in the news") ≠ new (`new`), which is in every other story.
    "news": "news",
    # important, importance ≠ import, imports (`import`): importers are a logistics story.
    "important": "important",
    "importance": "important",
}
