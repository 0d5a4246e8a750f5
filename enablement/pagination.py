"""One page of a longer list."""

from __future__ import annotations

import math
from dataclasses import dataclass

# No list in the hub has a millionth page; past it a page number only overflows the database's
# OFFSET (2^63 was a 500 on /assets).
MAX_PAGE = 1_000_000


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))
