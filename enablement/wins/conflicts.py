"""When an integration sends a deal whose external_id is on record with other details: the version
sent is kept (never applied silently), and an admin keeps the record or takes what was sent."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enablement.errors import Conflict, Forbidden
from enablement.extensions import db
from enablement.models import Role, User, Win, utcnow
from enablement.models.wins import WinConflict
from enablement.money import money
from enablement.wins.services import ExternalIdConflict, as_input, update_win


def note_conflict(sender: User, error: ExternalIdConflict) -> WinConflict:
    """Keep the version an integration sent that differs from the win on record, for an admin;
    the same version sent again is counted, not kept twice."""
    pending = db.session.scalars(
        select(WinConflict).where(WinConflict.win_id == error.win.id,
                                  WinConflict.resolved_at.is_(None)))
    for conflict in pending:
        if conflict.payload == error.sent:
            conflict.times += 1
            conflict.received_at = utcnow()
            db.session.flush()
            return conflict
    conflict = WinConflict(win_id=error.win.id, external_id=error.win.external_id,
                           payload=error.sent, sent_by_id=sender.id)
    db.session.add(conflict)
    db.session.flush()
    return conflict


def open_conflicts(limit: int = 50) -> list[WinConflict]:
    """The versions integrations sent that no admin has settled yet, newest first."""
    return list(db.session.scalars(
        select(WinConflict).where(WinConflict.resolved_at.is_(None))
        .order_by(WinConflict.received_at.desc(), WinConflict.id.desc()).limit(limit)
        .options(selectinload(WinConflict.win), selectinload(WinConflict.sent_by))))


def resolve_conflict(actor: User, conflict: WinConflict, *, use_sent: bool) -> Win:
    """An admin settles a conflict: keep the win on record, or replace its details with what the
    integration sent (checked as any correction; the external_id stays)."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only admins settle conflicting deals.")
    if conflict.resolved_at is not None:
        raise Conflict("This conflict was already settled.")
    if use_sent:
        update_win(actor, conflict.win, dict(conflict.payload))
    conflict.resolved_at = utcnow()
    conflict.resolved_by_id = actor.id
    db.session.flush()
    return conflict.win


def recorder(win: Win) -> User | None:
    return db.session.get(User, win.recorded_by_id) if win.recorded_by_id else None


CONFLICT_FIELDS = {"account": "Account", "amount": "Amount", "closed_on": "Closed on",
                   "market": "Market", "rep_email": "Closed by", "lead_source": "Lead",
                   "lead_marketer_email": "Lead marketer", "asset_ids": "Assets",
                   "note": "Note"}


def conflict_differences(conflict: WinConflict) -> list[tuple[str, str, str]]:
    """(field, on record, sent) for each field where the two versions differ."""
    on_record = as_input(_cleaned_from(conflict.win))
    rows = []
    for name, label in CONFLICT_FIELDS.items():
        mine, sent = on_record.get(name), conflict.payload.get(name)
        if name == "asset_ids":
            mine, sent = sorted(mine or []), sorted(sent or [])
        if mine != sent:
            if name == "amount":
                rows.append((label, money(Decimal(mine)), money(Decimal(sent))))
            else:
                rows.append((label, _shown(mine), _shown(sent)))
    return rows


def _cleaned_from(win: Win) -> dict:
    return {"account": win.account, "market": win.market, "amount": win.amount,
            "closed_on": win.closed_on, "assets": list(win.assets), "lead_source": win.lead_source,
            "lead_marketer_id": win.lead_marketer_id, "rep_id": win.rep_id, "note": win.note}


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(f"#{v}" for v in value)
    return str(value)
