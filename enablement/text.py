"""Cleaning what people type: one rule for every form and API field."""

from __future__ import annotations

import re
from typing import Any

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any, label: str, limit: int, single_line: bool) -> str:
    """Text without control characters, trimmed (and on one line if asked); ValueError naming
    `label` when it isn't text or is longer than `limit`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{label} must be text.")
    value = CONTROL_CHARS.sub("", value.replace("\r\n", "\n")).strip()
    if single_line:
        value = " ".join(value.split())
    if len(value) > limit:
        raise ValueError(f"{label} can be at most {limit:,} characters (this is {len(value):,}).")
    return value
