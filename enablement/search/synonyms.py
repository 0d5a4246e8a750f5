"""Synonyms marketing maintains: each group's words and phrases widen each other in searches."""

from __future__ import annotations

from enablement.audit.log import record
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.models import Role, Synonym, User
from enablement.search.query import clean_text, stems

MAX_TERMS = 10
MAX_TERM_CHARS = 60


def parse_terms(text: str) -> list[str]:
    terms = []
    for part in (text or "").replace("\n", ",").split(","):
        term = clean_text(part).replace('"', "")
        if term and term.lower() not in {t.lower() for t in terms}:
            terms.append(term)
    return terms


def add_synonyms(actor: User, text: str) -> Synonym:
    """A new group from comma-separated terms, e.g. `ROI, return on investment`."""
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing can change synonyms.")
    terms = parse_terms(text)
    problem = None
    if len(terms) < 2:
        problem = "Give at least two terms separated by commas, e.g. “ROI, return on investment”."
    elif len(terms) > MAX_TERMS:
        problem = f"At most {MAX_TERMS} terms in one group."
    elif any(len(t) > MAX_TERM_CHARS for t in terms):
        problem = f"Each term can be at most {MAX_TERM_CHARS} characters."
    elif any(not stems(t) for t in terms):
        problem = "Each term needs a searchable word (not only words like “the” or “for”)."
    if problem:
        raise ValidationError(problem, {"terms": problem})
    synonym = Synonym(terms=terms, created_by_id=actor.id)
    db.session.add(synonym)
    db.session.flush()
    record("settings.changed", actor, f"synonyms: {', '.join(terms)}", details={"added": True})
    return synonym


def delete_synonyms(actor: User, synonym: Synonym) -> None:
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing can change synonyms.")
    record("settings.changed", actor, f"synonyms: {', '.join(synonym.terms)}",
           details={"removed": True})
    db.session.delete(synonym)
