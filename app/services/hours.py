"""Hours arithmetic for shifts and timesheets, in the agency's time zone.

A stretch of work is a local date, a start and an end time ("HH:MM"); an end at or before the start ends the
next day. Its length is measured between real instants (through UTC), so a night across the spring-forward
change is an hour shorter and one across the fall-back change an hour longer than the clock suggests.
Everything is counted in whole minutes; hours are shown with two decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Paris"
MAX_BREAK = 24 * 60
_TIME = re.compile(r"^\s*(\d{1,2})[:h.]?(\d{2})?\s*$")
CENT = Decimal("0.01")


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def parse_time(value) -> time | None:
    """'8', '08:30', '8h30', '0830' -> time; '' -> None; nonsense -> ValueError."""
    if isinstance(value, time):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError("Use hours and minutes, like 08:30.")
    digits = match.group(1) + (match.group(2) or "")
    if match.group(2) is None and len(digits) > 2:  # 0830
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour == 24 and minute == 0:
        return time(0, 0)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError("Use a time between 00:00 and 23:59.")
    return time(hour, minute)


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


@dataclass(frozen=True)
class Span:
    """A stretch of work as real instants (UTC)."""

    start: datetime
    end: datetime

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def span(day: date, start: time, end: time, tz: ZoneInfo) -> Span:
    """The real instants of `start`..`end` on local `day` (an end at or before the start is the next day)."""
    end_day = day + timedelta(days=1) if end <= start else day
    begin = datetime.combine(day, start, tzinfo=tz).astimezone(timezone.utc)
    finish = datetime.combine(end_day, end, tzinfo=tz).astimezone(timezone.utc)
    return Span(begin, finish)


def worked_minutes(day: date, start: time, end: time, break_minutes: int, tz: ZoneInfo) -> int:
    """Minutes worked: the real length of the stretch less the break (never below zero)."""
    return max(span(day, start, end, tz).minutes - max(break_minutes, 0), 0)


def as_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(minutes: int, rate: Decimal) -> Decimal:
    """Money for `minutes` at an hourly `rate`, to the cent."""
    return (Decimal(minutes) * Decimal(rate) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def hours_label(minutes: int) -> str:
    """'7:30' style total for screens."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_today(tz: ZoneInfo, now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(tz).date()
