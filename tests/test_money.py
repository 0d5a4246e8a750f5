"""Amounts in the hub's one currency: how they read, and what a person may type."""

from decimal import Decimal

import pytest

from enablement.money import money, strip_currency


@pytest.mark.parametrize(("amount", "code", "shown"), [
    (Decimal("12500.00"), "USD", "$12,500"),
    (Decimal("12500.5"), "USD", "$12,500.50"),
    (Decimal("0"), "USD", "$0"),
    (Decimal("999999999999.99"), "EUR", "€999,999,999,999.99"),
    (Decimal("48000"), "GBP", "£48,000"),
    (Decimal("48000.50"), "JPY", "¥48,000"),  # no cents in yen
    (Decimal("48000"), "CAD", "CA$48,000"),
    (Decimal("48000.25"), "CHF", "CHF\N{NO-BREAK SPACE}48,000.25"),
])
def test_amounts_read_in_the_currency(app, amount, code, shown):
    assert money(amount, code) == shown


def test_the_currency_setting_is_used(app):
    assert money(10) == "$10"  # USD by default
    app.config["CURRENCY"] = "EUR"
    assert money(10) == "€10"


@pytest.mark.parametrize(("typed", "code", "left"), [
    ("$48,000", "USD", "48,000"), ("48000 $", "USD", "48000"), ("USD 48000", "USD", "48000"),
    ("48000usd", "USD", "48000"), ("€ 48000", "EUR", "48000"), ("48000", "EUR", "48000"),
    ("lots", "USD", "lots"),  # not money at all: the caller says so
])
def test_the_hub_s_own_sign_or_code_may_be_typed(app, typed, code, left):
    assert strip_currency(typed, code) == left


@pytest.mark.parametrize(("typed", "code"), [
    ("$48000", "EUR"), ("48000 €", "USD"), ("EUR 48000", "USD"), ("48000gbp", "USD"),
    ("CA$48000", "USD"),
])
def test_another_currency_is_refused_naming_the_hub_s(app, typed, code):
    with pytest.raises(ValueError, match=f"Amounts are in {code}"):
        strip_currency(typed, code)
