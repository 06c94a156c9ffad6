"""Turn dates: the first day of each turn and how it is labelled."""
from __future__ import annotations

import datetime as dt


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def quarter_label(d: dt.date, months: int) -> str:
    if months == 3:
        return f"Q{(d.month - 1) // 3 + 1} {d.year}" if (d.month - 1) % 3 == 0 else d.strftime("%b %Y")
    return d.strftime("%b %Y")
