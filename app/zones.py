"""Days and periods in a place's own time zone (a centre's or a site's, IANA names).

People read times in one stated zone per screen: a centre's pages and the wall in the
centre's, a site's pages in the site's. "Today", hourly charts and report periods are
cut at that zone's midnights; the API still speaks ISO 8601 with offsets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PERIODS = ("day", "week", "month")


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today(name: str | None, now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(zone(name)).date()


def midnight(name: str | None, day: date) -> datetime:
    """The zone's midnight starting `day`, in UTC (a DST day is 23 or 25 hours long)."""
    return datetime.combine(day, time.min, tzinfo=zone(name)).astimezone(timezone.utc)


def day_start(name: str | None, now: datetime | None = None) -> datetime:
    """When today began in the zone, in UTC."""
    return midnight(name, today(name, now))


def period_days(period: str, day: date) -> tuple[date, date]:
    """[first day, day after the last) of the day, ISO week (Monday first) or month holding `day`."""
    if period == "day":
        return day, day + timedelta(days=1)
    if period == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=7)
    first = day.replace(day=1)
    return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_bounds(name: str | None, period: str, day: date) -> tuple[datetime, datetime]:
    first, after = period_days(period, day)
    return midnight(name, first), midnight(name, after)


def local_hour(name: str | None, when: datetime) -> int:
    return when.astimezone(zone(name)).hour
