"""Hours arithmetic: breaks, nights past midnight, and daylight-saving nights in the agency's time zone."""

from datetime import date, time
from decimal import Decimal

import pytest

from app.services import hours

PARIS = hours.zone("Europe/Paris")


def test_a_day_with_a_break():
    assert hours.worked_minutes(date(2026, 11, 16), time(8), time(16, 30), 30, PARIS) == 8 * 60


def test_a_night_past_midnight_on_an_ordinary_day():
    assert hours.worked_minutes(date(2026, 11, 16), time(22), time(6), 0, PARIS) == 8 * 60


def test_spring_forward_night_is_seven_hours():
    # Paris moves from 02:00 to 03:00 in the night of 27 to 28 March 2027.
    assert hours.worked_minutes(date(2027, 3, 27), time(22), time(6), 0, PARIS) == 7 * 60


def test_fall_back_night_is_nine_hours():
    # Paris moves from 03:00 back to 02:00 in the night of 24 to 25 October 2026.
    assert hours.worked_minutes(date(2026, 10, 24), time(22), time(6), 0, PARIS) == 9 * 60


def test_utc_agency_has_no_daylight_saving():
    assert hours.worked_minutes(date(2027, 3, 27), time(22), time(6), 0, hours.zone("UTC")) == 8 * 60


def test_break_longer_than_the_shift_counts_zero():
    assert hours.worked_minutes(date(2026, 11, 16), time(8), time(9), 90, PARIS) == 0


def test_overlap_of_spans():
    a = hours.span(date(2026, 11, 16), time(8), time(12), PARIS)
    b = hours.span(date(2026, 11, 16), time(11), time(15), PARIS)
    c = hours.span(date(2026, 11, 16), time(12), time(15), PARIS)
    night = hours.span(date(2026, 11, 15), time(22), time(9), PARIS)
    assert a.overlaps(b) and not a.overlaps(c) and night.overlaps(a)


@pytest.mark.parametrize("typed,expected", [("8", time(8)), ("08:30", time(8, 30)), ("8h30", time(8, 30)),
                                            ("0830", time(8, 30)), ("24:00", time(0)), ("", None)])
def test_parse_time(typed, expected):
    assert hours.parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "8:75", "noon"])
def test_parse_time_refuses_nonsense(typed):
    with pytest.raises(ValueError):
        hours.parse_time(typed)


def test_amounts_and_hours():
    assert hours.as_hours(450) == Decimal("7.50")
    assert hours.amount(450, Decimal("12.34")) == Decimal("92.55")
    assert hours.hours_label(450) == "7:30"
    assert hours.week_start(date(2026, 12, 2)) == date(2026, 11, 30)
