"""Recording won deals and correcting them: the checks every win passes, who may claim a CRM deal
id, and who may correct what. Reading the board is board.py; the form's asset list, picker.py;
an integration's differing resend, conflicts.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from enablement.assets.visibility import can_open
from enablement.errors import Conflict, Forbidden, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, AssetStatus, LeadSource, Role, User, Win
from enablement.models.base import as_id
from enablement.money import strip_currency
from enablement.shares.deals import assets_buyers_read
from enablement.text import clean_text

ACCOUNT_MAX = 200
NOTE_MAX = 2000
EXTERNAL_ID_MAX = 100
ASSETS_MAX = 20
AMOUNT_MAX = Decimal("999999999999.99")  # Numeric(14, 2)
LEAD_SOURCES = tuple(s.value for s in LeadSource)
LEAD_SOURCE_LABELS = {"marketing": "Marketing", "sales": "Sales (self-sourced)",
                      "partner": "Partner", "other": "Other"}


# ---------------------------------------------------------------- recording


EXTERNAL_ID_RESERVED = ("Only an integration sets external_id: an API token of marketing or an "
                        "admin (e.g. the CRM's closed-won webhook). Leave it out.")


class ExternalIdConflict(Conflict):
    """An integration sent a deal whose external_id is on record with other details."""

    def __init__(self, win: Win, sent: dict):
        super().__init__(
            f"Deal {win.external_id} is already recorded as win {win.id} with other details; "
            "nothing was changed, and an admin sees both versions on the wins page.",
            {"external_id": f"Already recorded as win {win.id} with other details."})
        self.win = win
        self.sent = sent


def existing_win(external_id) -> Win | None:
    """The win a CRM already sent with this deal id, if any."""
    if not isinstance(external_id, str) or not external_id.strip():
        return None
    return db.session.scalar(select(Win).where(Win.external_id == external_id.strip()))


def _check_external_id(actor: User, data: dict, integration: bool, *,
                       changing: bool = False) -> None:
    """external_id names a CRM deal: only an integration may claim one, or a rep could take the
    id first and the real deal would never be stored. `changing`: on a correction even clearing
    it is the integration's call."""
    if ("external_id" not in data) if changing else (data.get("external_id") in (None, "")):
        return
    if not (integration and actor.has_role(Role.MARKETING)):
        raise Forbidden("Only an integration sets external_id.",
                        {"external_id": EXTERNAL_ID_RESERVED})


def record_win(actor: User, data: dict, *, integration: bool = False) -> tuple[Win, bool]:
    """Record a won deal. Returns the win and whether it is new.

    `data` holds account, market, amount, closed_on, asset_ids, lead_source, note, external_id,
    and who: `rep` / `lead_marketer` (users) or `rep_email` / `lead_marketer_email`.
    `integration`: the caller is an API token (not a browser); with marketing's or an admin's
    token it may name the CRM's `external_id`. The same deal sent again returns the win on
    record; other details under a known external_id raise ExternalIdConflict.
    """
    _check_external_id(actor, data, integration)
    cleaned = clean_win(actor, data)
    cleaned["assets"] = _with_what_buyers_read(cleaned)
    found = existing_win(cleaned["external_id"])
    if found is not None:
        if _same_deal(found, cleaned, closed_on_given=data.get("closed_on") not in (None, "")):
            return found, False
        raise ExternalIdConflict(found, as_input(cleaned))
    win = Win(recorded_by_id=actor.id, **{k: v for k, v in cleaned.items() if k != "assets"})
    win.assets = cleaned["assets"]
    db.session.add(win)
    db.session.flush()
    return win, True


def _with_what_buyers_read(cleaned: dict) -> list[Asset]:
    """The assets the rep names, then those the buyer read in the rep's shares with the account
    (issue 12: a win credits what the buyer actually read), up to ASSETS_MAX in all."""
    named = list(cleaned["assets"])
    ids = {a.id for a in named}
    read = [a for a in assets_buyers_read(cleaned["rep_id"], cleaned["account"])
            if a.id not in ids]
    return (named + read)[:max(ASSETS_MAX, len(named))]


def may_edit(user: User, win: Win) -> bool:
    """Who recorded a win may correct it, and admins."""
    return user.has_role(Role.ADMIN) or (win.recorded_by_id is not None
                                         and win.recorded_by_id == user.id)


def update_win(actor: User, win: Win, data: dict, *, partial: bool = False,
               integration: bool = False) -> Win:
    """Correct a win with the same rules as recording it; `partial`: only the fields given.

    Credited assets the editor can't open stay credited: they can't see them to judge them.
    Assets already credited may stay when they are no longer published; new ones must be.
    """
    if not may_edit(actor, win):
        raise Forbidden("Only who recorded the win, or an admin, can change it.")
    _check_external_id(actor, data, integration, changing=True)
    if partial:
        data = {**_current_input(win), **data}
    elif "rep" not in data and "rep_email" not in data:
        data = {**data, "rep": win.rep_id}  # a rep's form has no such field: who closed stays
    cleaned = clean_win(actor, data, current=win)
    other = existing_win(cleaned["external_id"]) if "external_id" in data else None
    if other is not None and other.id != win.id:
        raise Conflict("Another win has that external_id.",
                       {"external_id": f"Already the external_id of win {other.id}."})
    hidden = [a for a in win.assets if not can_open(actor, a)]
    assets = hidden + [a for a in cleaned["assets"] if a not in hidden]
    if len(assets) > ASSETS_MAX:
        raise ValidationError("The win needs a little more.",
                              {"asset_ids": f"At most {ASSETS_MAX} assets."})
    if "external_id" not in data:
        cleaned.pop("external_id")
    for name, value in cleaned.items():
        if name != "assets":
            setattr(win, name, value)
    win.assets = assets
    db.session.flush()
    return win


def _current_input(win: Win) -> dict:
    """The win as input to clean_win, for a partial update."""
    return {"account": win.account, "market": win.market, "amount": str(win.amount),
            "closed_on": win.closed_on, "asset_ids": [a.id for a in win.assets],
            "lead_source": win.lead_source, "lead_marketer": win.lead_marketer_id,
            "rep": win.rep_id, "note": win.note}


def _same_deal(win: Win, cleaned: dict, closed_on_given: bool) -> bool:
    """Whether a deal sent again is the one on record (a webhook retried), field by field."""
    fields = ["account", "market", "amount", "note", "rep_id", "lead_source",
              "lead_marketer_id"] + (["closed_on"] if closed_on_given else [])
    return all(getattr(win, name) == cleaned[name] for name in fields) and \
        {a.id for a in win.assets} == {a.id for a in cleaned["assets"]}


def as_input(cleaned: dict) -> dict:
    """A cleaned win as the JSON input that records it again (people by email)."""
    rep = db.session.get(User, cleaned["rep_id"]) if cleaned["rep_id"] else None
    marketer = (db.session.get(User, cleaned["lead_marketer_id"])
                if cleaned["lead_marketer_id"] else None)
    return {"account": cleaned["account"], "market": cleaned["market"],
            "amount": str(cleaned["amount"]), "closed_on": cleaned["closed_on"].isoformat(),
            "asset_ids": [a.id for a in cleaned["assets"]],
            "lead_source": cleaned["lead_source"],
            "lead_marketer_email": marketer.email if marketer else None,
            "rep_email": rep.email if rep else None, "note": cleaned["note"]}


def clean_win(actor: User, data: dict, current: Win | None = None) -> dict[str, Any]:
    """Check a win's input field by field; `current`: the win being corrected, whose people and
    credited assets may stay even if they left or were unpublished since."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}

    def check(name, function, *args):
        try:
            return function(*args)
        except ValueError as error:
            errors[name] = str(error)
            return None

    cleaned["account"] = check("account", clean_text, data.get("account"), "The account",
                               ACCOUNT_MAX, True)
    if "account" not in errors and not cleaned["account"]:
        errors["account"] = "Name the account you won."
    cleaned["market"] = check("market", _market, data.get("market"))
    cleaned["amount"] = check("amount", _amount, data.get("amount"))
    cleaned["closed_on"] = check("closed_on", _closed_on, data.get("closed_on"))
    cleaned["note"] = check("note", clean_text, data.get("note"), "The note", NOTE_MAX, False)
    cleaned["external_id"] = check("external_id", clean_text, data.get("external_id"),
                                   "The external id", EXTERNAL_ID_MAX, True) or None
    credited = [a.id for a in current.assets] if current is not None else []
    cleaned["assets"] = check("asset_ids", _assets, data.get("asset_ids"), credited)
    rep = check("rep_email", _rep, actor, data, current.rep if current is not None else None)
    cleaned["rep_id"] = rep.id if rep else None
    source, marketer = (check("lead_source", _lead, data,
                              current.lead_marketer if current is not None else None)
                        or (None, None))
    cleaned["lead_source"] = source
    cleaned["lead_marketer_id"] = marketer.id if marketer else None
    if errors:
        raise ValidationError("The win needs a little more.", errors)
    return cleaned


def _market(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in markets():
        raise ValueError(f"Unknown market. Markets are: {', '.join(markets())}.")
    return value


def _amount(value) -> Decimal:
    if value is None or value == "":
        raise ValueError("Give the deal's amount, e.g. 48000.")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("The amount is a number, e.g. 48000 or 48000.50.")
    text = strip_currency(str(value)).replace(",", "").replace("_", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("The amount is a number, e.g. 48000 or 48000.50.") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("The amount is a positive number.")
    if amount > AMOUNT_MAX:
        raise ValueError("That amount is too large.")
    return amount.quantize(Decimal("0.01"))


def _closed_on(value) -> date:
    if value in (None, ""):
        return date.today()
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value).strip()[:10]) if isinstance(value, str) \
                else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValueError("Use a date like 2026-03-31.")
    if parsed > date.today() + timedelta(days=1):  # a day of slack for time zones
        raise ValueError("A deal is won when it closes: that date is in the future.")
    if parsed.year < 2000:
        raise ValueError("That date is too long ago.")
    return parsed


def _assets(value, credited: list[int] = ()) -> list[Asset]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError("A list of asset ids, e.g. [12, 40].")
    ids: list[int] = []
    for item in value:
        item = as_id(item)
        if item is None:
            raise ValueError("A list of asset ids, e.g. [12, 40].")
        if item not in ids:
            ids.append(item)
    if len(ids) > ASSETS_MAX:
        raise ValueError(f"At most {ASSETS_MAX} assets.")
    found = {a.id: a for a in db.session.scalars(select(Asset).where(Asset.id.in_(ids)))}
    bad = [i for i in ids if i not in found
           or (found[i].status != AssetStatus.PUBLISHED and i not in credited)]
    if bad:
        raise ValueError("Only published assets can be credited: "
                         f"{', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not.")
    return [found[i] for i in ids]


def _user_by(value, by_email: bool) -> User | None:
    if by_email:
        if not isinstance(value, str):
            return None
        return db.session.scalar(
            select(User).where(func.lower(User.email) == value.strip().lower())
        )
    if isinstance(value, User):
        return value
    user_id = as_id(value)
    return db.session.get(User, user_id) if user_id is not None else None


def _rep(actor: User, data: dict, current: User | None = None) -> User:
    """Who closed the deal: the actor, unless marketing records it for someone else.
    `current`: who the win being corrected names, who may stay even after leaving."""
    if data.get("rep_email") not in (None, ""):
        rep = _user_by(data["rep_email"], by_email=True)
    elif data.get("rep") not in (None, ""):
        rep = _user_by(data["rep"], by_email=False)
    else:
        return actor
    if rep is not None and current is not None and rep.id == current.id:
        return rep
    if rep is None or not rep.active:
        raise ValueError("No one in the hub has that email.")
    if rep.id != actor.id and not actor.has_role(Role.MARKETING):
        raise ValueError("Record your own wins; marketing can record them for others.")
    return rep


def _lead(data: dict, current: User | None = None) -> tuple[str, User | None]:
    """Who sourced the lead, and the marketer who generated it when marketing did."""
    by_email = data.get("lead_marketer_email") not in (None, "")
    named = by_email or data.get("lead_marketer") not in (None, "")
    source = data.get("lead_source") or None
    if source is None:
        source = LeadSource.MARKETING.value if named else LeadSource.SALES.value
    if source not in LEAD_SOURCES:
        raise ValueError(f"Use one of: {', '.join(LEAD_SOURCES)}.")
    if not named:
        return source, None
    marketer = _user_by(data["lead_marketer_email" if by_email else "lead_marketer"], by_email)
    kept = marketer is not None and current is not None and marketer.id == current.id
    if not kept and (marketer is None or not marketer.active
                     or not marketer.has_role(Role.MARKETING)):
        raise ValueError("The lead's marketer must be someone in marketing.")
    if source != LeadSource.MARKETING:
        raise ValueError("Only a lead marketing sourced names a marketer.")
    return source, marketer



def marketers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.MARKETING.value, Role.ADMIN.value]),
                           User.active.is_(True)).order_by(func.lower(User.name))
    ))


def active_users() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.active.is_(True)).order_by(func.lower(User.name))
    ))
