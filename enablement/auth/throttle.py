"""Sign-in throttling that stops password guessing without locking out the people it protects.

Three layers, from narrow to coarse:

1. Per account *and* source (a client address; an IPv6 client's /64, which one machine can hop
   across): after LOGIN_FREE_FAILURES failures each further one doubles the wait, from
   LOGIN_BACKOFF_SECONDS up to LOGIN_BACKOFF_MAX_SECONDS. Someone mistyping slows down only
   themselves; someone guessing one password from one place gets a few tries an hour.
2. Per account, every source together: after LOGIN_ACCOUNT_FREE_FAILURES the same backoff slows
   sources the account has never signed in from (a botnet spreading its guesses). A source the
   user has signed in from before is not slowed, so an attack can't lock the user (or the admin)
   out.
3. Per source, any account (Flask-Limiter, `LOGIN_RATE_LIMIT`): a cap on failed sign-ins for
   accounts the source has never signed in to, high enough that a whole office behind one NAT
   address isn't blocked by someone trying invented emails, and not applied to people signing in
   to an account they have used from there before.

Layers 1 and 2 live in the database, so every web process sees them and admins can list and
clear them; locks expire on their own. Refused attempts are not counted (waiting out a lock
doesn't make it longer) and are refused before any password check, for real and invented
emails alike, so a lock tells nothing about who has an account.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from enablement.extensions import db
from enablement.models import KnownSource, LoginThrottle, User
from enablement.models.base import utcnow

ACCOUNT_WIDE = LoginThrottle.ACCOUNT_WIDE


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password; `retry_after` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Policy:
    free_failures: int
    account_free_failures: int
    backoff: timedelta
    backoff_max: timedelta
    forget_after: timedelta
    known_source_days: int
    secret_key: bytes

    @classmethod
    def from_config(cls, config) -> Policy:
        return cls(
            free_failures=config["LOGIN_FREE_FAILURES"],
            account_free_failures=config["LOGIN_ACCOUNT_FREE_FAILURES"],
            backoff=timedelta(seconds=config["LOGIN_BACKOFF_SECONDS"]),
            backoff_max=timedelta(seconds=config["LOGIN_BACKOFF_MAX_SECONDS"]),
            forget_after=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
            known_source_days=config["LOGIN_KNOWN_SOURCE_DAYS"],
            secret_key=str(config["SECRET_KEY"]).encode(),
        )

    def wait_after(self, failures: int, free: int) -> timedelta | None:
        """How long a source must wait after its `failures`-th failure (None: not at all)."""
        if failures < free:
            return None
        doublings = min(failures - free, 30)  # 2**30 backoffs is far past any cap
        return min(self.backoff * 2**doublings, self.backoff_max)


def source_of(address: str | None) -> str:
    """The throttled unit for a client address: the address itself, or its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def request_source() -> str:
    """The current request's source (the client's address once ProxyFix has applied
    TRUSTED_PROXIES)."""
    return source_of(request.remote_addr)


def _source_hash(policy: Policy, source: str) -> str:
    # Keyed, so a leaked table doesn't give away where people work from.
    return hmac.new(policy.secret_key, source.encode(), hashlib.sha256).hexdigest()


def is_known_source(user_id: int | None, source: str, policy: Policy, now: datetime) -> bool:
    """Whether the user signed in from `source` within LOGIN_KNOWN_SOURCE_DAYS.

    Runs its query even without a user, so a sign-in takes as long for an invented email.
    """
    found = db.session.scalar(
        select(KnownSource.id).where(
            KnownSource.user_id == (user_id if user_id is not None else -1),
            KnownSource.source_hash == _source_hash(policy, source),
            KnownSource.last_seen >= now - timedelta(days=policy.known_source_days),
        )
    )
    return found is not None


def account_and_known_source(email: str, source: str, policy: Policy,
                             now: datetime) -> tuple[User | None, bool]:
    """The user `email` names (None if nobody) and whether they signed in from `source` lately.

    The per-source cap's exemption asks before the view runs and authenticate() asks again, so
    the answer is kept for the rest of the request (in `g`): one sign-in, one lookup.
    """
    memo = g.get("_sign_in_lookup")
    if memo is None or memo[0] != (email, source):
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        known = is_known_source(user.id if user else None, source, policy, now)
        memo = g._sign_in_lookup = ((email, source), user, known)
    return memo[1], memo[2]


def remember_source(user: User, source: str, policy: Policy, now: datetime) -> None:
    db.session.execute(_upsert(
        KnownSource, {"user_id": user.id, "source_hash": _source_hash(policy, source),
                      "last_seen": now},
        on=("user_id", "source_hash"), then={"last_seen": now},
    ))
    db.session.execute(delete(KnownSource).where(
        KnownSource.user_id == user.id,
        KnownSource.last_seen < now - timedelta(days=policy.known_source_days),
    ))


def forget_sources(user: User) -> None:
    """After a password reset, no place counts as the user's own until they sign in again
    (whoever had the old password may have signed in from theirs)."""
    db.session.execute(delete(KnownSource).where(KnownSource.user_id == user.id))


def check(email: str, source: str, known: bool, now: datetime) -> None:
    """Raise TooManyAttempts while this email is locked for this source."""
    sources = [source] if known else [source, ACCOUNT_WIDE]
    until = db.session.scalar(
        select(LoginThrottle.locked_until)
        .where(LoginThrottle.email == email, LoginThrottle.source.in_(sources),
               LoginThrottle.locked_until > now)
        .order_by(LoginThrottle.locked_until.desc())
        .limit(1)
    )
    if until is not None:
        raise TooManyAttempts(max(1, int((until - now).total_seconds() + 0.999)))


def record_failure(email: str, source: str, policy: Policy, now: datetime) -> None:
    for row_source, free in ((source, policy.free_failures),
                             (ACCOUNT_WIDE, policy.account_free_failures)):
        # Counted in the database, so failures in parallel requests all count.
        row_id, failures = db.session.execute(_upsert(
            LoginThrottle, {"email": email, "source": row_source, "failures": 1,
                            "last_failure_at": now},
            on=("email", "source"),
            then={"failures": LoginThrottle.failures + 1, "last_failure_at": now},
        ).returning(LoginThrottle.id, LoginThrottle.failures)).one()
        wait = policy.wait_after(failures, free)
        if wait:  # failures only grow, so a row without a wait never had a lock
            db.session.execute(update(LoginThrottle).where(LoginThrottle.id == row_id)
                               .values(locked_until=now + wait))


def record_success(email: str, source: str) -> None:
    """This source proved it knows the password: its own failures are forgiven. The account-wide
    count stays, so a guesser elsewhere stays slowed down."""
    db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.email == email, LoginThrottle.source == source))


def forget_expired(policy: Policy, now: datetime) -> None:
    """Drop failures nobody needs any more: no lock in force and nothing recent."""
    db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at < now - policy.forget_after,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
    ))


def current_locks(now: datetime | None = None, limit: int = 100) -> list[LoginThrottle]:
    """Locks in force, newest failure first, for the admins' users page."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(LoginThrottle).where(LoginThrottle.locked_until > now)
        .order_by(LoginThrottle.last_failure_at.desc()).limit(limit)
    ))


def clear_lock(lock: LoginThrottle) -> None:
    """An admin lifts a lock: the failures behind it are forgotten too."""
    db.session.delete(lock)


def _upsert(model, values: dict, on: tuple[str, ...], then: dict):
    """Insert `values`, or, where a row with the same unique key `on` exists, set `then` on it:
    one statement, so two processes racing to record the first failure both count and neither
    fails for it."""
    dialect = db.session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    return insert(model).values(**values).on_conflict_do_update(index_elements=list(on),
                                                                set_=then)


# ---------------------------------------------------------------- the coarse per-source cap


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def is_known_sign_in() -> bool:
    """Flask-Limiter's exemption: a sign-in to an account already used from this source doesn't
    count towards (or get stopped by) the per-source cap."""
    if request.method != "POST":
        return True
    email = (request.form.get("email") or "").strip().lower()[:254]
    policy = Policy.from_config(current_app.config)
    return account_and_known_source(email, request_source(), policy, utcnow())[1]


def is_failed_sign_in(response) -> bool:
    return response.status_code == 401
