"""Sign-in throttling that stops guessing without locking out the innocent (auth/throttle.py)."""

from __future__ import annotations

import pytest

from enablement.auth import services as auth_services
from enablement.auth import throttle
from enablement.extensions import db
from tests.auth.support import LOCKED_MESSAGE, WRONG_MESSAGE, from_address, text
from tests.conftest import PASSWORD, make_app

GUESS = "guess guess guess"
OFFICE = "198.51.100.7"  # a company's NAT address: everyone there signs in from it
ATTACKER = "203.0.113.66"


def fail(auth, email_or_user, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = auth.login(email_or_user, password=GUESS, **from_address(address))
        assert response.status_code == 401, response.status_code


def signs_in(client, auth, user, address: str = "127.0.0.1") -> bool:
    response = auth.login(user, **from_address(address))
    if response.status_code == 302:
        auth.logout()
        return True
    assert response.status_code == 429 and LOCKED_MESSAGE in text(response)
    return False


# ---------------------------------------------------------------- one account from one source


def test_repeated_failures_lock_the_account_for_that_source_only(app, client, auth,
                                                                  create_user):
    user = create_user("rep")
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"])
    response = auth.login(user)  # the right password, but too late: not even checked
    assert response.status_code == 429
    assert LOCKED_MESSAGE in text(response)
    assert int(response.headers["Retry-After"]) == app.config["LOGIN_BACKOFF_SECONDS"]
    assert client.get("/").status_code == 302
    # Colleagues on the same network are not locked out by one person's typos,
    assert signs_in(client, auth, create_user("rep"))
    # and the same person elsewhere isn't either.
    assert signs_in(client, auth, user, "192.0.2.10")


def test_failures_count_whatever_the_email_case(app, auth, create_user):
    user = create_user("rep", email="mixed@example.com")
    for n in range(app.config["LOGIN_FREE_FAILURES"]):
        fail(auth, "MIXED@example.com" if n % 2 else " mixed@example.com", 1)
    assert auth.login(user).status_code == 429


def test_backoff_doubles_with_each_failure_up_to_the_cap(app, client, auth, create_user, clock):
    user = create_user("rep")
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"])
    first = app.config["LOGIN_BACKOFF_SECONDS"]
    waits = []
    for _ in range(8):
        response = auth.login(user)
        assert response.status_code == 429
        wait = int(response.headers["Retry-After"])
        waits.append(wait)
        clock.advance(wait - 1)
        assert auth.login(user).status_code == 429  # a second early: still locked
        clock.advance(1)
        fail(auth, user, 1)  # the next guess is checked, fails, and doubles the wait
    cap = app.config["LOGIN_BACKOFF_MAX_SECONDS"]
    assert waits == [min(first * 2**n, cap) for n in range(8)]
    assert waits[-1] == cap


def test_refused_attempts_do_not_make_the_lock_longer(app, auth, create_user, clock):
    user = create_user("rep")
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"])
    for _ in range(20):
        assert auth.login(user, password=GUESS).status_code == 429
    clock.advance(app.config["LOGIN_BACKOFF_SECONDS"])
    assert auth.login(user).status_code == 302


def test_locks_expire_and_failures_are_forgotten(app, client, auth, create_user, clock):
    user = create_user("rep")
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    assert not signs_in(client, auth, user, ATTACKER)
    clock.advance(app.config["LOGIN_BACKOFF_SECONDS"])
    assert signs_in(client, auth, user, ATTACKER)  # the lock ended on its own

    fail(auth, user, app.config["LOGIN_FREE_FAILURES"] - 1, "192.0.2.20")
    clock.advance(app.config["LOGIN_FAILURE_WINDOW_MINUTES"] * 60 + 1)
    fail(auth, user, 1, "192.0.2.20")  # an hour later, one more typo is just one
    assert signs_in(client, auth, user, "192.0.2.20")


def test_success_forgives_that_sources_failures(app, client, auth, create_user):
    user = create_user("rep")
    free = app.config["LOGIN_FREE_FAILURES"]
    fail(auth, user, free - 1)
    assert signs_in(client, auth, user)
    fail(auth, user, free - 1)
    assert signs_in(client, auth, user)


# ---------------------------------------------------------------- no one locks out anyone else


def test_invented_emails_from_an_office_address_block_no_one(app, client, auth, create_user):
    """Behind a NAT everyone shares one address: someone trying made-up emails from it (more
    than the old 20-per-address limit) locks none of their colleagues out, not even one who
    has never signed in from there."""
    colleague, newcomer = create_user("rep"), create_user("marketing")
    assert signs_in(client, auth, colleague, OFFICE)
    for n in range(20):
        fail(auth, f"made-up-{n}@example.com", 1, OFFICE)
    assert signs_in(client, auth, colleague, OFFICE)
    assert signs_in(client, auth, create_user("rep"), OFFICE)
    for n in range(20, 40):
        fail(auth, f"made-up-{n}@example.com", 1, OFFICE)
    assert signs_in(client, auth, colleague, OFFICE)
    assert signs_in(client, auth, newcomer, OFFICE)


def test_an_attacker_cannot_lock_the_admin_out(app, client, auth, create_user):
    admin = create_user("admin")
    assert signs_in(client, auth, admin, OFFICE)  # the admin's usual place
    fail(auth, admin, app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    assert not signs_in(client, auth, admin, ATTACKER)  # the attacker is stopped,
    assert signs_in(client, auth, admin, OFFICE)  # the admin is not


def test_guesses_spread_over_many_addresses_slow_only_new_ones(app, client, auth, create_user):
    admin = create_user("admin")
    assert signs_in(client, auth, admin, OFFICE)
    for n in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        fail(auth, admin, 1, f"203.0.113.{n + 1}")  # a botnet: one guess per address
    # Every address the account never signed in from now waits, right password or not ...
    assert not signs_in(client, auth, admin, "192.0.2.99")
    assert auth.login(admin, password=GUESS, **from_address("203.0.113.200")).status_code == 429
    # ... but the admin, from where they sign in, gets in.
    assert signs_in(client, auth, admin, OFFICE)


def test_a_password_reset_forgets_where_the_user_signed_in(app, client, auth, create_user):
    """Whoever had the old password may have signed in from their own address; after a reset
    it mustn't count as the user's while the account is under attack."""
    user = create_user("rep")
    assert signs_in(client, auth, user, ATTACKER)  # the thief, with the stolen password
    auth_services.set_password(db.session.merge(user), "a brand new passphrase")
    db.session.commit()
    for n in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        fail(auth, user, 1, f"192.0.2.{n + 1}")
    response = auth.login(user, password="a brand new passphrase", **from_address(ATTACKER))
    assert response.status_code == 429


def test_a_lock_says_nothing_about_who_has_an_account(app, auth, create_user):
    user = create_user("rep")
    free = app.config["LOGIN_FREE_FAILURES"]
    fail(auth, user, free)
    fail(auth, "nobody@example.com", free)
    real, invented = auth.login(user), auth.login("nobody@example.com")
    assert real.status_code == invented.status_code == 429
    assert real.headers["Retry-After"] == invented.headers["Retry-After"]
    assert text(real).replace(user.email, "X") == text(invented).replace("nobody@example.com", "X")


def test_every_sign_in_checks_one_password_and_a_locked_one_none(app, auth, create_user,
                                                                monkeypatch):
    """The same work for real and invented emails, so timing doesn't tell them apart; and no
    password check at all while locked, so a lock is not a slower way to keep guessing."""
    checks = []
    real_check = auth_services.check_password_hash
    monkeypatch.setattr(auth_services, "check_password_hash",
                        lambda stored, password: checks.append(1) or real_check(stored, password))
    user = create_user("rep")
    for who in (user, "nobody@example.com", "not-an-email"):
        checks.clear()
        assert auth.login(who, password=GUESS).status_code == 401
        assert checks == [1]
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"] - 1)
    checks.clear()
    assert auth.login(user).status_code == 429
    assert checks == []
    assert WRONG_MESSAGE not in text(auth.login(user))


# ---------------------------------------------------------------- sources


@pytest.mark.parametrize(("address", "source"), [
    ("198.51.100.7", "198.51.100.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),  # one machine hops its /64
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("::ffff:198.51.100.7", "198.51.100.7"),
    ("", "unknown"),
    ("not an address", "not an address"),
])
def test_sources(address, source):
    assert throttle.source_of(address) == source


def test_behind_a_trusted_proxy_each_client_is_its_own_source(tmp_path, create_user):
    app = make_app(tmp_path / "proxied", TRUSTED_PROXIES=1)
    with app.app_context():
        db.create_all()
        user = auth_services.create_user("pat@example.com", "Pat", "rep", PASSWORD)
        db.session.commit()
        client = app.test_client()

        def login(password, client_address):
            return client.post("/login", data={"email": user.email, "password": password},
                               headers={"X-Forwarded-For": client_address},
                               **from_address("10.0.0.2"))

        for _ in range(app.config["LOGIN_FREE_FAILURES"]):
            assert login(GUESS, ATTACKER).status_code == 401
        assert login(PASSWORD, ATTACKER).status_code == 429
        assert login(PASSWORD, OFFICE).status_code == 302
        db.session.remove()
        db.engine.dispose()


# ---------------------------------------------------------------- the per-address cap


@pytest.fixture
def capped_app(tmp_path):
    app = make_app(tmp_path / "capped", LOGIN_RATE_LIMIT="10 per hour")
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_per_address_cap_spares_people_who_signed_in_there_before(capped_app):
    """Spraying guesses over many accounts from one address hits a cap (Flask-Limiter); people
    who signed in from that address before are not counted or stopped by it."""
    people = [auth_services.create_user(f"p{n}@example.com", "P", "rep", PASSWORD)
              for n in range(3)]
    db.session.commit()
    client = capped_app.test_client()

    def login(email, password, address=OFFICE):
        return client.post("/login", data={"email": email, "password": password},
                           **from_address(address))

    regular, newcomer, elsewhere = people
    assert login(regular.email, PASSWORD).status_code == 302
    client.post("/logout")
    for n in range(10):
        assert login(f"sprayed-{n}@example.com", GUESS).status_code == 401
    refused = login(newcomer.email, PASSWORD)
    assert refused.status_code == 429 and LOCKED_MESSAGE in text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert login(regular.email, PASSWORD).status_code == 302
    client.post("/logout")
    assert login(elsewhere.email, PASSWORD, "192.0.2.1").status_code == 302  # other addresses
