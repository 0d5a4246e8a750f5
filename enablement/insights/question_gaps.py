"""Questions nobody's content answers: a content gap of its own kind.

A rep's question (a search read as one, or asked with the "Ask" switch) is unanswered when no
passage of published content answered it, and badly answered when the rep voted its answers
down and none up. Grouped by what was asked (the normalised query), most asked first; only
reps' questions count, as with search gaps.
"""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, select

from enablement.extensions import db
from enablement.insights.gaps import LIST_LIMIT, gap_title, guess_kind
from enablement.insights.periods import Period, in_period
from enablement.models import AnswerFeedback, Role, SearchLog, User


def _voted(helpful: bool):
    return exists().where(and_(AnswerFeedback.search_log_id == SearchLog.id,
                               AnswerFeedback.helpful.is_(helpful)))


def unanswered_questions(period: Period, limit: int = LIST_LIMIT) -> list[dict]:
    """Reps' questions in the period that nothing answered or whose answers did not help."""
    unanswered = SearchLog.answer_count == 0
    badly = (SearchLog.answer_count > 0) & _voted(False) & ~_voted(True)
    short = func.sum(case((unanswered | badly, 1), else_=0))
    rows = db.session.execute(
        select(SearchLog.normalized_query, func.max(SearchLog.query), short,
               func.sum(case((unanswered, 1), else_=0)),
               func.count(func.distinct(case((unanswered | badly, SearchLog.user_id)))),
               func.max(case((unanswered | badly, SearchLog.created_at))))
        .join(User, User.id == SearchLog.user_id)
        .where(User.role == Role.REP.value, SearchLog.answer_count.is_not(None),
               in_period(SearchLog.created_at, period))
        .group_by(SearchLog.normalized_query)
        .having(short > 0)
        .order_by(short.desc(), SearchLog.normalized_query)
        .limit(limit)).all()
    return [{"normalized_query": normalized, "example": example, "questions": int(count),
             "unanswered": int(nothing), "badly_answered": int(count) - int(nothing),
             "people": int(people), "last_asked_at": last_at, "title": gap_title(example),
             "kind": guess_kind(example)}
            for normalized, example, count, nothing, people, last_at in rows]
