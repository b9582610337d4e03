"""The requested execution date is a Norwegian bank day."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.payments.bankdays import is_bank_day, next_bank_day


def test_saturday_17_may_2025_moves_to_monday():
    assert next_bank_day(date(2025, 5, 17)) == date(2025, 5, 19)


@pytest.mark.parametrize(
    ("day", "bank_day"),
    [
        (date(2025, 5, 19), date(2025, 5, 19)),  # an ordinary Monday stays
        (date(2025, 4, 17), date(2025, 4, 22)),  # Maundy Thursday to Tuesday after Easter
        (date(2025, 4, 18), date(2025, 4, 22)),  # Good Friday
        (date(2025, 4, 21), date(2025, 4, 22)),  # Easter Monday
        (date(2025, 5, 1), date(2025, 5, 2)),  # Labour Day
        (date(2025, 5, 29), date(2025, 5, 30)),  # Ascension Day
        (date(2025, 6, 9), date(2025, 6, 10)),  # Whit Monday
        (date(2025, 12, 24), date(2025, 12, 29)),  # Christmas Eve, Christmas, weekend
        (date(2025, 12, 31), date(2026, 1, 2)),  # New Year's Eve and New Year's Day
        (date(2026, 5, 17), date(2026, 5, 18)),  # 17 May on a Sunday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Day 2026
        (date(2026, 5, 25), date(2026, 5, 26)),  # Whit Monday 2026
        (date(2026, 12, 24), date(2026, 12, 28)),  # Thursday: Christmas Eve to Monday
        (date(2026, 12, 31), date(2027, 1, 4)),  # Thursday: over New Year to Monday
        (date(2027, 3, 25), date(2027, 3, 30)),  # Easter 2027
    ],
)
def test_holidays_and_bank_closing_days_move_to_the_next_bank_day(day, bank_day):
    assert next_bank_day(day) == bank_day


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(days)
def test_the_next_bank_day_is_a_bank_day_and_none_is_skipped(day):
    found = next_bank_day(day)
    assert found >= day
    assert is_bank_day(found)
    assert found.weekday() < 5
    assert (found.month, found.day) not in {(1, 1), (5, 1), (5, 17), (12, 24), (12, 25), (12, 31)}
    skipped = [day + timedelta(days=n) for n in range((found - day).days)]
    assert not any(is_bank_day(d) for d in skipped)
    assert (found - day).days <= 5  # the longest closure is Easter: Thursday to Monday


@given(days)
def test_asking_again_gives_the_same_day(day):
    assert next_bank_day(next_bank_day(day)) == next_bank_day(day)
