"""Dates as the text gives them, made ISO against the document's publication date."""
from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def full_date(text: str) -> dt.date | None:
    """The date a text writes in full, with its year ('23 January 2024', 'September 28, 2020'), else None."""
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        m = pattern.search(text)
        if m and m.group(3):
            mon_s, day_s = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            month = MONTHS.get(mon_s.lower().rstrip("."))
            if month:
                try:
                    return dt.date(int(m.group(3)), month, int(day_s))
                except ValueError:
                    return None
    return None


def resolve_date(text: str, published: dt.date | None) -> str | None:
    """ISO date for a date expression, or None when it cannot be pinned down.

    Weekdays and 'yesterday' need the publication date; 'last month' gives a
    month ('2024-11'); explicit dates without a year take the publication year.
    """
    low = text.lower().strip()
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        m = pattern.search(text)
        if m:
            mon_s, day_s = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            month = MONTHS.get(mon_s.lower().rstrip("."))
            if month:
                year = int(m.group(3)) if m.group(3) else (published.year if published else None)
                if year is None:
                    return None
                try:
                    return dt.date(year, month, int(day_s)).isoformat()
                except ValueError:
                    return None
    if published is None:
        return None
    if "yesterday" in low:
        return (published - dt.timedelta(days=1)).isoformat()
    if low in ("today", "on today") or "this morning" in low or "tonight" in low:
        return published.isoformat()
    for i, day in enumerate(WEEKDAYS):
        if day in low:
            delta = (published.weekday() - i) % 7
            if "next" in low:
                return (published + dt.timedelta(days=(i - published.weekday()) % 7 or 7)).isoformat()
            return (published - dt.timedelta(days=delta)).isoformat()
    if "last month" in low:
        first = published.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if "this month" in low:
        return f"{published.year:04d}-{published.month:02d}"
    return None
