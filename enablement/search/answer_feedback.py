"""A rep's "helpful / not helpful" on an answer: one vote per answer of their own question,
the latest vote kept. Questions whose answers were all voted down count as unanswered in the
content gaps (insights/question_gaps.py)."""

from __future__ import annotations

import re

from sqlalchemy import select

from enablement.errors import NotFound, ValidationError
from enablement.extensions import db
from enablement.models import AnswerFeedback, SearchLog, User
from enablement.models.base import as_id

PASSAGE_KEY = re.compile(r"[a-z_]{1,20}:\d{1,10}/\d{1,5}")


def rate(user: User, log_id, passage: str, helpful) -> AnswerFeedback:
    """Record `user`'s vote on the answer `passage` to the question they asked (log `log_id`)."""
    if helpful not in ("1", "0", True, False):
        raise ValidationError("Helpful or not?", {"helpful": "Choose helpful or not helpful."})
    if not isinstance(passage, str) or not PASSAGE_KEY.fullmatch(passage):
        raise ValidationError("Which answer?", {"passage": "Choose one of the answers shown."})
    entry = db.session.get(SearchLog, as_id(log_id)) if as_id(log_id) is not None else None
    if entry is None or entry.user_id != user.id:
        raise NotFound("That question isn't one of yours.")
    vote = db.session.scalar(select(AnswerFeedback).where(
        AnswerFeedback.search_log_id == entry.id, AnswerFeedback.passage == passage))
    if vote is None:
        vote = AnswerFeedback(search_log_id=entry.id, user_id=user.id, passage=passage)
        db.session.add(vote)
    vote.helpful = helpful in ("1", True)
    db.session.flush()
    return vote
