"""Amounts of money as people read them, in the hub's one currency (the CURRENCY setting, an ISO
4217 code, "USD" unless configured).

Babel isn't installed, so a small table gives the signs people know; any other code is written
before the amount ("CHF 12,500"), which is how Babel's English formats read for those too.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask import current_app

DEFAULT_CURRENCY = "USD"
# Sign written right before the amount (English conventions, as Babel's "en" locale writes them).
SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$",
         "NZD": "NZ$", "CNY": "CN¥", "HKD": "HK$", "BRL": "R$", "MXN": "MX$", "KRW": "₩",
         "ILS": "₪"}
WHOLE_UNITS = {"JPY", "KRW"}  # currencies without cents
# Signs a person may type before an amount; any of them but the hub's is a mistake to point out.
OTHER_CODE = re.compile(r"^[A-Za-z]{3}\s*[\d.,]|[\d.,]\s*[A-Za-z]{3}$")  # "EUR 48000", "48000eur"
TYPED_SIGNS = tuple(SIGNS.values())


def currency() -> str:
    """The hub's currency code, e.g. "USD"."""
    code = str(current_app.config.get("CURRENCY") or DEFAULT_CURRENCY).strip().upper()
    return code or DEFAULT_CURRENCY


def money(amount: Decimal | float | int, code: str | None = None) -> str:
    """12500 → "$12,500"; 12500.5 → "$12,500.50"; in CHF: "CHF 12,500"."""
    code = code or currency()
    amount = Decimal(amount)
    whole = code in WHOLE_UNITS or amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    sign = SIGNS.get(code)
    return f"{sign}{number}" if sign else f"{code}\N{NO-BREAK SPACE}{number}"


def strip_currency(text: str, code: str | None = None) -> str:
    """`text` without the hub's currency sign or code around it ("$48,000", "48000 USD");
    ValueError naming the hub's currency when another one is written."""
    code = code or currency()
    text = text.strip()
    own = [SIGNS[code]] if code in SIGNS else []
    for mark in (*own, code, code.lower()):
        if text.startswith(mark):
            return text[len(mark):].strip()
        if text.endswith(mark):
            return text[:-len(mark)].strip()
    if OTHER_CODE.search(text) or any(text.startswith(sign) or text.endswith(sign)
                                      for sign in TYPED_SIGNS):
        raise ValueError(f"Amounts are in {code}: give the number only, e.g. 48000.")
    return text
