"""Norwegian bank days: the first day on or after a date on which a payment can be executed.

Not a bank day: Saturdays, Sundays, the Norwegian public holidays (the `holidays`
library's calendar for Norway: New Year's Day, Maundy Thursday, Good Friday, Easter
Monday, 1 May, 17 May, Ascension Day, Whit Monday, Christmas Day, Boxing Day), and the two
days the banks close although they are no public holidays:

- Christmas Eve: Norges Bank's settlement system (NBO) is closed on 24 December (Norges
  Bank, "Oppgjørsdager" / "Settlement days", the yearly list of days NBO is closed).
- New Year's Eve: Norwegian banks execute no domestic payments on 31 December; their
  year-end notices name 30 December or the last weekday before it as "siste bankdag".
  NBO's own list does not name the day, so this is the banks' practice, kept here on
  the safe side: a payment requested for the next bank day is never refused for it.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

BANK_CLOSING_DAYS = ((12, 24), (12, 31))  # (month, day): Christmas Eve, New Year's Eve


@lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[date]:
    public = holidays.Norway(years=year, include_sundays=False)
    banks = {date(year, month, day) for month, day in BANK_CLOSING_DAYS}
    return frozenset(public) | banks


def is_bank_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed_days(day.year)


def next_bank_day(day: date) -> date:
    """`day` itself when it is a bank day, else the first bank day after it."""
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day
